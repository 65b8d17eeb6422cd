import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import multitool from '@microsoft/sarif-multitool';
import { projectRoot } from './fixtures.js';

/** What Microsoft's SARIF multitool (SARIF rules and GitHub ingestion rules) says about each log. */
export function multitoolFindings(logs: Array<{ name: string; log: unknown }>): Array<{ file: string; ruleId: string; level: string; text: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-multitool-'));
  const files = logs.map(({ name, log }, i) => {
    const file = path.join(dir, `${i}-${name.replace(/[^A-Za-z0-9.-]+/g, '_')}.sarif`);
    writeFileSync(file, JSON.stringify(log));
    return file;
  });
  const out = path.join(dir, 'validation.sarif');
  // Called directly, not through a shell: the `;` in the rule kinds would end a shell command.
  execFileSync(multitool, ['validate', '--rule-kind', 'Sarif;Ghas', '--config', path.join(projectRoot, 'test', 'schemas', 'sarif-github-rules.xml'), '--output', out, ...files], { stdio: ['ignore', 'ignore', 'pipe'] });
  const validation = JSON.parse(readFileSync(out, 'utf8')) as {
    runs: Array<{ results?: Array<{ ruleId: string; level?: string; message: { text?: string; arguments?: string[] }; locations?: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }>;
  };
  return (validation.runs[0]!.results ?? []).map((r) => ({
    file: path.basename(decodeURIComponent(r.locations?.[0]?.physicalLocation.artifactLocation.uri ?? '')),
    ruleId: r.ruleId,
    level: r.level ?? 'warning',
    text: r.message.text ?? (r.message.arguments ?? []).join(' '),
  }));
}
