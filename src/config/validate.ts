// Strict validation of kr.config.json: every field is checked for type, enum, URL or
// path shape; unknown fields are rejected (a typo must not silently fall back to a
// default). The first problem found is reported, with file, line:column and JSON path.

import { ConfigErrors } from './errors.js';
import { JsonSyntaxError, jsonPath, parseJson } from './json-source.js';
import type { JsonDocument, JsonObject, JsonValue } from './json-source.js';
import { isHttpUrl, redactUrl } from '../aspnet/url.js';
import { SCHEME_KINDS } from './types.js';
import type { KrConfig, SchemeConfig, SchemeKind } from './types.js';

type FieldType =
  | { type: 'string' }
  | { type: 'boolean' }
  | { type: 'url' }
  | { type: 'path' }
  | { type: 'pathOrUrl' }
  | { type: 'envName' }
  | { type: 'cookieName' }
  | { type: 'domain' }
  | { type: 'schemeName' }
  | { type: 'enum'; values: readonly string[] };

type FieldSpecs = Record<string, FieldType>;

const str: FieldType = { type: 'string' };
const bool: FieldType = { type: 'boolean' };
const url: FieldType = { type: 'url' };
const path: FieldType = { type: 'path' };
const envName: FieldType = { type: 'envName' };

const FIELDS: Record<SchemeKind, FieldSpecs> = {
  Cookies: {
    cookieName: { type: 'cookieName' },
    domain: { type: 'domain' },
    path,
    loginPath: path,
    logoutPath: path,
    accessDeniedPath: path,
    returnUrlParameter: str,
    secure: { type: 'enum', values: ['SameAsRequest', 'Always', 'None'] },
    sameSite: { type: 'enum', values: ['Lax', 'Strict', 'None', 'Unspecified'] },
    httpOnly: bool,
  },
  Oidc: {
    authority: url,
    issuer: url,
    metadataAddress: url,
    clientId: str,
    clientSecretEnv: envName,
    idTokenHintEnv: envName,
    logoutHintEnv: envName,
    signedOutCallbackPath: path,
    signedOutRedirectUri: { type: 'pathOrUrl' },
    cookieScheme: { type: 'schemeName' },
    saveTokens: bool,
  },
  OAuth2: {
    authorizationEndpoint: url,
    tokenEndpoint: url,
    revocationEndpoint: url,
    clientId: str,
    clientSecretEnv: envName,
    callbackPath: path,
    cookieScheme: { type: 'schemeName' },
    saveTokens: bool,
  },
};

const TOP_LEVEL: FieldSpecs = {
  $schema: str,
  url,
  pathBase: path,
  probePath: path,
  logoutEndpoint: path,
  logoutMethod: { type: 'enum', values: ['GET', 'POST'] },
  logoutAntiforgeryField: str,
  logoutAntiforgeryCookie: str,
  logoutAntiforgeryHeader: str,
};

/** Fields people reach for that would put a secret in the file. */
const SECRET_FIELDS: Record<string, string> = {
  clientsecret: 'clientSecretEnv',
  secret: 'clientSecretEnv',
  idtoken: 'idTokenHintEnv',
  idtokenhint: 'idTokenHintEnv',
};

/** Parses and validates a config file's text. `file` is only used in messages. */
export function parseConfig(text: string, file: string): KrConfig {
  let doc: JsonDocument;
  try {
    doc = parseJson(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw ConfigErrors.syntax(file, err.detail, err.position);
    throw err;
  }
  return new Validator(doc, file).config();
}

class Validator {
  constructor(
    private readonly doc: JsonDocument,
    private readonly file: string,
  ) {}

  private fail(path: string, expected: string, atKey = false): never {
    const position = atKey ? this.doc.keyPositionOf(path) : this.doc.positionOf(path);
    throw ConfigErrors.invalid(this.file, path, expected, position);
  }

  config(): KrConfig {
    const root = this.object(this.doc.value, '');
    let schemes = new Map<string, SchemeConfig>();
    const top: Record<string, unknown> = {};
    for (const [key, value] of root) {
      const p = jsonPath('', key);
      if (key === 'schemes') schemes = this.schemes(value, p);
      else if (key in TOP_LEVEL) top[key] = this.field(value, p, TOP_LEVEL[key]);
      else this.unknown(p, key, ['url', 'pathBase', 'probePath', 'logoutEndpoint', 'logoutMethod', 'logoutAntiforgeryField', 'logoutAntiforgeryCookie', 'logoutAntiforgeryHeader', 'schemes', '$schema']);
    }
    return {
      file: this.file,
      ...(top.url !== undefined ? { url: top.url as string } : {}),
      ...(top.pathBase !== undefined ? { pathBase: top.pathBase as string } : {}),
      ...(top.probePath !== undefined ? { probePath: top.probePath as string } : {}),
      ...(top.logoutEndpoint !== undefined ? { logoutEndpoint: top.logoutEndpoint as string } : {}),
      ...(top.logoutMethod !== undefined ? { logoutMethod: top.logoutMethod as 'GET' | 'POST' } : {}),
      ...(top.logoutAntiforgeryField !== undefined ? { logoutAntiforgeryField: top.logoutAntiforgeryField as string } : {}),
      ...(top.logoutAntiforgeryCookie !== undefined ? { logoutAntiforgeryCookie: top.logoutAntiforgeryCookie as string } : {}),
      ...(top.logoutAntiforgeryHeader !== undefined ? { logoutAntiforgeryHeader: top.logoutAntiforgeryHeader as string } : {}),
      schemes,
    };
  }

  private schemes(value: JsonValue, p: string): Map<string, SchemeConfig> {
    const out = new Map<string, SchemeConfig>();
    for (const [name, entry] of this.object(value, p, 'an object mapping scheme names to their options')) {
      const sp = jsonPath(p, name);
      if (name.trim() === '') this.fail(sp, 'a scheme name must not be empty', true);
      out.set(name, this.scheme(entry, sp));
    }
    return out;
  }

  private scheme(value: JsonValue, p: string): SchemeConfig {
    const obj = this.object(value, p, 'an object with "kind" and the scheme\'s options');
    const rawKind = obj.get('kind');
    if (rawKind === undefined) this.fail(p, `missing "kind": expected one of ${SCHEME_KINDS.join(', ')}`);
    const kind = this.enumValue(rawKind, jsonPath(p, 'kind'), SCHEME_KINDS) as SchemeKind;
    const specs = FIELDS[kind];
    const out: Record<string, unknown> = { kind };
    for (const [key, fieldValue] of obj) {
      if (key === 'kind') continue;
      const fp = jsonPath(p, key);
      const spec = specs[key];
      if (!spec) this.unknown(fp, key, Object.keys(specs), kind);
      out[key] = this.field(fieldValue, fp, spec);
    }
    if (kind === 'Oidc') {
      if (out.clientId === undefined) this.fail(p, 'missing "clientId": an OpenID Connect scheme needs its client id');
      if (out.authority === undefined && out.metadataAddress === undefined) {
        this.fail(p, 'missing "authority": an OpenID Connect scheme needs "authority" (or "metadataAddress")');
      }
    }
    return out as unknown as SchemeConfig;
  }

  private unknown(p: string, key: string, allowed: readonly string[], kind?: string): never {
    const secretHint = SECRET_FIELDS[key.toLowerCase()];
    if (secretHint) {
      this.fail(
        p,
        `secrets do not belong in the config file: remove "${key}", put the value in an environment variable and name that variable in "${secretHint}"`,
        true,
      );
    }
    const near = allowed.find((a) => a.toLowerCase() === key.toLowerCase());
    const hint = near ? ` (did you mean "${near}"? names are case-sensitive)` : '';
    const where = kind ? `a ${kind} scheme` : 'the top level';
    this.fail(p, `unknown field${hint}; ${where} allows: ${allowed.join(', ')}`, true);
  }

  private object(value: JsonValue, p: string, expected = 'a JSON object'): JsonObject {
    if (!(value instanceof Map)) this.fail(p, `expected ${expected}, got ${typeName(value)}`);
    return value;
  }

  private string(value: JsonValue, p: string, what: string): string {
    if (typeof value !== 'string') this.fail(p, `expected ${what}, got ${typeName(value)}`);
    return value;
  }

  private enumValue(value: JsonValue, p: string, values: readonly string[]): string {
    const s = this.string(value, p, `one of ${values.join(', ')}`);
    // .NET's configuration binder reads enums without regard to case; so does kr.
    const match = values.find((v) => v.toLowerCase() === s.toLowerCase());
    if (!match) this.fail(p, `expected one of ${values.join(', ')}, got ${JSON.stringify(s)}`);
    return match;
  }

  private field(value: JsonValue, p: string, spec: FieldType): string | boolean {
    switch (spec.type) {
      case 'boolean':
        if (typeof value !== 'boolean') this.fail(p, `expected true or false, got ${typeName(value)}`);
        return value;
      case 'string': {
        const s = this.string(value, p, 'a string');
        if (s === '') this.fail(p, 'expected a non-empty string');
        return s;
      }
      case 'enum':
        return this.enumValue(value, p, spec.values);
      case 'url': {
        const s = this.string(value, p, 'an absolute http or https URL');
        if (!isHttpUrl(s)) this.fail(p, `expected an absolute http or https URL, got ${JSON.stringify(redactUrl(s))}`);
        return s;
      }
      case 'path': {
        const s = this.string(value, p, "a path starting with '/'");
        if (!s.startsWith('/') || /[\s?#]/.test(s)) {
          this.fail(p, `expected a path starting with '/' (no spaces, query or fragment), got ${JSON.stringify(s)}`);
        }
        return s;
      }
      case 'pathOrUrl': {
        const s = this.string(value, p, "a path starting with '/' or an absolute http(s) URL");
        if (!(s.startsWith('/') && !s.startsWith('//')) && !isHttpUrl(s)) {
          this.fail(p, `expected a path starting with '/' or an absolute http(s) URL, got ${JSON.stringify(redactUrl(s))}`);
        }
        return s;
      }
      case 'envName': {
        const s = this.string(value, p, 'the name of an environment variable');
        // Do not echo it: a user who pasted the secret itself here must not see it printed.
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) {
          this.fail(p, 'expected the NAME of an environment variable (letters, digits, _), not the secret itself');
        }
        return s;
      }
      case 'cookieName': {
        const s = this.string(value, p, 'a cookie name');
        if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(s)) {
          this.fail(p, `expected a cookie name (an HTTP token: no spaces, '=', ';', ',' or quotes), got ${JSON.stringify(s)}`);
        }
        return s;
      }
      case 'domain': {
        const s = this.string(value, p, 'a domain name');
        if (!/^\.?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(s)) {
          this.fail(p, `expected a domain name such as "app.example", got ${JSON.stringify(s)}`);
        }
        return s;
      }
      case 'schemeName': {
        const s = this.string(value, p, 'a scheme name');
        if (s.trim() === '') this.fail(p, 'expected a non-empty scheme name');
        return s;
      }
    }
  }
}

function typeName(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Map) return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  return typeof value === 'boolean' ? 'a boolean' : typeof value;
}
