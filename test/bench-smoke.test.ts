// `npm run bench` in miniature: the bench runs end to end with tiny sizes (start-up, a
// 100- and 1,000-cookie jar against the Python peer, the binder) and writes its JSON. It
// asserts that every figure was measured and that kr's output checks passed, never a
// timing: the goals are judged by the full bench on a quiet machine.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchReport } from '../bench/table.js';
import { ensureBuilt, root } from './reliability/kr-process.js';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'kr-bench-smoke-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the bench runs with tiny sizes and reports every figure', () => {
  const run = join(root, 'dist/bench/run.js');
  expect(existsSync(run)).toBe(true);
  const out = join(dir, 'latest.json');
  const result = spawnSync(process.execPath, [run, '--smoke', '--out', out], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^\| figure +\| kr +\| peer +\| ratio +\| goal +\| result +\|$/m);

  const report = JSON.parse(readFileSync(out, 'utf8')) as BenchReport;
  expect(report.smoke).toBe(true);
  const figures = report.rows.map((r) => r.figure);
  expect(figures.some((f) => f.startsWith('start-up:'))).toBe(true);
  const node = process.version;
  expect(figures.some((f) => f.startsWith(`kr --jar (1k cookies, Node ${node}): wall`))).toBe(true);
  expect(figures.some((f) => f.startsWith(`kr --jar (1k cookies, Node ${node}): peak RSS`))).toBe(true);
  // the floor: plain Node doing only the file work, its output checked like kr's
  expect(figures.some((f) => f.startsWith(`floor: plain Node reads, drops the lines, writes atomically (1k cookies, Node ${node}): wall`))).toBe(true);
  expect(figures.some((f) => f.startsWith('binder:'))).toBe(true);
  expect(figures.filter((f) => f.includes('could not be measured'))).toEqual([]);
  // the correctness rows are real checks even in a smoke run
  const outputChecks = report.rows.filter((r) => r.figure.includes('output = input minus'));
  expect(outputChecks.length).toBeGreaterThanOrEqual(4);
  for (const row of outputChecks) expect({ figure: row.figure, pass: row.pass }).toEqual({ figure: row.figure, pass: true });
  for (const row of report.rows.filter((r) => r.figure.includes('wall'))) {
    expect(Number.isFinite(row.values.kr)).toBe(true);
    expect(Number.isFinite(row.values.peer)).toBe(true);
  }
  // which binaries ran is said, and nothing went wrong
  expect(report.notes).toEqual([expect.stringMatching(/^Node binaries: v\d+/), expect.stringMatching(/^large-jar peer: \/\S*python\S* \(Python \d/)]);
  expect(report.rows.find((r) => r.figure.includes('1k cookies') && r.figure.includes(': wall'))?.peer).toMatch(/\(Python \d/);
}, 150_000);
