// The interactive shell's history: kept in memory for the arrow keys and appended to a
// file (KR_HISTORY, else ~/.kr/history; mode 0600) as each entry is entered. Values of
// parameters declared `sensitive` are masked BEFORE an entry is kept anywhere, so a secret
// typed at the prompt never reaches the file nor the arrow keys.
//
// File format (PSReadLine's): one entry a line; an entry of several lines has a backtick
// at the end of each line but its last.

import { appendFileSync, chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { resolveMetadata, type CommandDeclaration } from '../params/metadata.js';
import type { Environment } from '../runtime/host.js';
import { assignWords } from './word-roles.js';
import { lexInput, type Word } from './words.js';

export const MASK = '********';
const DEFAULT_LIMIT = 1000;

export function historyPath(env: Environment, cwd: string, home: string = homedir()): string {
  const override = env.KR_HISTORY;
  return override ? resolve(cwd, override) : join(home, '.kr', 'history');
}

/** `text` with every value of a sensitive parameter replaced by MASK (spans found by the binder's rules). */
export function maskSecrets(text: string, commands: readonly { readonly declaration: CommandDeclaration }[]): string {
  const spans: { start: number; end: number }[] = [];
  for (const statement of lexInput(text).statements) {
    const [name, ...args] = statement;
    if (!name) continue;
    const folded = name.text.toLowerCase();
    const command = commands.find(
      (c) => c.declaration.name.toLowerCase() === folded || (c.declaration.aliases ?? []).some((a) => a.toLowerCase() === folded),
    );
    if (!command) continue;
    const { roles } = assignWords(resolveMetadata(command.declaration), args.map((w: Word) => w.text));
    const masked = (parameter: { sensitive?: boolean; mayHoldSecrets?: boolean } | undefined) =>
      parameter?.sensitive === true || parameter?.mayHoldSecrets === true;
    roles.forEach((role, k) => {
      const word = args[k];
      if (role.kind === 'value' && masked(role.parameter)) spans.push({ start: word.start, end: word.end });
      if (role.kind === 'parameter' && masked(role.parameter) && role.valueOffset !== undefined) {
        spans.push({ start: word.start + role.valueOffset, end: word.end });
      }
    });
  }
  let out = text;
  for (const span of spans.sort((a, b) => b.start - a.start)) out = out.slice(0, span.start) + MASK + out.slice(span.end);
  return out;
}

export class History {
  /** Newest first, as node:readline wants it. */
  readonly entries: string[] = [];

  constructor(
    readonly file: string | undefined,
    private readonly limit = DEFAULT_LIMIT,
  ) {}

  /** Reads the file (a missing or unreadable file is an empty history: the shell still starts). */
  load(): this {
    if (!this.file) return this;
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return this;
    }
    const entries: string[] = [];
    let pending: string[] = [];
    for (const line of text.split('\n')) {
      if (line.endsWith('`')) {
        pending.push(line.slice(0, -1));
        continue;
      }
      const entry = [...pending, line].join('\n');
      pending = [];
      if (entry.trim() !== '') entries.push(entry);
    }
    this.entries.splice(0, this.entries.length, ...entries.reverse().slice(0, this.limit));
    return this;
  }

  /** Keeps an entry (already masked) in memory and appends it to the file. */
  add(entry: string): void {
    // Blank lines and a repeat of the last entry are not worth a line in the file.
    if (entry.trim() === '' || this.entries[0] === entry) return;
    this.entries.unshift(entry);
    if (this.entries.length > this.limit) this.entries.length = this.limit;
    if (!this.file) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
      appendFileSync(this.file, `${entry.split('\n').join('`\n')}\n`, { mode: 0o600 });
      chmodSync(this.file, 0o600);
    } catch {
      // A read-only home must not end the session; the in-memory history still works.
    }
  }
}
