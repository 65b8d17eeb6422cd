import type { ShardRecord } from '../report/model.js';
import type { Bilingual } from '../util/i18n.js';
import { addDigests } from '../util/set-digest.js';

/** One report given to `tmcheck merge`, as the user named it, and the shard it records (if any). */
export interface ShardOf {
  file: string;
  shard: ShardRecord | undefined;
}

/** The most missing shards a message names; the rest are counted. */
const NAMED_MISSING = 10;

/**
 * Why these reports are not a whole that may be merged, or undefined when they are. A merged report
 * that looks complete while a shard's files were never checked would be a false pass, so every
 * report must record its shard (a report without one, from before shards were recorded or from a run
 * without --shard, cannot be told complete: refused), all must share the run settings, the
 * reports of each split (one `inputsKey`) must be shards 1…n of one n, each exactly once, and monthly
 * reports must have been joined to every dossier of the merge (unjoinedReports).
 */
export function incompleteShards(reports: readonly ShardOf[]): Bilingual | undefined {
  const unrecorded = reports.find((r) => r.shard === undefined);
  if (unrecorded) {
    return {
      zh: `${unrecorded.file} 没有记录分片（它不是用 --shard k/n 写的，或由尚不记录分片的旧版 tmcheck 写的）：无法判断是否缺少分片，因此不合并。请用 --shard k/n 检查每一部分（整体检查的部分用 --shard 1/1），再合并这些报告`,
      en: `${unrecorded.file} records no shard (it was written without --shard k/n, or by an older tmcheck that did not record shards): merge cannot tell whether a shard is missing, so it refuses. Check each part with --shard k/n (a part checked whole with --shard 1/1) and merge those reports`,
    };
  }
  const recorded = reports as ReadonlyArray<{ file: string; shard: ShardRecord }>;
  const first = recorded[0]!;
  const otherSettings = recorded.find((r) => r.shard.settingsKey !== first.shard.settingsKey);
  if (otherSettings) {
    return {
      zh: `${otherSettings.file} 与 ${first.file} 不是用相同的设置检查的（tmcheck 版本或构建、规则、profile、--as-of、读取限制、豁免或基线不同），不能合并`,
      en: `${otherSettings.file} and ${first.file} were not checked with the same settings (tmcheck version or build, rules, profile, --as-of, limits, waivers or baseline differ): they cannot be merged`,
    };
  }
  const splits = new Map<string, Array<{ file: string; shard: ShardRecord }>>();
  for (const report of recorded) {
    const split = splits.get(report.shard.inputsKey);
    if (split) split.push(report);
    else splits.set(report.shard.inputsKey, [report]);
  }
  for (const split of splits.values()) {
    const problem = incompleteSplit(split);
    if (problem) return problem;
  }
  return unjoinedReports(recorded);
}

/**
 * R10-1/R10-3 and R10-P5-2/license-in-force-in-month join each monthly report to its vendor's dossiers in the same run. A part that judged
 * reports without the dossiers other parts check (the monthly job of the scale-out recipe without
 * `--history dossiers/`) judged none of them, and the merge would pass what one run over everything
 * fails. So the dossiers a part's reports were joined to (its inputs' and --history's) must be the
 * dossiers every part checked: the sum of their digests (src/util/set-digest.ts), by content (names
 * depend on each job's working folder: MonthlyBatch.dossierDigests).
 */
function unjoinedReports(reports: ReadonlyArray<{ file: string; shard: ShardRecord }>): Bilingual | undefined {
  const checked = addDigests(reports.map((r) => r.shard.dossiersKey ?? addDigests([])));
  const unjoined = reports.find((r) => r.shard.joinedDossiersKey !== undefined && r.shard.joinedDossiersKey !== checked);
  if (!unjoined) return undefined;
  return {
    zh: `${unjoined.file} 中的月报在检查时没有与这些报告所检查的全部资质档案一起对照（R10-1/R10-3：月报的合作开始日和营销日不得早于其资质档案中的协议签订日；R10-P5-2：其证照在该月须有效）：合并后的报告可能放过一次整体检查会发现的问题，因此不合并。请在检查月报的那一部分用 --history 指定所有资质档案（例如 --history dossiers/），并使用同一份资质档案，再合并（资质档案按内容比对，与路径写法无关：内容改过或来自另一份检出的档案算作不同的档案）`,
    en: `the monthly reports in ${unjoined.file} were not checked against the same dossiers as these reports check (R10-1/R10-3 compare a report's start and calling days with its vendor's agreement date in the dossier, R10-P5-2 its month with the dossier's licences): the merged report could pass what one run over everything fails, so merge refuses. Check the part with the monthly reports with --history naming every dossier (e.g. --history dossiers/), from the same checkout, then merge (dossiers are compared by content, however their paths were written: one edited or from another checkout is another dossier)`,
  };
}

const name = (shard: ShardRecord) => `${shard.index}/${shard.count}`;

/** The shards of one split (the same inputs): one n, each k once, none missing. */
function incompleteSplit(split: ReadonlyArray<{ file: string; shard: ShardRecord }>): Bilingual | undefined {
  const first = split[0]!;
  const otherCount = split.find((r) => r.shard.count !== first.shard.count);
  if (otherCount) {
    return {
      zh: `${otherCount.file} 是分片 ${name(otherCount.shard)}，而 ${first.file} 是同一输入的分片 ${name(first.shard)}：同一次拆分的各分片必须有相同的 n`,
      en: `${otherCount.file} is shard ${name(otherCount.shard)} but ${first.file} is shard ${name(first.shard)} of the same inputs: the shards of one split have one n`,
    };
  }
  const byIndex = new Map<number, string>();
  for (const { file, shard } of split) {
    const earlier = byIndex.get(shard.index);
    if (earlier !== undefined) {
      return {
        zh: `${earlier} 和 ${file} 都是分片 ${name(shard)}：每个分片只能给一次`,
        en: `${earlier} and ${file} are both shard ${name(shard)}: give each shard once`,
      };
    }
    byIndex.set(shard.index, file);
  }
  const n = first.shard.count;
  if (byIndex.size === n) return undefined;
  const missing: string[] = [];
  for (let k = 1; k <= n && missing.length < NAMED_MISSING; k++) if (!byIndex.has(k)) missing.push(`${k}/${n}`);
  const more = n - byIndex.size - missing.length;
  const files = split.map((r) => r.file).join(', ');
  return {
    zh: `缺少分片 ${missing.join('、')}${more > 0 ? ` 等（另有 ${more} 个）` : ''}（与 ${files} 属同一次拆分）：请列出每个分片的报告，否则合并后的报告会漏掉这些分片的文件`,
    en: `${missing.length + more === 1 ? 'shard' : 'shards'} ${missing.join(', ')}${more > 0 ? ` and ${more} more` : ''} ${missing.length + more === 1 ? 'is' : 'are'} missing (of the split of ${files}): name every shard's report, or the merged report would leave its files out`,
  };
}
