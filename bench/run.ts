// `npm run bench`: kr's three figures, each measured side by side with its peer in this
// one run, printed as a table and written to bench/results/latest.json.
//
//   node dist/bench/run.js                  the full run (about a minute and a half)
//   node dist/bench/run.js --smoke          tiny sizes, a few runs: checks the bench works (npm test)
//   node dist/bench/run.js --out <file>     write the JSON elsewhere (--smoke writes none by default)
//   node dist/bench/run.js --only startup,jar,binder
//   node dist/bench/run.js --node /path/to/node   also measure on that Node (repeatable; KR_BENCH_NODES
//                                                 too; .ci/run's Node 24 is found by itself)
//   node dist/bench/run.js --strict         exit 1 when a goal is not met
//   node dist/bench/run.js --readme         also write the table into README.md (between its bench markers)

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binderFigure } from './binder.js';
import { benchNodes } from './nodes.js';
import { largeJarFigure, type JarSize } from './large-jar.js';
import { rssSource } from './measure.js';
import { startupFigure } from './startup.js';
import { newReport, renderTable, type BenchRow } from './table.js';

/** dist/bench/run.js -> the repository root. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Options {
  smoke: boolean;
  strict: boolean;
  out?: string;
  only: Set<string>;
  /** More Node binaries to measure kr on (`--node <path>`, repeatable). */
  nodes: string[];
  /** Also write the table into README.md between its bench markers. */
  readme: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { smoke: false, strict: false, only: new Set(['startup', 'jar', 'binder']), nodes: [], readme: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--smoke') options.smoke = true;
    else if (arg === '--strict') options.strict = true;
    else if (arg === '--out') options.out = resolve(argv[++i] ?? '');
    else if (arg === '--only') options.only = new Set((argv[++i] ?? '').split(','));
    else if (arg === '--node') options.nodes.push(resolve(argv[++i] ?? ''));
    else if (arg === '--readme') options.readme = true;
    else throw new Error(`unknown option '${arg}' (see the comment at the top of bench/run.ts)`);
  }
  if (!options.smoke && options.out === undefined) options.out = join(root, 'bench/results/latest.json');
  return options;
}

const FULL_SIZES: JarSize[] = [
  { cookies: 1_000, hosts: 100, runs: 9, judged: false },
  { cookies: 10_000, hosts: 1_000, runs: 7, judged: false },
  { cookies: 100_000, hosts: 10_000, runs: 7, judged: true },
  { cookies: 1_000_000, hosts: 100_000, runs: 3, judged: false },
];
const SMOKE_SIZES: JarSize[] = [
  { cookies: 100, hosts: 10, runs: 1, judged: false },
  { cookies: 1_000, hosts: 100, runs: 1, judged: true },
];

const README_START = '<!-- bench:table:start -->';
const README_END = '<!-- bench:table:end -->';

/** `--readme`: the table and its machine line replace what README.md holds between the bench markers. */
function writeReadmeTable(report: ReturnType<typeof newReport>): void {
  const path = join(root, 'README.md');
  const readme = readFileSync(path, 'utf8');
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${README_START} ... ${README_END} block`);
  const m = report.machine;
  const block = [
    README_START,
    '',
    renderTable(report.rows),
    '',
    `Measured ${report.generatedAt.slice(0, 10)} on ${m.cpus} cores (${m.cpuModel}), load average at start ${m.loadAverageAtStart.join(' ')}; ` +
      `peak RSS from ${report.rssSource}. ${report.notes.map((n) => `${n.replace(/\.$/, '')}.`).join(' ')}`,
    '',
    README_END,
  ].join('\n');
  writeFileSync(path, readme.slice(0, start) + block + readme.slice(end + README_END.length));
  process.stdout.write(`wrote the table into ${path}\n`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const report = newReport(options.smoke, rssSource());
  const dir = mkdtempSync(join(tmpdir(), 'kr-bench-'));
  // the smoke run checks the bench on this Node only; a full run measures every Node it finds
  const nodes = options.smoke ? benchNodes([]).slice(0, 1) : benchNodes(options.nodes);
  report.notes.push(`Node binaries: ${nodes.map((n) => `${n.version} (${n.path})`).join(', ')}`);
  try {
    const figures: [string, () => Promise<BenchRow[]>][] = [
      ['startup', () => startupFigure(root, dir, options.smoke ? 3 : 15, nodes)],
      ['jar', () => largeJarFigure(root, dir, options.smoke ? SMOKE_SIZES : FULL_SIZES, report.notes, nodes)],
      ['binder', async () => binderFigure(options.smoke ? 100 : 2000)],
    ];
    for (const [name, figure] of figures) {
      if (!options.only.has(name)) continue;
      try {
        report.rows.push(...(await figure()));
      } catch (error) {
        // one broken figure must not hide the others: it becomes a failed row
        const message = error instanceof Error ? error.message : String(error);
        report.rows.push({ figure: `${name}: could not be measured`, kr: 'n/a', peer: 'n/a', ratio: '', goal: '', pass: false, values: { kr: null, peer: null, ratio: null } });
        report.notes.push(`${name}: ${message}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const failed = report.rows.filter((r) => r.pass === false);
  process.stdout.write(`${renderTable(report.rows)}\n`);
  for (const note of report.notes) process.stdout.write(`note: ${note}\n`);
  process.stdout.write(
    `${failed.length === 0 ? 'all goals met' : `${failed.length} goal(s) not met`} (node ${report.machine.node}, ${report.machine.cpus} CPUs, load ${report.machine.loadAverageAtStart.join(' ')}; peak RSS from ${report.rssSource})\n`,
  );
  if (options.out !== undefined) {
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`wrote ${options.out}\n`);
  }
  if (options.readme) writeReadmeTable(report);
  if (options.strict && failed.length > 0) process.exitCode = 1;
}

await main();
