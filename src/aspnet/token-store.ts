// Where kr finds a session's saved tokens.
//
// ASP.NET's SaveTokens keeps id_token/access_token/refresh_token inside the encrypted
// authentication ticket (the cookie), which only the app's data-protection keys can open.
// kr cannot read it, so the client that logged in (a CI login script, a test) records the
// tokens it received in kr's token store, and kr uses them for `id_token_hint` (Oidc) and
// for RFC 7009 revocation (OAuth2).
//
// Location: `--tokens <file>` (KrSettings `tokens`), else env `KR_TOKENS`, else
// `~/.kr/tokens.json`. The file is a secret: written with mode 0600 (directory 0700),
// through a temp file + fsync + rename so a reader never sees half a file.
//
// Format (version 1):
//   {
//     "version": 1,
//     "sessions": {
//       "http://127.0.0.1:5000": {                 <- origin of the app (scheme://host:port)
//         "oidc": {                                <- authentication scheme name (case-sensitive, as ASP.NET)
//           "id_token": "eyJ...", "access_token": "...", "refresh_token": "...",
//           "saved_at": "2025-01-01T00:00:00.000Z"
//         }
//       }
//     },
//     "pendingLogouts": {
//       "<state>": { "scheme": "oidc", "origin": "http://127.0.0.1:5000",
//                    "redirectUri": "http://127.0.0.1:5000/bye", "postLogoutRedirectUri": "...",
//                    "created_at": "..." }
//     }
//   }
// Every token field is optional. After a sign-out the scheme's entry is removed.
// `pendingLogouts` is how kr carries an OIDC sign-out's final RedirectUri across the
// identity provider (see oidc-handler.ts: kr's `state` is an opaque random key into it).
//
// Env `KR_ID_TOKEN` is a one-shot id_token_hint for a single run: used, never stored.

import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { acquireJarLock, canonicalJarPath, cleanLeftovers, writeJarAtomic, type ReleaseLock } from '../jar/file.js';
import { KrError } from '../params/errors.js';
import { FileTooLarge, NotARegularFile, readDocumentFile } from '../io/read.js';

/** Tokens of many sessions are still kilobytes; past this a file is not a token store. */
export const MAX_TOKEN_STORE_BYTES = 8 * 1024 * 1024;

export const TOKEN_KINDS = ['id_token', 'access_token', 'refresh_token'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export type SavedTokens = Partial<Record<TokenKind, string>>;

interface StoredSession extends SavedTokens {
  saved_at?: string;
}

export interface PendingLogout {
  scheme: string;
  origin: string;
  /** Where the user agent should land once the provider has sent it back (absolute). */
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** The scheme's tokens stay until this logout lands on its callback (--follow): removed there. */
  tokensKept?: boolean;
  created_at: string;
}

interface TokenFile {
  version: 1;
  sessions: Record<string, Record<string, StoredSession>>;
  pendingLogouts: Record<string, PendingLogout>;
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface TokenStorePathOptions {
  /** `--tokens` / KrSettings `tokens`. */
  tokens?: string;
  env?: Env;
  /** For tests and embedders; defaults to the env's HOME, else os.homedir() (as the jar's default path does). */
  home?: string;
  cwd?: string;
}

export function resolveTokenStorePath(options: TokenStorePathOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const chosen = options.tokens || options.env?.KR_TOKENS;
  if (chosen) return resolve(cwd, chosen);
  return join(options.home ?? (options.env?.HOME || homedir()), '.kr', 'tokens.json');
}

/** The one-shot hint from env `KR_ID_TOKEN`, if any. */
export function idTokenFromEnv(env: Env): string | undefined {
  const value = env.KR_ID_TOKEN?.trim();
  return value ? value : undefined;
}

/** What may be printed about a token: that it exists, and its size. Never its value. */
export function redactToken(token: string | undefined | null): string {
  return token ? `***(${token.length} chars)` : '(none)';
}

/** The origin a session is keyed by: scheme://host[:port] of the app URL. */
export function sessionOrigin(url: URL | string): string {
  return new URL(url.toString()).origin;
}

const emptyFile = (): TokenFile => ({ version: 1, sessions: {}, pendingLogouts: {} });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The file as JSON: what a save re-reads and edits, so fields kr does not know are kept. */
type RawTokenFile = Record<string, unknown>;

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The parser's message can quote file content (a token): name the file only.
    throw invalid(path, 'it is not valid JSON');
  }
}

function parseTokenFile(text: string, path: string): TokenFile {
  return validateTokenFile(parseJson(text, path), path);
}

function validateTokenFile(parsed: unknown, path: string): TokenFile {
  if (!isRecord(parsed) || parsed.version !== 1) throw invalid(path, 'expected {"version": 1, ...}');
  const sessions = parsed.sessions ?? {};
  const pending = parsed.pendingLogouts ?? {};
  if (!isRecord(sessions) || !isRecord(pending)) throw invalid(path, '"sessions" and "pendingLogouts" must be objects');
  const file = emptyFile();
  for (const [origin, schemes] of Object.entries(sessions)) {
    if (!isRecord(schemes)) throw invalid(path, `"sessions.${origin}" must be an object`);
    file.sessions[origin] = {};
    for (const [scheme, entry] of Object.entries(schemes)) {
      if (!isRecord(entry)) throw invalid(path, `the entry for scheme '${scheme}' must be an object`);
      const session: StoredSession = {};
      for (const kind of TOKEN_KINDS) {
        const value = entry[kind];
        if (value === undefined || value === null) continue;
        if (typeof value !== 'string') throw invalid(path, `"${kind}" of scheme '${scheme}' must be a string`);
        session[kind] = value;
      }
      if (typeof entry.saved_at === 'string') session.saved_at = entry.saved_at;
      file.sessions[origin][scheme] = session;
    }
  }
  for (const [state, record] of Object.entries(pending)) {
    if (
      isRecord(record) &&
      typeof record.scheme === 'string' &&
      typeof record.origin === 'string' &&
      typeof record.redirectUri === 'string' &&
      typeof record.postLogoutRedirectUri === 'string'
    ) {
      file.pendingLogouts[state] = {
        scheme: record.scheme,
        origin: record.origin,
        redirectUri: record.redirectUri,
        postLogoutRedirectUri: record.postLogoutRedirectUri,
        ...(record.tokensKept === true ? { tokensKept: true } : {}),
        created_at: typeof record.created_at === 'string' ? record.created_at : new Date(0).toISOString(),
      };
    }
  }
  return file;
}

function invalid(path: string, why: string): KrError {
  return new KrError('TokenStoreInvalid', `The token store '${path}' cannot be read: ${why}.`, {
    category: 'InvalidData',
  });
}

/** Pending logouts older than this are dropped on save: a sign-out is finished in seconds, not days. */
const PENDING_LOGOUT_TTL_MS = 24 * 60 * 60 * 1000;

/** One change to the store, replayed on the file as it is when saving (other processes may have changed it). */
type Mutation = (raw: RawTokenFile) => void;

function objectAt(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = parent[key];
  if (isRecord(value)) return value;
  const fresh: Record<string, unknown> = {};
  parent[key] = fresh;
  return fresh;
}

export class TokenStore {
  /** The changes since opening, in order: a save applies them to the file as re-read under the lock. */
  private readonly mutations: Mutation[] = [];

  private constructor(
    readonly path: string,
    private readonly file: TokenFile,
    /** False when no file existed (saving creates it). */
    readonly existed: boolean,
  ) {}

  /** Reads the store at `path`; a missing file is an empty store. */
  static async open(path: string): Promise<TokenStore> {
    const text = await readStoreText(path);
    if (text === undefined) return new TokenStore(path, emptyFile(), false);
    return new TokenStore(path, parseTokenFile(text, path), true);
  }

  /** Every token value in the store, for scrubbing output (never for printing). */
  tokenValues(): string[] {
    const values: string[] = [];
    for (const schemes of Object.values(this.file.sessions)) {
      for (const entry of Object.values(schemes)) for (const kind of TOKEN_KINDS) if (entry[kind]) values.push(entry[kind]);
    }
    return values;
  }

  get changed(): boolean {
    return this.mutations.length > 0;
  }

  get(scheme: string, origin: string): SavedTokens | undefined {
    const entry = this.file.sessions[origin]?.[scheme];
    if (!entry) return undefined;
    const tokens: SavedTokens = {};
    for (const kind of TOKEN_KINDS) if (entry[kind]) tokens[kind] = entry[kind];
    return tokens;
  }

  /** Which token kinds are known for the scheme (safe to print). */
  kinds(scheme: string, origin: string): TokenKind[] {
    const tokens = this.get(scheme, origin) ?? {};
    return TOKEN_KINDS.filter((kind) => tokens[kind] !== undefined);
  }

  set(scheme: string, origin: string, tokens: SavedTokens, now: Date = new Date()): void {
    const entry: StoredSession = {};
    for (const kind of TOKEN_KINDS) if (tokens[kind]) entry[kind] = tokens[kind];
    entry.saved_at = now.toISOString();
    (this.file.sessions[origin] ??= {})[scheme] = entry;
    this.mutations.push((raw) => {
      const stored = objectAt(objectAt(objectAt(raw, 'sessions'), origin), scheme);
      for (const kind of TOKEN_KINDS) delete stored[kind];
      Object.assign(stored, entry);
    });
  }

  /** Removes the scheme's tokens; true when there was an entry. */
  remove(scheme: string, origin: string): boolean {
    const schemes = this.file.sessions[origin];
    if (!schemes || !(scheme in schemes)) return false;
    delete schemes[scheme];
    if (Object.keys(schemes).length === 0) delete this.file.sessions[origin];
    this.mutations.push((raw) => {
      const sessions = raw.sessions;
      if (!isRecord(sessions) || !isRecord(sessions[origin])) return;
      const bySite = sessions[origin] as Record<string, unknown>;
      delete bySite[scheme];
      if (Object.keys(bySite).length === 0) delete sessions[origin];
    });
    return true;
  }

  addPendingLogout(state: string, record: Omit<PendingLogout, 'created_at'>, now: Date = new Date()): void {
    const full = { ...record, created_at: now.toISOString() };
    this.file.pendingLogouts[state] = full;
    this.mutations.push((raw) => {
      objectAt(raw, 'pendingLogouts')[state] = { ...full };
    });
  }

  /** The states of the pending logouts (secrets: for the store's own bookkeeping and tests, never printed). */
  pendingLogoutStates(): string[] {
    return Object.keys(this.file.pendingLogouts);
  }

  peekPendingLogout(state: string): PendingLogout | undefined {
    const record = this.file.pendingLogouts[state];
    return record ? { ...record } : undefined;
  }

  /** The pending logout for `state`, removed from the store (a state is good for one landing). */
  takePendingLogout(state: string): PendingLogout | undefined {
    const record = this.peekPendingLogout(state);
    if (record) {
      delete this.file.pendingLogouts[state];
      this.mutations.push((raw) => {
        if (isRecord(raw.pendingLogouts)) delete raw.pendingLogouts[state];
      });
    }
    return record;
  }

  /** Drops the scheme's other pending logouts at `origin` (a logout the provider confirmed makes earlier, failed ones moot). */
  dropPendingLogouts(scheme: string, origin: string): void {
    for (const [state, record] of Object.entries(this.file.pendingLogouts)) {
      if (record.scheme === scheme && record.origin === origin) this.takePendingLogout(state);
    }
  }

  /**
   * Writes this run's changes, as the jar is written: under the store's lock, the file is read
   * again and the changes replayed on it (so parallel runs lose none of each other's), fields
   * kr does not know are kept, stale pending logouts dropped, then temp file + fsync + rename
   * on the symlink's target, mode kept (0600 for a new store).
   */
  async save(now: Date = new Date()): Promise<void> {
    if (this.mutations.length === 0) return;
    const target = await canonicalJarPath(this.path);
    let release: ReleaseLock;
    try {
      release = await acquireJarLock(target);
    } catch (error) {
      throw writeFailed(this.path, error);
    }
    try {
      await cleanLeftovers(target);
      const text = await readStoreText(target);
      const raw: RawTokenFile = text === undefined ? { ...emptyFile() } : (parseJson(text, this.path) as RawTokenFile);
      if (text !== undefined) validateTokenFile(raw, this.path);
      for (const mutation of this.mutations) mutation(raw);
      if (isRecord(raw.pendingLogouts)) {
        for (const [state, record] of Object.entries(raw.pendingLogouts)) {
          const created = isRecord(record) && typeof record.created_at === 'string' ? Date.parse(record.created_at) : NaN;
          if (!(now.getTime() - created <= PENDING_LOGOUT_TTL_MS)) delete raw.pendingLogouts[state];
        }
      }
      const mode = text === undefined ? null : await fileMode(target);
      await writeJarAtomic(target, Buffer.from(`${JSON.stringify(raw, null, 2)}\n`, 'utf8'), { mode });
      this.mutations.length = 0;
    } catch (error) {
      if (error instanceof KrError && error.errorId.startsWith('TokenStore')) throw error;
      throw writeFailed(this.path, error);
    } finally {
      await release();
    }
  }
}

/** The store's text; undefined when there is no file. Only a regular file of sane size is read. */
async function readStoreText(path: string): Promise<string | undefined> {
  try {
    return await readDocumentFile(path, MAX_TOKEN_STORE_BYTES);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const why = error instanceof NotARegularFile || error instanceof FileTooLarge ? error.message : ((error as NodeJS.ErrnoException).code ?? 'error');
    throw new KrError('TokenStoreUnreadable', `The token store '${path}' cannot be read: ${why}.`, { category: 'ReadError' });
  }
}

async function fileMode(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mode & 0o7777;
  } catch {
    return null;
  }
}

function writeFailed(path: string, error: unknown): KrError {
  // the jar helpers name "the cookie jar": say it in the store's words, with the cause's own reason
  const reason = error instanceof KrError ? error.message.replace(/^.*?: /, '') : ((error as NodeJS.ErrnoException).code ?? 'error');
  return new KrError('TokenStoreWriteFailed', `The token store '${path}' cannot be written: ${reason}`, { category: 'WriteError', cause: error });
}

/** A store opened on first use, once (handlers that may never need it do not read the file). */
export type TokenStoreSource = TokenStore | (() => Promise<TokenStore>);

export function lazyTokenStore(path: string): () => Promise<TokenStore> {
  let opening: Promise<TokenStore> | undefined;
  return () => (opening ??= TokenStore.open(path));
}

export async function resolveTokenStore(source: TokenStoreSource | undefined): Promise<TokenStore | undefined> {
  return typeof source === 'function' ? source() : source;
}
