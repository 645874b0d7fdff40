// Timing and peak memory of child processes. Wall time is taken around the spawn; peak RSS
// comes from GNU time (`/usr/bin/time -f %M`, the kernel's ru_maxrss of the child) when it
// is installed, else from polling /proc/<pid>/status VmHWM while the child runs.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

export interface ProcessSample {
  wallMs: number;
  /** Peak resident set size in MB, or null when it could not be measured. */
  peakRssMb: number | null;
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunSpec {
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

function hasGnuTime(): boolean {
  if (!existsSync(GNU_TIME)) return false;
  return spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;
}

const gnuTime = hasGnuTime();

export function rssSource(): string {
  return gnuTime ? 'GNU time %M (ru_maxrss)' : '/proc/<pid>/status VmHWM, polled';
}

function readHighWaterMb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Runs one process to completion and measures it. Output is kept for the caller's checks. */
export function measureProcess(spec: RunSpec): Promise<ProcessSample> {
  const scratch = gnuTime ? mkdtempSync(join(tmpdir(), 'kr-bench-time-')) : undefined;
  const timeFile = scratch === undefined ? undefined : join(scratch, 'rss');
  const [command, args] =
    timeFile === undefined ? [spec.command, spec.args] : [GNU_TIME, ['-f', '%M', '-o', timeFile, spec.command, ...spec.args]];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: spec.cwd, env: spec.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let polledMb: number | null = null;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const poll =
      timeFile === undefined && child.pid !== undefined
        ? setInterval(() => {
            const mb = readHighWaterMb(child.pid as number);
            if (mb !== null) polledMb = Math.max(polledMb ?? 0, mb);
          }, 2)
        : undefined;
    child.on('error', reject);
    child.on('close', (status) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (poll !== undefined) clearInterval(poll);
      let peakRssMb = polledMb;
      if (timeFile !== undefined) {
        const kb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
        peakRssMb = Number.isFinite(kb) ? kb / 1024 : null;
      }
      if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
      resolve({ wallMs, peakRssMb, status, stdout, stderr });
    });
  });
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Side {
  name: string;
  spec: RunSpec;
  /** Throws when a sample's output is wrong: a wrong result must not count as a fast one. */
  check?: (sample: ProcessSample) => void;
  /** Runs untimed before each of this side's samples (e.g. a fresh copy of the jar). */
  prepare?: () => void;
}

/**
 * Runs the sides in turn, round after round, rotating who goes first, so that all of them
 * see the same machine load and none always runs on a warmer cache.
 */
export async function measureAlternating(runs: number, sides: readonly Side[]): Promise<Map<string, ProcessSample[]>> {
  const result = new Map<string, ProcessSample[]>(sides.map((s) => [s.name, []]));
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(round + k) % sides.length];
      side.prepare?.();
      const sample = await measureProcess(side.spec);
      side.check?.(sample);
      result.get(side.name)?.push(sample);
    }
  }
  return result;
}

export const medianWall = (samples: readonly ProcessSample[]): number => median(samples.map((s) => s.wallMs));

/** The fastest run: the least disturbed estimate of a deterministic cost (what noise on a busy machine only ever adds to). */
export const minWall = (samples: readonly ProcessSample[]): number => Math.min(...samples.map((s) => s.wallMs));

export function medianRss(samples: readonly ProcessSample[]): number | null {
  const values = samples.map((s) => s.peakRssMb).filter((v): v is number => v !== null);
  return values.length === 0 ? null : median(values);
}
