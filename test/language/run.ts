// Shared by the language tests: run script text in a fresh runspace with a recording host.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunspace, RecordingHost, type Runspace } from '../../src/index.js';
import type { InvocationResult } from '../../src/runtime/runspace.js';

export interface Ran extends InvocationResult {
  host: RecordingHost;
  runspace: Runspace;
}

export function newRunspace(env: Record<string, string | undefined> = {}): { rs: Runspace; host: RecordingHost } {
  const cwd = mkdtempSync(join(tmpdir(), 'kr-lang-'));
  const host = new RecordingHost({ interactive: false, env: { HOME: cwd, ...env }, cwd });
  // no --jar: the built-in default jar under HOME, which may be absent
  const rs = createRunspace({ host, env: { HOME: cwd, ...env }, cwd });
  return { rs, host };
}

export async function run(code: string, env: Record<string, string | undefined> = {}): Promise<Ran> {
  const { rs, host } = newRunspace(env);
  const result = await rs.invoke(code);
  return { ...result, host, runspace: rs };
}

/** The output of a script as plain JSON values (objects by their properties). */
export async function out(code: string): Promise<unknown[]> {
  const ran = await run(code);
  if (ran.errors.length > 0) throw new Error(`${code}: ${ran.errors.map((e) => `${e.errorId}: ${e.message}`).join('; ')}`);
  return JSON.parse(JSON.stringify(ran.output)) as unknown[];
}

export async function errorOf(code: string): Promise<{ errorId: string; message: string; exitCode: number }> {
  const ran = await run(code);
  expect(ran.errors.length).toBeGreaterThan(0);
  return { ...ran.errors[0], exitCode: ran.exitCode };
}
