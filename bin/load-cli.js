// Loads the command line's bundle, dist/tmcheck.js, with V8's code cache (docs/performance-history.md,
// "Start-up (issue 14, session 9)"). The bundle is a classic script (scripts/bundle.mjs) and
// dist/tmcheck.js.cache the code V8 compiled for it during a run at build time
// (scripts/build-code-cache.mjs): given that, V8 skips compiling the script and the functions the run
// used. The cache is only a shortcut: when it is missing, made for other sources (its header: the script's SHA-256),
// or refused by V8 (another Node or V8 version, other V8 flags), the script is compiled as usual.
//
// CommonJS (bin/package.json), like bin/tmcheck.js: Node then starts the command line through its
// CommonJS loader, without the ES module loader's set-up (fs/promises, module jobs, the facades of
// the built-in modules imported), about 15 M instructions of every run (docs/performance-history.md, "Fixed cost (issue 14, session 10)").
'use strict';
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { setFlagsFromString } = require('node:v8');
const vm = require('node:vm');

const CLI_SCRIPT = path.join(__dirname, '..', 'dist', 'tmcheck.js');
const CLI_CACHE = `${CLI_SCRIPT}.cache`;
/** The cache file starts with the SHA-256 (hex) of the script it was made for. */
const DIGEST_CHARS = 64;

// V8 settings of the command line's process, made before the CLI loads (docs/performance-history.md, "flags (issue 14, session 8)"):
// the old generation may grow by 30 % (at least V8's 8 MB step) between two mark-compacts instead of up to
// 4 times, which cut peak RSS growth per dossier by about a third at no measurable CPU cost. V8 flags are
// the process's: --jobs workers get it too, and the library (dist/index.js) never sets any, since they
// would be its host's. A `node --heap-growing-percent=N` given on the command line wins. V8 accepts a code
// cache only under the flags it was made with: scripts/build-code-cache.mjs sets these the same way.
const V8_FLAGS = ['--heap-growing-percent=30'];

function applyV8Flags() {
  for (const flag of V8_FLAGS) setV8FlagUnlessGiven(flag);
}

/** Sets a V8 flag (`--name=value`, `--name` or `--no-name`) unless node's command line names it, either way: what is given there wins. */
function setV8FlagUnlessGiven(flag) {
  const nameOf = (option) => option.split('=')[0].replaceAll('_', '-').replace(/^--no-/, '--');
  if (!process.execArgv.some((given) => nameOf(given) === nameOf(flag))) setFlagsFromString(flag);
}

/**
 * The SHA-256 of the script's body, as scripts/bundle.mjs wrote it on the header line: the build
 * hashed it, so that no run has to (hashing the 0.7 MB cost more than anything else the loader does).
 */
function scriptDigest(source) {
  const header = source.subarray(0, source.indexOf(10)).toString('latin1');
  return /\/\* sha256:([0-9a-f]{64}) \*\/$/.exec(header)?.[1];
}

/**
 * Compiles dist/tmcheck.js, with its code cache (`cacheFile`, tests name another) unless `useCache`
 * is false. `cache` says what became of the cache: 'accepted' by V8, 'rejected' by V8 (compiled as
 * usual), 'missing' (no file, or one made for other sources) or 'unused'.
 */
function compileCli({ useCache = true, cacheFile = CLI_CACHE } = {}) {
  const source = readFileSync(CLI_SCRIPT);
  // The header's digest also says the script was written ASCII (scripts/bundle.mjs escapes the rest).
  const digest = scriptDigest(source);
  let cachedData;
  if (useCache && digest) {
    let file;
    try {
      file = readFileSync(cacheFile);
    } catch {
      file = undefined;
    }
    if (file && file.length > DIGEST_CHARS && file.toString('latin1', 0, DIGEST_CHARS) === digest) cachedData = file.subarray(DIGEST_CHARS);
  }
  // lineOffset -1: the script's first line is its header (scripts/bundle.mjs), the bundle's lines follow.
  // An ASCII script is read as it is (latin1), without decoding UTF-8.
  const script = new vm.Script(source.toString(digest ? 'latin1' : 'utf8'), { filename: CLI_SCRIPT, lineOffset: -1, cachedData });
  const cache = !useCache ? 'unused' : cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted';
  return { script, cache, source };
}

/** Runs the compiled script: the CLI starts, reading process.argv. */
function runCli(script) {
  const run = script.runInThisContext();
  // What the bundle would have had as a module of dist/: require, import.meta.url and import() (resolving as from dist/).
  run(createRequire(CLI_SCRIPT), pathToFileURL(CLI_SCRIPT).href, (specifier) => import(specifier));
}

module.exports = { CLI_SCRIPT, CLI_CACHE, applyV8Flags, setV8FlagUnlessGiven, scriptDigest, compileCli, runCli };
