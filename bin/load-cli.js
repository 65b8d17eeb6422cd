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
/**
 * The CLI's second script: reading, parsing, validating and ruling on documents, which a warm --cache
 * rerun never does (scripts/bundle.mjs, DOCUMENT_MODULES). Compiled, with its own code cache beside it, on first need.
 */
const DOCUMENT_SCRIPT = path.join(__dirname, '..', 'dist', 'tmcheck-document.js');
/** The --jobs document worker's script (scripts/bundle.mjs), run by bin/check-worker.js in each worker thread, with its own code cache. */
const WORKER_SCRIPT = path.join(__dirname, '..', 'dist', 'tmcheck-worker.js');
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

/** Every script this process compiled, with its source, its cache file and what became of it: the build writes their caches. */
const compiledScripts = [];
/** Whether the document script is compiled with its cache: as the CLI's script was. */
let useCaches = true;

/**
 * Compiles dist/tmcheck.js, with its code cache (`cacheFile`, tests name another) unless `useCache`
 * is false. `cache` says what became of the cache: 'accepted' by V8, 'rejected' by V8 (compiled as
 * usual), 'missing' (no file, or one made for other sources) or 'unused'.
 */
function compileCli({ useCache = true, cacheFile = CLI_CACHE } = {}) {
  useCaches = useCache;
  return compileScript(CLI_SCRIPT, { useCache, cacheFile });
}

/** Compiles one of the CLI's scripts (scripts/bundle.mjs), as compileCli says. */
function compileScript(file, { useCache = true, cacheFile = `${file}.cache` } = {}) {
  const source = readFileSync(file);
  // The header's digest also says the script was written ASCII (scripts/bundle.mjs escapes the rest).
  const digest = scriptDigest(source);
  let cachedData;
  if (useCache && digest) {
    let bytes;
    try {
      bytes = readFileSync(cacheFile);
    } catch {
      bytes = undefined;
    }
    if (bytes && bytes.length > DIGEST_CHARS && bytes.toString('latin1', 0, DIGEST_CHARS) === digest) cachedData = bytes.subarray(DIGEST_CHARS);
  }
  // lineOffset -1: the script's first line is its header (scripts/bundle.mjs), the bundle's lines follow.
  // An ASCII script is read as it is (latin1), without decoding UTF-8.
  const script = new vm.Script(source.toString(digest ? 'latin1' : 'utf8'), { filename: file, lineOffset: -1, cachedData });
  const cache = !useCache ? 'unused' : cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted';
  compiledScripts.push({ file, cacheFile, script, cache, source });
  return { script, cache, source };
}

/** What the bundle would have had as a module of dist/: require, import.meta.url and import() (resolving as from dist/). */
let moduleContext;
const asModuleOfDist = () => (moduleContext ??= [createRequire(CLI_SCRIPT), pathToFileURL(CLI_SCRIPT).href, (specifier) => import(specifier)]);

/** Runs the compiled script: the CLI starts, reading process.argv. */
function runCli(script) {
  script.runInThisContext()(...asModuleOfDist(), loadDocumentScript);
}

/** Compiles and runs the document script, handing it `sharedModule` (the modules it takes from the CLI's script); returns its exports. */
function loadDocumentScript(sharedModule) {
  return compileScript(DOCUMENT_SCRIPT, { useCache: useCaches }).script.runInThisContext()(...asModuleOfDist(), sharedModule);
}

/** Compiles the worker's script with its code cache and runs it: the worker starts listening for its rules and files. */
function runWorker() {
  const compiled = compileScript(WORKER_SCRIPT);
  compiled.script.runInThisContext()(...asModuleOfDist());
  return compiled;
}

module.exports = { CLI_SCRIPT, CLI_CACHE, DOCUMENT_SCRIPT, WORKER_SCRIPT, compiledScripts, applyV8Flags, setV8FlagUnlessGiven, scriptDigest, compileCli, compileScript, runCli, runWorker };
