// ASP.NET's ChunkingCookieManager (src/Shared/ChunkingCookieManager): a cookie too large
// for one Set-Cookie is sent as `Name=chunks-N` plus `NameC1`..`NameCN`, and reassembled
// from the request. Followed line by line, including its delete rule: the chunk count comes
// from the request's base cookie, and C1..CN are all deleted whether or not each arrived.

import type { HttpContext } from './context.js';
import { HttpErrors } from './errors.js';
import { UNIX_EPOCH, appendResponseCookie, formatSetCookie } from './set-cookie.js';
import type { CookieOptions } from './set-cookie.js';

export const DEFAULT_CHUNK_SIZE = 4050;
const CHUNK_KEY_SUFFIX = 'C';
const CHUNK_COUNT_PREFIX = 'chunks-';

/** What a read found: the value (reassembled) or why the request holds no usable cookie. */
export interface ChunkedCookieRead {
  /** The reassembled value; for an incomplete chunked cookie, ASP.NET's fallback (`chunks-N`). A secret. */
  value: string | undefined;
  /** 0 for a plain cookie. */
  chunkCount: number;
  /** Chunk names expected but missing (or empty) in the request. */
  missingChunks: string[];
  /** True when the cookie is present and, if chunked, every chunk arrived. */
  complete: boolean;
}

/** `chunks-N` -> N (digits only, as NumberStyles.None); anything else -> 0. */
export function parseChunksCount(value: string | undefined): number {
  if (value === undefined || !value.startsWith(CHUNK_COUNT_PREFIX)) return 0;
  const digits = value.slice(CHUNK_COUNT_PREFIX.length);
  if (!/^[0-9]+$/.test(digits)) return 0;
  const n = Number(digits);
  return Number.isSafeInteger(n) && n <= 0x7fffffff ? n : 0;
}

export function chunkName(key: string, index: number): string {
  return `${key}${CHUNK_KEY_SUFFIX}${index}`;
}

export class ChunkingCookieManager {
  /** null disables chunking. */
  chunkSize: number | null = DEFAULT_CHUNK_SIZE;
  throwForPartialCookies = false;

  /** GetRequestCookie, with the chunk bookkeeping kr reports. */
  read(context: HttpContext, key: string): ChunkedCookieRead {
    const cookies = context.request.cookies;
    const value = cookies.get(key);
    const chunkCount = parseChunksCount(value);
    if (chunkCount === 0) {
      return { value, chunkCount: 0, missingChunks: [], complete: value !== undefined && value !== '' };
    }
    const chunks: string[] = [];
    const missingChunks: string[] = [];
    for (let i = 1; i <= chunkCount; i++) {
      const chunk = cookies.get(chunkName(key, i));
      if (chunk === undefined || chunk === '') missingChunks.push(chunkName(key, i));
      else chunks.push(chunk);
    }
    if (missingChunks.length > 0) {
      if (this.throwForPartialCookies) {
        // ASP.NET stops at the first missing chunk and counts what came before it.
        const found = Number(missingChunks[0].slice(key.length + CHUNK_KEY_SUFFIX.length)) - 1;
        const totalSize = chunks.slice(0, found).reduce((sum, c) => sum + c.length, 0);
        throw HttpErrors.incompleteChunkedCookie(found, chunkCount, totalSize);
      }
      // ASP.NET returns the `chunks-N` marker itself; the ticket then fails to unprotect.
      return { value, chunkCount, missingChunks, complete: false };
    }
    return { value: chunks.join(''), chunkCount, missingChunks, complete: true };
  }

  /** GetRequestCookie: the reassembled value, or ASP.NET's fallback for a partial cookie. */
  getRequestCookie(context: HttpContext, key: string): string | undefined {
    return this.read(context, key).value;
  }

  /** AppendResponseCookie: one Set-Cookie, or `chunks-N` plus N chunk cookies. */
  appendResponseCookie(context: HttpContext, key: string, value: string | undefined, options: CookieOptions): void {
    const response = context.response;
    if (value === undefined || value === '') {
      appendResponseCookie(response, key, '', options);
      return;
    }
    const templateLength = formatSetCookie(key, '', options).length;
    if (this.chunkSize === null || this.chunkSize > templateLength + value.length) {
      appendResponseCookie(response, key, value, options);
      return;
    }
    if (this.chunkSize < templateLength + 10) throw HttpErrors.cookieChunkTooSmall();
    // Budget 3 characters for the chunk id, as ASP.NET does.
    const perCookie = this.chunkSize - templateLength - 3;
    const count = Math.ceil(value.length / perCookie);
    appendResponseCookie(response, key, `${CHUNK_COUNT_PREFIX}${count}`, options);
    for (let i = 1; i <= count; i++) {
      appendResponseCookie(response, chunkName(key, i), value.slice((i - 1) * perCookie, i * perCookie), options);
    }
  }

  /**
   * DeleteCookie: drops Set-Cookie lines already queued for the base cookie or chunks
   * C1..C(N+1) (filtered by domain, else path, as ASP.NET does), then appends expired,
   * empty cookies for the base name and C1..CN, where N is the request's chunk count.
   * Returns the deleted names in order.
   */
  deleteCookie(context: HttpContext, key: string, options: CookieOptions): string[] {
    const chunks = parseChunksCount(context.request.cookies.get(key));
    const prefixes = [`${key}=`];
    for (let i = 1; i <= chunks + 1; i++) prefixes.push(`${chunkName(key, i)}=`);

    const lower = (s: string) => s.toLowerCase();
    const matchesKey = (line: string) => prefixes.some((p) => lower(line).startsWith(lower(p)));
    const reject: (line: string) => boolean = options.domain
      ? (line) => matchesKey(line) && lower(line).includes(lower(`domain=${options.domain}`))
      : options.path
        ? (line) => matchesKey(line) && lower(line).includes(lower(`path=${options.path}`))
        : matchesKey;

    const headers = context.response.headers;
    const existing = headers.getAll('Set-Cookie');
    if (existing.length > 0) headers.set('Set-Cookie', existing.filter((line) => !reject(line)));

    const names = [key];
    for (let i = 1; i <= chunks; i++) names.push(chunkName(key, i));
    const deleteOptions: CookieOptions = {
      path: options.path,
      domain: options.domain,
      sameSite: options.sameSite,
      secure: options.secure,
      isEssential: options.isEssential,
      expires: UNIX_EPOCH,
      httpOnly: options.httpOnly,
    };
    for (const name of names) appendResponseCookie(context.response, name, '', deleteOptions);
    return names;
  }
}
