// Shared set-up for the Invoke-KrCookieSignOut tests: temp dirs with a cookies.txt jar and a
// kr.config.json, a runspace over a RecordingHost, and the canary values no output may hold.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunspace } from '../../src/index.js';
import type { KrSettings } from '../../src/runtime/cmdlet.js';
import { RecordingHost } from '../../src/runtime/host-recording.js';
import type { InvocationResult } from '../../src/runtime/runspace.js';

/** A cookie value that must never be printed. */
export const CANARY = 'CANARY-cookie-value-7f3a9c';

export interface JarLine {
  name: string;
  value: string;
  domain?: string;
  path?: string;
  httpOnly?: boolean;
}

export function netscapeJar(cookies: readonly JarLine[]): string {
  const lines = ['# Netscape HTTP Cookie File', '# written by a kr test', ''];
  for (const c of cookies) {
    const domain = c.domain ?? '127.0.0.1';
    const prefix = c.httpOnly ? '#HttpOnly_' : '';
    lines.push(`${prefix}${domain}\t${domain.startsWith('.') ? 'TRUE' : 'FALSE'}\t${c.path ?? '/'}\tFALSE\t0\t${c.name}\t${c.value}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The auth cookie of `base` as ASP.NET's chunking cookie manager writes it: `chunks-N` + N chunks. */
export function chunkedAuthCookie(base: string, chunks: number, domain = '127.0.0.1'): JarLine[] {
  return [
    { name: base, value: `chunks-${chunks}`, domain, httpOnly: true },
    ...Array.from({ length: chunks }, (_, i) => ({ name: `${base}C${i + 1}`, value: `${CANARY}-${i + 1}`, domain, httpOnly: true })),
  ];
}

export const OTHER_COOKIES: readonly JarLine[] = [
  { name: 'theme', value: 'dark' },
  { name: 'session-id', value: `${CANARY}-session` },
  { name: 'theme', value: `${CANARY}-elsewhere`, domain: 'other.example' },
];

export interface Workspace {
  dir: string;
  jar: string;
  config: string;
  tokens: string;
  writeJar(cookies: readonly JarLine[]): Promise<string>;
  writeConfig(config: unknown): Promise<void>;
  readJar(): Promise<string>;
  run(code: string, options?: { settings?: KrSettings; answers?: string[]; interactive?: boolean; env?: Record<string, string> }): Promise<Ran>;
  dispose(): Promise<void>;
}

export interface Ran {
  result: InvocationResult;
  host: RecordingHost;
  /** Everything a person or a machine could see: host lines, the result document, error texts. */
  everything: string;
}

export async function workspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'kr-signout-'));
  const jar = join(dir, 'jar.txt');
  const config = join(dir, 'kr.config.json');
  const tokens = join(dir, 'tokens.json');
  return {
    dir,
    jar,
    config,
    tokens,
    async writeJar(cookies) {
      const text = netscapeJar(cookies);
      await writeFile(jar, text);
      return text;
    },
    writeConfig: (value) => writeFile(config, JSON.stringify(value, null, 2)),
    readJar: () => readFile(jar, 'utf8'),
    async run(code, options = {}) {
      const env = { HOME: dir, KR_TOKENS: tokens, ...(options.env ?? {}) };
      const host = new RecordingHost({ answers: options.answers, interactive: options.interactive, env, cwd: dir });
      const runspace = createRunspace({ host, env, cwd: dir, settings: { jar, ...(options.settings ?? {}) } });
      const result = await runspace.invoke(code);
      const everything = [
        ...host.lines.map((l) => l.text),
        ...host.transcript,
        JSON.stringify(result),
        ...host.errors.map((e) => `${e.message} ${String(e.cause ?? '')}`),
      ].join('\n');
      return { result, host, everything };
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The report object as `--json` shows it. */
export function reportOf(ran: Ran): Record<string, unknown> {
  expect(ran.result.output).toHaveLength(1);
  return JSON.parse(JSON.stringify(ran.result.output[0])) as Record<string, unknown>;
}
