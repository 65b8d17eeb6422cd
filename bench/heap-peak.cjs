// What a process's peak memory is made of: `node -r ./bench/heap-peak.cjs bin/tmcheck.js …` (or any
// script). Samples process.memoryUsage() and V8's heap spaces on every turn of the event loop (tmcheck
// --jobs 1 gives it one every 32 documents; a script that never yields can call globalThis.heapPeakSample())
// and prints, at exit, the sample with the highest RSS: MB, old generation as committed / used.
// docs/performance-history.md, "Memory per dossier (issue 14, session 7)", has a table made with it.
'use strict';
const v8 = require('node:v8');

const mb = (bytes) => (bytes / 1048576).toFixed(1);
let peak;
let samples = 0;

function sample() {
  samples += 1;
  const usage = process.memoryUsage();
  if (peak && usage.rss <= peak.usage.rss) return;
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((space) => [space.space_name, space]));
  peak = { usage, spaces };
}

globalThis.heapPeakSample = sample;
setInterval(sample, 1).unref();
process.on('exit', () => {
  sample();
  const { usage, spaces } = peak;
  const size = (name) => mb(spaces[name]?.space_size ?? 0);
  process.stderr.write(
    `heap-peak (${samples} samples): rss ${mb(usage.rss)}, heap total ${mb(usage.heapTotal)}: ` +
      `young ${size('new_space')}, old ${size('old_space')} / ${mb(spaces.old_space?.space_used_size ?? 0)}, ` +
      `large objects ${size('large_object_space')} + young ${size('new_large_object_space')}, code ${size('code_space')}; ` +
      `outside the heap ${mb(usage.rss - usage.heapTotal)} (external ${mb(usage.external)}, array buffers ${mb(usage.arrayBuffers)})\n`,
  );
});
