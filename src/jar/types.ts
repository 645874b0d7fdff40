// The jar contract shared by src/jar (which implements it) and src/aspnet, src/agent / src/cmdlets
// (which use it). A jar is opened under its lock, read losslessly, changed only through
// Set-Cookie lines (tough-cookie's rules), and saved atomically.

/** cookies.txt (curl, wget, Python) and the JSON jars of tough-cookie, Playwright and Puppeteer. */
export type JarFormat = 'netscape' | 'tough-json' | 'playwright' | 'puppeteer';

export interface JarCookie {
  name: string;
  /** Raw value, exactly as stored. A secret: never print it. */
  value: string;
  /** Lower-case, without a leading dot. */
  domain: string;
  /** true = host-only cookie (Netscape include-subdomains FALSE, no leading dot). */
  hostOnly: boolean;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  /** Epoch seconds; null = session cookie (Netscape expiry 0). */
  expires: number | null;
  sameSite?: 'strict' | 'lax' | 'none';
  /** The port wget recorded (its domain column `host:port`); browsers and curl record none. */
  port?: number;
}

/** A problem in the jar file. Never carries a cookie value. */
export interface JarWarning {
  line: number;
  message: string;
}

/** Identifies a cookie the way a browser does: name + domain + path. */
export interface CookieKey {
  name: string;
  domain: string;
  path: string;
}

export interface JarChanges {
  removed: JarCookie[];
  added: JarCookie[];
  updated: JarCookie[];
}

export interface JarSession {
  readonly path: string;
  readonly format: JarFormat;
  /** False when the file did not exist (an empty jar; saving creates it with mode 0600). */
  readonly existed: boolean;
  readonly warnings: readonly JarWarning[];
  /** Every cookie currently in the jar (after any applied responses). */
  cookies(): readonly JarCookie[];
  /** `cookies().length`, without building them: cheap on a 100,000-cookie jar. */
  count(): number;
  /** The cookies a user agent would send to `url` (tough-cookie's domain/path/secure/expiry rules), in send order. */
  requestCookies(url: URL): JarCookie[];
  /** Process Set-Cookie lines received from `url` as a browser would; returns what changed. Does not write. */
  applySetCookies(url: URL, setCookieLines: readonly string[]): JarChanges;
  /** Everything changed since the session opened. */
  changes(): JarChanges;
  /**
   * Write the jar if anything changed: untouched lines byte for byte, temp file + fsync + rename,
   * existing mode kept, new file 0600. Expired cookies never reach the file.
   */
  save(): Promise<void>;
}
