// Part of `npm run build`: bundles the compiled CLI (dist/cli/run.js and everything it imports,
// dependencies included) into dist/tmcheck.js, a classic script that bin/tmcheck.js compiles with
// V8's code cache (scripts/build-code-cache.mjs, bin/load-cli.js), and what only a run that reads a
// document needs into dist/tmcheck-document.js, loaded likewise on first need (DOCUMENT_MODULES); the --jobs workers into
// dist/tmcheck-worker.js (documents: a classic script too, with a code cache, run by bin/check-worker.js) and
// dist/tmcheck-calllog-worker.js (parts of a large call log, an ES module).
// Node then loads a few files instead of ~200 modules, which was most of a one-file run's start-up
// (README, Performance). What a run loads only on demand stays out of the main file: the heavy
// optional libraries (spreadsheets, charts,
// encodings) are loaded from node_modules when needed, as are those the code loads with
// createRequire on first use (ajv, json-rules-engine's Engine, re2js): esbuild leaves those out.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import loadCli from '../bin/load-cli.js';

const { DOCUMENT_SCRIPT, WORKER_SCRIPT } = loadCli;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

// Earlier builds wrote chunks shared by the workers (bundle-*, content-hashed): remove any, so that none goes stale; and the
// previous code caches (scripts/build-code-cache.mjs makes the next).
for (const name of readdirSync(dist)) if (name.startsWith('bundle-') || name.endsWith('.js.cache')) rmSync(path.join(dist, name));

/**
 * Node modules most runs never use, loaded on first use instead of at start-up (each costs every run
 * and every --jobs worker a few milliseconds): the importer gets functions that require the real
 * module when called. commander requires node:child_process for executable subcommands (`git-foo`
 * style), which tmcheck does not have, and with it net, dgram and streams; node:v8's serialize and
 * deserialize are for --cache and --shard (setFlagsFromString for --cache's young generation); a
 * Worker is made only when workers start. A name not listed here fails the build ("No matching
 * export"), never the run.
 */
const LAZY_BUILTINS = [
  { module: 'node:child_process', importer: /[\\/]node_modules[\\/]commander[\\/]/, functions: ['spawn'], commonJs: true },
  { module: 'node:v8', importer: /[\\/]dist[\\/]/, functions: ['serialize', 'deserialize', 'setFlagsFromString'] },
  { module: 'node:worker_threads', importer: /[\\/]dist[\\/]check[\\/]parallel\.js$/, functions: ['Worker'] },
];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(pluginBuild) {
    for (const [index, lazy] of LAZY_BUILTINS.entries()) {
      const filter = new RegExp(`^${lazy.module}$`);
      pluginBuild.onResolve({ filter }, (args) => (lazy.importer.test(args.importer) ? { path: String(index), namespace: 'tmcheck-lazy-builtin' } : undefined));
    }
    pluginBuild.onLoad({ filter: /.*/, namespace: 'tmcheck-lazy-builtin' }, (args) => {
      const lazy = LAZY_BUILTINS[Number(args.path)];
      // `function`, not an arrow: `new Worker(...)` returns the real Worker the call makes.
      const wrappers = lazy.functions.map((name) => `function ${name}(...args) { return ${name === 'Worker' ? 'new ' : ''}(require('${lazy.module}').${name})(...args); }`);
      const exports = lazy.commonJs ? `module.exports = { ${lazy.functions.join(', ')} };` : `export { ${lazy.functions.join(', ')} };`;
      return { contents: `${wrappers.join('\n')}\n${exports}`, loader: 'js', resolveDir: root };
    });
  },
};

/**
 * yaml's parser and composer read `process.env.LOG_TOKENS` / `LOG_STREAM` for every token (about 500
 * reads of the environment a dossier: each a lookup through Node's environment interceptor, some 9 %
 * of a 1,000-dossier run's instructions), and when either is set print every token to stdout, into
 * a report written there. tmcheck never wants that debugging output: the bundled copies read `false`.
 * Each replacement must match exactly once, so a yaml release that moves them fails the build.
 */
const YAML_DEBUG_SWITCHES = [
  { file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]parse[\\/]parser\.js$/, read: 'node_process.env.LOG_TOKENS' },
  { file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]compose[\\/]composer\.js$/, read: 'node_process.env.LOG_STREAM' },
];
const yamlDebugOff = {
  name: 'yaml-debug-off',
  setup(pluginBuild) {
    const patched = new Set();
    for (const { file, read } of YAML_DEBUG_SWITCHES) {
      pluginBuild.onLoad({ filter: file }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const uses = source.split(read).length - 1;
        if (uses !== 1) return { errors: [{ text: `expected ${read} once in ${args.path}, found it ${uses} times (yaml changed: update scripts/bundle.mjs)` }] };
        patched.add(read);
        return { contents: source.replace(read, 'false'), loader: 'js' };
      });
    }
    pluginBuild.onEnd((result) => {
      if (result.errors.length > 0) return;
      const missing = YAML_DEBUG_SWITCHES.filter(({ read }) => !patched.has(read));
      if (missing.length > 0) return { errors: missing.map(({ read }) => ({ text: `${read} was not found in the bundled yaml (yaml changed: update scripts/bundle.mjs)` })) };
    });
  },
};

const EXTERNAL = ['exceljs', 'unzipper', 'echarts', 'iconv-lite'];

// The call-log worker: an ES module.
await build({
  entryPoints: { 'tmcheck-calllog-worker': path.join(dist, 'calllog', 'part-worker.js') },
  outdir: dist, // beside dist/paths.js: code that finds the package root from its own URL keeps working
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  plugins: [lazyBuiltins],
  // Bundled CommonJS packages (yaml, commander, json-rules-engine) call require() for Node's modules.
  banner: { js: "import { createRequire as tmcheckCreateRequire } from 'node:module';\nconst require = tmcheckCreateRequire(import.meta.url);" },
  minifyWhitespace: true, // less for V8 to scan at start-up; names stay, so stack traces stay readable
  logLevel: 'warning',
});

/**
 * The command line's main thread: one classic script, not an ES module, because V8 can cache the
 * compiled code of a script (vm.Script's cachedData) and Node 20 offers no such cache for modules:
 * compiling the bundle and its functions was about a quarter of a one-file run's own instructions
 * (docs/performance-history.md, "Start-up (issue 14, session 9)"). The script is one function expression that
 * bin/load-cli.js calls with what a module would have had: `require` (made for this file),
 * `import.meta.url`, `import()`, and a function that loads the document script (see DOCUMENT_MODULES).
 * import() cannot run inside a script given cached code (Node loses the script's dynamic-import
 * callback), so every dynamic import is routed to bin/'s own; the call-log pipeline is inlined here
 * (its modules are only initialised when a call log is checked).
 */
const SCRIPT_PARAMETERS = ['require', 'tmcheckImportMetaUrl', 'tmcheckImport', 'tmcheckDocumentScript'];
/** The document script's: the first three, and the lookup of the modules it takes from the CLI's script. */
const DOCUMENT_SCRIPT_PARAMETERS = [...SCRIPT_PARAMETERS.slice(0, 3), 'tmcheckSharedModule'];

/**
 * The generated validators (dist/validate/standalone-<Kind>.js, scripts/build-validators.mjs) are
 * inlined into the script, each initialised when its kind is first met, so that their compiled code
 * is in the code cache too: an ES module of its own cost every dossier run about 16 M instructions
 * (2 %) to load. The module is still named by the same path: this replaces only how it is loaded.
 */
const VALIDATOR_IMPORT = 'import(pathToFileURL(standaloneValidatorFile(kind)).href)';
const inlineValidators = {
  name: 'inline-validators',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]dist[\\/]validate[\\/]prebuilt-validators\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (source.split(VALIDATOR_IMPORT).length !== 2) return { errors: [{ text: `expected ${VALIDATOR_IMPORT} once in ${args.path} (update scripts/bundle.mjs)` }] };
      const kinds = readdirSync(path.join(dist, 'validate')).flatMap((name) => /^standalone-(\w+)\.js$/.exec(name)?.[1] ?? []).filter((kind) => kind !== 'validators');
      // A kind without a module is what a missing file was: a rejected load, and the schema is compiled at run time.
      const table = `({ ${kinds.map((kind) => `${kind}: () => import('./standalone-${kind}.js')`).join(', ')} })`;
      const load = `((modules) => (Object.hasOwn(modules, kind) ? modules[kind]() : Promise.reject(new Error(kind))))(${table})`;
      return { contents: source.replace(VALIDATOR_IMPORT, load), loader: 'js' };
    });
  },
};
/**
 * What only a run that reads a document needs, and a warm --cache rerun, which has every document's
 * result, never does: reading, parsing (yaml), validating (the inlined validators) and ruling on one
 * document. These modules, and what only they use, go into a second script, dist/tmcheck-document.js (DOCUMENT_SCRIPT), with
 * a code cache of its own; the CLI's script gets, in their place, functions that load it on their first
 * call (bin/load-cli.js) and call the real ones. A warm rerun then reads, and V8 deserializes, only the
 * code it runs (docs/performance-history.md, "Two scripts (issue 14, session 15)"). A module both
 * scripts use is the CLI script's (SHARED_HOST): the document script takes it from there, so that
 * each module, and its state, exists once. A name missing here fails the build ("No matching export").
 */
const DOCUMENT_MODULES = [
  { file: path.join(dist, 'report', 'check-document.js'), functions: ['checkDocumentFile', 'sharedOutcomes', 'toFinding', 'findingAt'] },
  { file: path.join(dist, 'read', 'parse-document.js'), functions: ['parseYamlDocument'] },
  // The validators (inlined, see inlineValidators), for their size: most of the CLI's own code.
  { file: path.join(dist, 'validate', 'prebuilt-validators.js'), functions: ['loadPrebuiltValidator', 'standaloneValidatorFile'] },
  // yaml itself, for the CLI's own few uses (the ruleset's version file, explain's output).
  { file: 'yaml', functions: ['parse', 'stringify'] },
];
const SHARED_HOST = 'tmcheck-shared-modules';

/** The CLI script's side: each import of a document module becomes functions that load the document script. */
const documentStubs = (shared) => ({
  name: 'document-stubs',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /(^yaml|\.js)$/ }, (args) => {
      const file = args.path === 'yaml' ? 'yaml' : path.resolve(args.resolveDir, args.path);
      const index = DOCUMENT_MODULES.findIndex((lazy) => lazy.file === file);
      return index === -1 ? undefined : { path: String(index), namespace: 'tmcheck-document-stub' };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'tmcheck-document-stub' }, (args) => {
      const { functions } = DOCUMENT_MODULES[Number(args.path)];
      const wrappers = functions.map((name) => `function ${name}(...args) { return documentScript().${name}(...args); }`);
      return { contents: `import { documentScript } from '${SHARED_HOST}';\n${wrappers.join('\n')}\nexport { ${functions.join(', ')} };`, loader: 'js', resolveDir: root };
    });
    // The modules the document script takes from this one, by their path under dist/ (looked up when it loads, not before).
    pluginBuild.onResolve({ filter: new RegExp(`^${SHARED_HOST}$`) }, () => ({ path: SHARED_HOST, namespace: SHARED_HOST }));
    pluginBuild.onLoad({ filter: /.*/, namespace: SHARED_HOST }, () => {
      const imports = shared.map((key, i) => `import * as m${i} from ${JSON.stringify(path.join(dist, key))};`);
      const table = `({ ${shared.map((key, i) => `${JSON.stringify(key)}: m${i}`).join(', ')} })`;
      const host = `const sharedModule = (key) => ${table}[key];\nlet loaded;\nexport function documentScript() { return (loaded ??= ${SCRIPT_PARAMETERS[3]}(sharedModule)); }`;
      return { contents: `${imports.join('\n')}\n${host}`, loader: 'js', resolveDir: root };
    });
  },
});

/** The document script's side: a module the CLI's script holds (`inCli`, absolute paths) is taken from it. */
const sharedFromCli = (inCli, taken) => ({
  name: 'shared-from-cli',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.inner || args.kind === 'entry-point' || args.namespace !== 'file') return undefined;
      const resolved = await pluginBuild.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { inner: true } });
      if (resolved.errors.length > 0 || resolved.namespace !== 'file' || !inCli.has(resolved.path)) return undefined;
      const key = path.relative(dist, resolved.path).split(path.sep).join('/');
      // Only compiled ES modules of dist/ are handed over.
      if (key.startsWith('..')) return { errors: [{ text: `${resolved.path} is in both scripts (scripts/bundle.mjs shares only modules of dist/)` }] };
      taken.add(key);
      return { path: key, namespace: 'tmcheck-shared' };
    });
    // Each export is read once, as the document script starts (every shared module is initialised by
    // then: the CLI's script imports them all first), and is then a plain variable of this script, not
    // two getter calls at each use in the code every document runs (esbuild's CommonJS interop over the
    // namespace object). So a binding a module reassigns later (`export let`) cannot be handed over: the build fails.
    pluginBuild.onLoad({ filter: /.*/, namespace: 'tmcheck-shared' }, async (args) => {
      const file = path.join(dist, args.path);
      if (/^export (let|var)\b/m.test(readFileSync(file, 'utf8'))) return { errors: [{ text: `${file} exports a variable, which the document script would not see change (scripts/bundle.mjs)` }] };
      const names = Object.keys(await import(pathToFileURL(file).href));
      const reads = names.map((name) => `export const ${name} = module.${name};`);
      return { contents: `const module = ${DOCUMENT_SCRIPT_PARAMETERS[3]}(${JSON.stringify(args.path)});\n${reads.join('\n')}`, loader: 'js' };
    });
  },
});

const scriptOptions = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  define: { 'import.meta.url': SCRIPT_PARAMETERS[1] },
  minifyWhitespace: true,
  write: false,
  metafile: true,
  absWorkingDir: root,
  logLevel: 'warning',
};
const buildCli = (shared) => build({ ...scriptOptions, entryPoints: [path.join(dist, 'cli', 'run.js')], plugins: [documentStubs(shared), lazyBuiltins, inlineValidators] });
// Which modules the CLI's script holds decides which the document script takes from it; the CLI's
// script is then built again, handing those over (the first build's output is not used).
const cliModules = new Set(Object.keys((await buildCli([])).metafile.inputs).filter((input) => !/^[\w-]+:/.test(input)).map((input) => path.resolve(root, input)));
const taken = new Set();
// The document script: its exports are DOCUMENT_MODULES', what the CLI script's functions call.
const documentEntry = DOCUMENT_MODULES.map(({ file, functions }) => `export { ${functions.join(', ')} } from ${JSON.stringify(file)};`).join('\n');
const documentScript = await build({
  ...scriptOptions,
  stdin: { contents: documentEntry, resolveDir: root, sourcefile: 'tmcheck-document-entry.js' },
  plugins: [sharedFromCli(cliModules, taken), lazyBuiltins, yamlDebugOff, inlineValidators],
});
const shared = [...taken].sort();
const cliScript = await buildCli(shared);

/**
 * Writes one script as bin/load-cli.js compiles it: a function expression of `parameters`.
 * Every dynamic import left in the output (of external packages and of the validators' modules) goes
 * through bin/'s import(): import() cannot run inside a script given cached code (Node loses the
 * script's dynamic-import callback).
 */
function writeScript(name, code, parameters, { prologue = '', epilogue = '' } = {}) {
  const routed = code.replace(/(?<![\w$.])import\(/g, `${SCRIPT_PARAMETERS[2]}(`);
  // esbuild leaves a few characters beyond ASCII in regular expressions and tagged templates (the HTML
  // report's, which use the cooked strings, where an escape means the same). Escaped, the whole script
  // is ASCII: Node reads it as a one-byte string, a third of the instructions of decoding UTF-8 and half the memory.
  if (/\.raw\b/.test(routed)) throw new Error(`scripts/bundle.mjs: a template's raw strings in dist/${name} would see the escapes of characters beyond ASCII`);
  const ascii = routed.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (/\bimport\(|import\.meta/.test(routed)) throw new Error(`scripts/bundle.mjs: dist/${name} still holds an import() or import.meta that the script cannot run`);
  // The header has a line of its own (bin/load-cli.js compiles with lineOffset -1): stack traces keep
  // the bundle's lines and columns. It names the SHA-256 of the lines after it, which the code cache
  // must have been made for: hashing the 0.7 MB at each start instead cost 20 M instructions, 2.5 % of a one-file run.
  const body = `${prologue}${ascii}${epilogue}})\n`;
  const digest = createHash('sha256').update(body).digest('hex');
  writeFileSync(path.join(dist, name), `(function (${parameters.join(', ')}) {'use strict'; /* sha256:${digest} */\n${body}`);
}

/**
 * The document worker of --jobs (bin/check-worker.js runs it): a classic script with a code cache of its own,
 * as the CLI's, so that a worker's isolate starts from the cached bytecode of the checking code instead of
 * compiling it lazily, and loads no ES module (the loader's set-up, the validator's module): about 150 ms
 * less CPU for a worker's start-up and first batches (docs/performance-history.md, "--jobs 2 (issue 14, session 16)").
 */
const workerScript = await build({ ...scriptOptions, entryPoints: [path.join(dist, 'check', 'parallel-worker.js')], plugins: [lazyBuiltins, yamlDebugOff, inlineValidators] });

writeScript('tmcheck.js', cliScript.outputFiles[0].text, SCRIPT_PARAMETERS);
writeScript(path.basename(WORKER_SCRIPT), workerScript.outputFiles[0].text, SCRIPT_PARAMETERS.slice(0, 3));
// The document script returns its exports.
writeScript(path.basename(DOCUMENT_SCRIPT), documentScript.outputFiles[0].text, DOCUMENT_SCRIPT_PARAMETERS, { prologue: 'const module = { exports: {} };', epilogue: 'return module.exports;\n' });
