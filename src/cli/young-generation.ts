import { setFlagsFromString } from 'node:v8';
import type { ReuseStop } from '../cache/cache-strategy.js';

/**
 * V8's young generation kept at its size while a `--cache` run does only what a rerun over an unchanged cache does
 * (the library's cache.onReusing): the walk over its inputs, reading the cache file, and documents taken from the
 * cache; let grow again (V8's default) at the first document checked afresh, and while other files are read
 * (waivers, the baseline, --history reports, call logs: a 'pause'). A warm rerun keeps every walked file, the
 * cache file's index and every cached result to the end, and V8 doubles its semi-spaces (up to 16 MB each) when
 * that many objects survive a scavenge: fresh pages, each a page fault (about 4,000 of a 5,000-dossier rerun, some
 * 50 ms). Held from the walk (which would double it again), it stays at the size the CLI's start left it, small
 * enough that V8 starts no mark-compact in a warm 5,000 rerun (V8 starts marking when the old generation's room
 * under its limit falls below the young generation's size): docs/performance-history.md, "Warm --cache, fourth
 * round". Checking documents makes garbage that a young generation of that size would promote, many times slower
 * ("Warm --cache, second round"): so only until then. A run none of whose documents missed keeps it held to its
 * end (the command line releases it then): what follows the documents (cross checks, the report built and written)
 * makes garbage that dies young, collected as cheaply in a small young generation, while growing it costs fresh
 * pages (a warm 5,000 rerun: 1,500 fewer page faults, about 25 ms; "Warm --cache, third round"). The growth factor
 * is read at each growth, unlike the semi-space sizes (read at start), and is not among the flags V8 checks a code
 * cache against once it is back to its default (2).
 */
export class YoungGeneration {
  private held = false;

  /** Whether the young generation is held now. */
  get isHeld(): boolean {
    return this.held;
  }

  /** Follows the library's cache.onReusing: held while the check only reuses, released at a miss or a pause, kept held at the end. */
  follow(reusing: boolean, stopped?: ReuseStop): void {
    if (reusing) this.hold();
    else if (stopped !== 'end') this.release();
  }

  hold(): void {
    if (this.held) return;
    setFlagsFromString('--semi-space-growth-factor=1');
    this.held = true;
  }

  release(): void {
    if (!this.held) return;
    setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
    this.held = false;
  }
}

/** V8's own default (v8_flags.semi_space_growth_factor). */
const DEFAULT_GROWTH_FACTOR = 2;
