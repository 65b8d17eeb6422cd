import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './support/fixtures.js';

const pages = ['README.md', 'CHANGELOG.md', ...readdirSync(path.join(projectRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Relative link targets of a Markdown page (outside code blocks), without their #anchors. */
function relativeLinks(page: string): string[] {
  const text = readFileSync(path.join(projectRoot, page), 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^(https?:|mailto:|#)/.test(t)).map((t) => t.replace(/#.*$/, ''));
}

describe('the documentation', () => {
  it('every page in docs/ is linked from the README', () => {
    const linked = new Set(relativeLinks('README.md').map((t) => path.normalize(t)));
    for (const page of pages.filter((p) => p.startsWith('docs/'))) expect(linked.has(path.normalize(page)), page).toBe(true);
  });

  it.each(pages)('%s: every relative link points at a file of the repository', (page) => {
    for (const target of relativeLinks(page)) expect(existsSync(path.resolve(projectRoot, path.dirname(page), target)), `${page} → ${target}`).toBe(true);
  });

  it('no page points outside the repository', () => {
    for (const page of pages) expect(readFileSync(path.join(projectRoot, page), 'utf8'), page).not.toMatch(/\.\.\/shared\/|spec\/documents\.md/);
  });
});
