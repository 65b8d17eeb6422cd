import { linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputOverInput } from '../src/cli/output-targets.js';
import { discoverInputs } from '../src/read/discover.js';
import { runInProcess } from './support/run-in-process.js';
import { projectRoot } from './support/fixtures.js';
import { tempDirMaker } from './support/temp-dirs.js';

// outputOverInput passes over the inputs that a folder listing shows are other files (no stat each):
// every way an input can still be the report's file is caught. End-to-end refusals: outputs.test.ts.
const makeDir = tempDirMaker('tmcheck-over-input-');

/** A working folder with a folder of inputs (as a walk names them: relative, `/`) and an existing report outside it. */
function workspace(): { dir: string; report: string; inputs: string[] } {
  const dir = makeDir();
  mkdirSync(path.join(dir, 'in', 'sub'), { recursive: true });
  const inputs = ['in/a.yaml', 'in/b.yaml', 'in/sub/c.yaml'];
  for (const input of inputs) writeFileSync(path.join(dir, input), 'kind: VendorDossier\n');
  const report = path.join(dir, 'report.json');
  writeFileSync(report, '{}\n');
  return { dir, report, inputs };
}

describe('an output among the inputs', () => {
  it('is not found where every input is another file', () => {
    const { dir, report, inputs } = workspace();
    expect(outputOverInput([{ file: report }, {}], inputs, dir)).toBeUndefined();
    // Under its own name in another folder: another file too.
    writeFileSync(path.join(dir, 'in', 'report.json'), '{}\n');
    expect(outputOverInput([{ file: report }], [...inputs, 'in/report.json'], dir)).toBeUndefined();
  });

  it('is found through a symbolic link in an input folder, whatever its name', () => {
    const { dir, report, inputs } = workspace();
    symlinkSync(report, path.join(dir, 'in', 'sub', 'linked.yaml'));
    expect(outputOverInput([{ file: report }], [...inputs, 'in/sub/linked.yaml'], dir)).toBe(report);
  });

  it('is found as a hard link of the report in an input folder, whatever its name', () => {
    const { dir, report, inputs } = workspace();
    linkSync(report, path.join(dir, 'in', 'hard.yaml'));
    expect(outputOverInput([{ file: report }], [...inputs, 'in/hard.yaml'], dir)).toBe(report);
  });

  it('is found under its own name through a linked folder, named relative or absolute, and through `..`', () => {
    const { dir, report, inputs } = workspace();
    symlinkSync(dir, path.join(dir, 'in', 'up'));
    expect(outputOverInput([{ file: report }], [...inputs, 'in/up/report.json'], dir)).toBe(report);
    expect(outputOverInput([{ file: report }], [...inputs, path.join(dir, 'in', 'up', 'report.json')], dir)).toBe(report);
    // A folder named with `..` is the one the input is read from (path.resolve's, as the walk's).
    expect(outputOverInput([{ file: report }], [...inputs, 'in/sub/../up/report.json'], dir)).toBe(report);
    expect(outputOverInput([{ file: report }], [...inputs, 'in/sub/..//up/./report.json'], dir)).toBe(report);
  });

  it('is found when the report is itself a link to an input, or one of them by name', () => {
    const { dir, inputs } = workspace();
    const alias = path.join(dir, 'alias.json');
    symlinkSync(path.join(dir, 'in', 'b.yaml'), alias);
    expect(outputOverInput([{ file: alias }], inputs, dir)).toBe(alias);
    const named = path.join(dir, 'in', 'sub', 'c.yaml');
    expect(outputOverInput([{ file: named }], inputs, dir)).toBe(named);
  });
});

describe("the walk's own listing (Discovery.listed), not a second one", () => {
  it('names the plain files a walk or a pattern found, never a link, nor a file named as it is', () => {
    const { dir, report } = workspace();
    symlinkSync(report, path.join(dir, 'in', 'sub', 'linked.yaml'));
    writeFileSync(path.join(dir, 'named.yaml'), 'kind: VendorDossier\n');
    const found = discoverInputs(['in', 'named.yaml'], dir);
    expect(found.files.map((f) => f.display)).toEqual(['in/a.yaml', 'in/b.yaml', 'in/sub/c.yaml', 'in/sub/linked.yaml', 'named.yaml']);
    expect([...found.listed].sort()).toEqual(['in/a.yaml', 'in/b.yaml', 'in/sub/c.yaml']);
    expect([...discoverInputs(['in/sub/*.yaml'], dir).listed]).toEqual(['in/sub/c.yaml']);
  });

  it('is taken on trust: an input it lists under another name is not looked at again', () => {
    const { dir, report, inputs } = workspace();
    // What the walk would never list (a link): shows that the folder is not listed again when the walk's listing is given.
    symlinkSync(report, path.join(dir, 'in', 'sub', 'linked.yaml'));
    const all = [...inputs, 'in/sub/linked.yaml'];
    expect(outputOverInput([{ file: report }], all, dir)).toBe(report);
    expect(outputOverInput([{ file: report }], all, dir, new Set(all))).toBeUndefined();
    // Its own name is compared exactly whatever the listing says.
    const named = path.join(dir, 'in', 'a.yaml');
    expect(outputOverInput([{ file: named }], all, dir, new Set(all))).toBe(named);
  });

  it('still finds, end to end, a link to the report in a walked folder under another name: refused, the report kept', async () => {
    const { dir, report } = workspace();
    writeFileSync(path.join(dir, 'in', 'sub', 'c.yaml'), readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml')));
    symlinkSync(report, path.join(dir, 'in', 'sub', 'linked.yaml'));
    const run = await runInProcess(['--format', 'json', '--no-timestamp', '-o', 'report.json', 'in'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('refusing to write the report over an input file');
    expect(readFileSync(report, 'utf8')).toBe('{}\n');
  });
});
