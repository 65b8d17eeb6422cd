import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './support/fixtures.js';

const pages = ['README.md', 'CHANGELOG.md', ...readdirSync(path.join(projectRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** A page's text outside code blocks. */
const prose = (page: string) => readFileSync(path.join(projectRoot, page), 'utf8').replace(/```[\s\S]*?```/g, '');

/** Link targets of a Markdown page (outside code blocks), other than web and mail addresses. */
const linkTargets = (page: string) => [...prose(page).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^(https?:|mailto:)/.test(t));

/** Relative link targets of a Markdown page (outside code blocks), without their #anchors. */
function relativeLinks(page: string): string[] {
  return linkTargets(page).filter((t) => !t.startsWith('#')).map((t) => t.replace(/#.*$/, ''));
}

/** A page's anchors: `<a id>` tags, and those GitHub makes for its headings (lower case, punctuation dropped, spaces as hyphens, -1, -2 … on repeats). */
function anchorsOf(page: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set([...prose(page).matchAll(/<a (?:id|name)="([^"]+)"/g)].map((m) => m[1]!));
  for (const [, heading] of prose(page).matchAll(/^#{1,6}\s+(.*?)\s*$/gm)) {
    const slug = heading!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').toLowerCase().replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '').replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n ? `${slug}-${n}` : slug);
  }
  return anchors;
}

describe('the documentation', () => {
  it('every page in docs/ is linked from the README', () => {
    const linked = new Set(relativeLinks('README.md').map((t) => path.normalize(t)));
    for (const page of pages.filter((p) => p.startsWith('docs/'))) expect(linked.has(path.normalize(page)), page).toBe(true);
  });

  it.each(pages)('%s: every relative link points at a file of the repository', (page) => {
    for (const target of relativeLinks(page)) expect(existsSync(path.resolve(projectRoot, path.dirname(page), target)), `${page} → ${target}`).toBe(true);
  });

  it.each(pages)('%s: every #anchor points at a heading or anchor of the page it names', (page) => {
    for (const target of linkTargets(page).filter((t) => t.includes('#'))) {
      const [file, anchor] = target.split('#') as [string, string];
      const named = file ? path.join(path.dirname(page), file) : page;
      if (!named.endsWith('.md')) continue;
      expect(anchorsOf(named).has(decodeURIComponent(anchor)), `${page} → ${target}`).toBe(true);
    }
  });

  it('no page points outside the repository', () => {
    for (const page of pages) expect(readFileSync(path.join(projectRoot, page), 'utf8'), page).not.toMatch(/\.\.\/shared\/|spec\/documents\.md/);
  });
});
