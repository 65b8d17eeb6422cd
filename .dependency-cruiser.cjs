// The layers of src/, lowest first, in the order the data travels through them
// (docs/architecture.md draws them). A module may import from its own layer and from any layer
// below it, never from one above; and no import cycle is allowed anywhere.
// Checked by test/layers.test.ts (part of npm test) and by `npm run lint:layers`.

/** [layer, folders or files under src/, why it sits there] — lowest first. */
const LAYERS = [
  ['base', ['util', 'paths.ts', 'kinds', 'glossary'], 'shared helpers, the package layout, document kinds and the glossary: used everywhere, use nothing'],
  ['read', ['read'], 'finding input files and turning bytes into a parsed document with positions'],
  ['validate', ['validate'], 'a parsed document against its JSON schema'],
  ['vocabulary', ['facts', 'operators', 'ranking'], 'the words rules are written in: derived facts, operators, and the cross-document checks a rule can name'],
  ['rules', ['rules'], 'rule files and the regulation requirements they cover, loaded and checked against the vocabulary'],
  ['engine', ['engine'], 'rules compiled into a RuleSet and evaluated on one document'],
  ['report', ['report'], 'the typed report model (findings, results, summary) and one checked document turned into its result'],
  ['cross', ['cross', 'calllog', 'profile'], 'checks over the whole batch once each document is checked: monthly ranking, call-log aggregates, a profile\'s city'],
  ['controls', ['controls'], 'waivers and baselines applied to a built report'],
  ['run', ['check', 'cache'], 'one run over many inputs (workers, shards, the --cache of per-document results)'],
  ['format', ['format'], 'a report rendered as text, JSON, SARIF, JUnit, GitHub, Markdown or HTML'],
  ['merge', ['merge'], 'shard reports joined into one: it reads and writes the JSON report, so it sits above the formats'],
  ['rule-tools', ['coverage', 'explain', 'docs'], 'reports about the rules themselves: coverage, examples and fixtures, explain, the generated reference pages'],
  ['api', ['api', 'index.ts'], 'the library entry: one call from inputs to a formatted report'],
  ['config', ['config'], 'tmcheck.config.yaml read into API options'],
  ['cli', ['cli'], 'the command line: arguments, exit codes, terminal output'],
];

const pathOf = (entries) => `^src/(${entries.map((e) => e.replace(/\./g, '\\.') + (e.endsWith('.ts') ? '$' : '/')).join('|')})`;

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle hides which module comes first; move the shared part into the lower module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-in-a-layer',
      severity: 'error',
      comment: 'Every module under src/ belongs to a layer: add its folder to LAYERS in .dependency-cruiser.cjs (test/layers.test.ts also checks modules that import nothing).',
      from: { path: '^src/', pathNot: pathOf(LAYERS.flatMap(([, e]) => e)) },
      to: {},
    },
    ...LAYERS.slice(0, -1).map(([name, entries, why], i) => ({
      name: `layer-${name}`,
      severity: 'error',
      comment: `${name} (${why}) must not import from a higher layer: ${LAYERS.slice(i + 1).map(([n]) => n).join(', ')}.`,
      from: { path: pathOf(entries) },
      to: { path: pathOf(LAYERS.slice(i + 1).flatMap(([, e]) => e)) },
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.d.ts'] },
  },
};
