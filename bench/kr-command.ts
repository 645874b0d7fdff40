// How the bench runs the built `kr` executable: the real bin, no colour, no prompts.

import { join } from 'node:path';
import type { RunSpec } from './measure.js';

export const SIGN_OUT = 'Invoke-KrCookieSignOut';

/** `kr <args>` on the given Node (the bench's own by default). */
export function krSpec(root: string, args: readonly string[], cwd: string, baseEnv: NodeJS.ProcessEnv = process.env, node = process.execPath): RunSpec {
  const env: NodeJS.ProcessEnv = { ...baseEnv, NO_COLOR: '1', CI: '1' };
  delete env.FORCE_COLOR;
  delete env.NODE_OPTIONS;
  return { command: node, args: [join(root, 'dist/bin/kr.cjs'), ...args], cwd, env };
}

/** The first line of a failed run's stderr: why kr could not be measured. */
export function failureLine(stderr: string, status: number | null): string {
  const first = stderr.split('\n').find((l) => l.trim() !== '') ?? '';
  return `exit ${status}${first ? `: ${first.trim().slice(0, 160)}` : ''}`;
}

/**
 * Some machines set NODE_EXTRA_CA_CERTS (this sandbox does): every Node process then parses
 * each listed certificate before any script runs, tens of ms that a Python peer never pays and
 * that `node -e 0` pays as kr does. The figures kr is judged on are measured as the machine runs
 * and, when the variable is set, once more without it: this environment, else undefined.
 */
export function envWithoutExtraCaCerts(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv | undefined {
  if (base.NODE_EXTRA_CA_CERTS === undefined) return undefined;
  const env = { ...base };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}
