// The secrets one invocation holds or sends (cookie values, tokens, client secrets, URL
// passwords, form fields), in every encoding kr itself produces for them, so the one place
// where output leaves kr (the runspace's result collector) can scrub any text that echoes one:
// an HTTP client's error quoting a URL with credentials, a server page quoting a cookie of an
// earlier hop, an error echoing an `Authorization: Basic` header. Pure: no I/O.

export const SECRET_MASK = '***';

/** Shorter values are too likely to be ordinary words ('1', 'ok'); they are never printed by kr anyway. */
const MIN_SECRET_LENGTH = 4;

/** RFC 6749 §2.3.1's form encoding, as OAuth clients (oauth4webapi) build Basic credentials. */
function strictFormEncode(value: string): string {
  return encodeURIComponent(value).replace(/[-_.!~*'()]|%20/g, (c) => (c === '%20' ? '+' : `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
}

export class SecretSet {
  private readonly values = new Set<string>();
  private sorted: string[] | undefined;

  get size(): number {
    return this.values.size;
  }

  /** A secret as kr may send it: raw, percent-encoded, form-encoded, base64 and base64url. */
  add(value: string | null | undefined): void {
    if (value === null || value === undefined || value.length < MIN_SECRET_LENGTH) return;
    const forms = [value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)];
    const base64 = Buffer.from(value, 'utf8').toString('base64');
    forms.push(base64, base64.replace(/=+$/, ''), Buffer.from(value, 'utf8').toString('base64url'));
    for (const form of forms) if (form.length >= MIN_SECRET_LENGTH) this.values.add(form);
    this.sorted = undefined;
  }

  /** HTTP Basic credentials (`id:secret`, and the form-encoded pair RFC 6749 §2.3.1 sends), each also base64. */
  addBasic(id: string, secret: string | undefined): void {
    if (secret === undefined || secret === '') return;
    this.add(secret);
    this.add(strictFormEncode(secret));
    this.add(`${id}:${secret}`);
    this.add(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`);
    this.add(`${strictFormEncode(id)}:${strictFormEncode(secret)}`);
  }

  /** The username and password of a URL (`http://user:pw@host/`). */
  addUrlCredentials(value: string | URL | undefined): void {
    if (value === undefined) return;
    try {
      const url = typeof value === 'string' ? new URL(value) : value;
      if (url.password !== '') {
        this.add(decodeURIComponent(url.password));
        this.add(url.password);
        this.add(`${url.username}:${url.password}`);
      }
    } catch {
      // not a URL: nothing to register
    }
  }

  addAll(values: Iterable<string | null | undefined>): void {
    for (const value of values) this.add(value);
  }

  /** `text` with every known secret (longest first, so no fragment of one survives) masked. */
  scrub(text: string): string {
    if (this.values.size === 0 || text === '') return text;
    this.sorted ??= [...this.values].sort((a, b) => b.length - a.length);
    let out = text;
    for (const secret of this.sorted) if (out.includes(secret)) out = out.split(secret).join(SECRET_MASK);
    return out;
  }
}
