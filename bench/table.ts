// The bench's result: one row per figure (kr, peer, ratio, goal, pass/fail), printed as a
// table for people and the README, and written as JSON for machines.

import { cpus, loadavg } from 'node:os';

export interface BenchRow {
  figure: string;
  kr: string;
  peer: string;
  ratio: string;
  goal: string;
  /** null = for the record, no goal. */
  pass: boolean | null;
  /** The raw numbers behind the text (ms, MB, per second ...). */
  values: { kr: number | null; peer: number | null; ratio: number | null };
}

export interface BenchReport {
  generatedAt: string;
  smoke: boolean;
  machine: { node: string; platform: string; cpus: number; cpuModel: string; loadAverageAtStart: number[] };
  rssSource: string;
  rows: BenchRow[];
  notes: string[];
}

export const ms = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`);
export const mb = (v: number | null): string => (v === null ? 'n/a' : `${v.toFixed(1)} MB`);
export const times = (v: number): string => `${v.toFixed(2)}x`;

export function newReport(smoke: boolean, rssSource: string): BenchReport {
  const cpu = cpus();
  return {
    generatedAt: new Date().toISOString(),
    smoke,
    machine: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpu.length,
      cpuModel: cpu[0]?.model ?? 'unknown',
      loadAverageAtStart: loadavg().map((v) => Math.round(v * 100) / 100),
    },
    rssSource,
    rows: [],
    notes: [],
  };
}

const passText = (pass: boolean | null): string => (pass === null ? 'record' : pass ? 'pass' : 'FAIL');

/** A Markdown table: readable in a terminal and pasted as is into the README. */
export function renderTable(rows: readonly BenchRow[]): string {
  const header = ['figure', 'kr', 'peer', 'ratio', 'goal', 'result'];
  const body = rows.map((r) => [r.figure, r.kr, r.peer, r.ratio, r.goal, passText(r.pass)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const format = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [format(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(format)].join('\n');
}
