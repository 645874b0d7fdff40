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

import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { KrError } from '../params/errors.js';

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

function parseTokenFile(text: string, path: string): TokenFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message can quote file content (a token): name the file only.
    throw invalid(path, 'it is not valid JSON');
  }
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

export class TokenStore {
  private dirty = false;

  private constructor(
    readonly path: string,
    private readonly file: TokenFile,
    /** False when no file existed (saving creates it). */
    readonly existed: boolean,
  ) {}

  /** Reads the store at `path`; a missing file is an empty store. */
  static async open(path: string): Promise<TokenStore> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new TokenStore(path, emptyFile(), false);
      throw new KrError(
        'TokenStoreUnreadable',
        `The token store '${path}' cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
        { category: 'ReadError' },
      );
    }
    return new TokenStore(path, parseTokenFile(text, path), true);
  }

  get changed(): boolean {
    return this.dirty;
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
    this.dirty = true;
  }

  /** Removes the scheme's tokens; true when there was an entry. */
  remove(scheme: string, origin: string): boolean {
    const schemes = this.file.sessions[origin];
    if (!schemes || !(scheme in schemes)) return false;
    delete schemes[scheme];
    if (Object.keys(schemes).length === 0) delete this.file.sessions[origin];
    this.dirty = true;
    return true;
  }

  addPendingLogout(state: string, record: Omit<PendingLogout, 'created_at'>, now: Date = new Date()): void {
    this.file.pendingLogouts[state] = { ...record, created_at: now.toISOString() };
    this.dirty = true;
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
      this.dirty = true;
    }
    return record;
  }

  /** Writes the store if anything changed: temp file (0600) + fsync + rename. */
  async save(now: Date = new Date()): Promise<void> {
    for (const [state, record] of Object.entries(this.file.pendingLogouts)) {
      if (now.getTime() - Date.parse(record.created_at) > PENDING_LOGOUT_TTL_MS) {
        delete this.file.pendingLogouts[state];
        this.dirty = true;
      }
    }
    if (!this.dirty) return;
    await writeSecretFileAtomic(this.path, `${JSON.stringify(this.file, null, 2)}\n`);
    this.dirty = false;
  }
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

async function writeSecretFileAtomic(path: string, content: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${randomBytes(6).toString('hex')}.tokens.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      // The process umask cannot widen 0o600, but chmod makes the intent explicit.
      await handle.chmod(0o600);
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new KrError(
      'TokenStoreWriteFailed',
      `The token store '${path}' cannot be written: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
      { category: 'WriteError' },
    );
  }
}
