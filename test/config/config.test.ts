// kr.config.json: strict validation naming file, line:column and JSON path; loading order.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, locateConfig, secretFromEnv } from '../../src/config/load.js';
import { parseConfig } from '../../src/config/validate.js';
import { KrError } from '../../src/params/errors.js';

const FILE = '/srv/kr.config.json';

function errorOf(text: string): KrError {
  try {
    parseConfig(text, FILE);
  } catch (e) {
    if (e instanceof KrError) return e;
    throw e;
  }
  throw new Error('expected a config error');
}

describe('parseConfig', () => {
  test('a full file', () => {
    const c = parseConfig(
      JSON.stringify({
        url: 'https://app.example/',
        pathBase: '/app',
        schemes: {
          Cookies: { kind: 'Cookies', cookieName: 'auth', domain: 'app.example', secure: 'always', sameSite: 'Strict', httpOnly: false },
          oidc: {
            kind: 'Oidc',
            authority: 'http://127.0.0.1:4000',
            clientId: 'app',
            clientSecretEnv: 'KR_OIDC_SECRET',
            signedOutCallbackPath: '/signout-callback-oidc',
            signedOutRedirectUri: '/',
            cookieScheme: 'Cookies.oidc',
            saveTokens: true,
          },
          oauth: { kind: 'OAuth2', revocationEndpoint: 'https://idp.example/revoke', clientId: 'c' },
        },
      }),
      FILE,
    );
    expect(c.url).toBe('https://app.example/');
    expect([...c.schemes.keys()]).toEqual(['Cookies', 'oidc', 'oauth']);
    // Enums are read without case and normalised, as .NET's binder does.
    expect(c.schemes.get('Cookies')).toMatchObject({ secure: 'Always', sameSite: 'Strict' });
  });

  test('scheme order is file order, even for numeric-looking names', () => {
    const c = parseConfig('{"schemes":{"b":{"kind":"Cookies"},"1":{"kind":"Cookies"}}}', FILE);
    expect([...c.schemes.keys()]).toEqual(['b', '1']);
  });

  test('unparseable JSON: file, line and column', () => {
    const e = errorOf('{\n  "schemes": {\n    "Cookies": { "kind": "Cookies", }\n  }\n}');
    expect(e.errorId).toBe('ConfigInvalid');
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/^\/srv\/kr\.config\.json:3:35: the file is not valid JSON: Trailing comma/);
    expect(e.position).toMatchObject({ line: 3, column: 35, file: FILE });
  });

  test.each([
    ['{"url":"x"', 'Unexpected end of file'],
    ['{"a":1,"a":2}', 'Duplicate property'],
    ['', 'expected a JSON value'],
    ["{'url':1}", 'expected a property name'],
  ])('syntax error in %p', (text, detail) => {
    expect(errorOf(text).message).toContain(detail);
  });

  test('wrong type: names the JSON path, position and expectation', () => {
    const text = '{\n  "schemes": {\n    "oidc": {\n      "kind": "Oidc",\n      "clientId": "app",\n      "authority": 42\n    }\n  }\n}';
    expect(errorOf(text).message).toBe(
      '/srv/kr.config.json:6:20: schemes.oidc.authority: expected an absolute http or https URL, got a number',
    );
  });

  test('bad URL, bad enum, bad path, bad boolean', () => {
    const scheme = (fields: object) =>
      errorOf(JSON.stringify({ schemes: { oidc: { kind: 'Oidc', clientId: 'a', authority: 'http://x/', ...fields } } })).message;
    expect(scheme({ authority: 'ftp://x/' })).toContain('schemes.oidc.authority: expected an absolute http or https URL, got "ftp://x/"');
    expect(scheme({ saveTokens: 'yes' })).toContain('schemes.oidc.saveTokens: expected true or false, got a string');
    expect(scheme({ signedOutCallbackPath: 'signout' })).toContain("schemes.oidc.signedOutCallbackPath: expected a path starting with '/'");
    expect(errorOf('{"schemes":{"C":{"kind":"Cookies","sameSite":"Loose"}}}').message).toContain(
      'schemes.C.sameSite: expected one of Lax, Strict, None, Unspecified, got "Loose"',
    );
    expect(errorOf('{"schemes":{"C":{"kind":"Cookie"}}}').message).toContain('schemes.C.kind: expected one of Cookies, Oidc, OAuth2');
  });

  test('unknown fields are errors, with a case hint', () => {
    expect(errorOf('{"schemes":{"C":{"kind":"Cookies","LoginPath":"/x"}}}').message).toContain(
      'schemes.C.LoginPath: unknown field (did you mean "loginPath"? names are case-sensitive)',
    );
    expect(errorOf('{"urls":"x"}').message).toContain('/srv/kr.config.json:1:2: urls: unknown field');
  });

  test('a secret in the file is refused and never echoed', () => {
    const m = errorOf('{"schemes":{"o":{"kind":"Oidc","clientId":"a","authority":"http://x/","clientSecret":"s3cr3t-value"}}}').message;
    expect(m).toContain('schemes.o.clientSecret: secrets do not belong in the config file');
    expect(m).not.toContain('s3cr3t-value');
    const m2 = errorOf('{"schemes":{"o":{"kind":"Oidc","clientId":"a","authority":"http://x/","clientSecretEnv":"s3cr3t value!"}}}').message;
    expect(m2).toContain('schemes.o.clientSecretEnv: expected the NAME of an environment variable');
    expect(m2).not.toContain('s3cr3t');
  });

  test('required fields of an Oidc scheme; non-object scheme; scheme name with a dot', () => {
    expect(errorOf('{"schemes":{"o":{"kind":"Oidc","authority":"http://x/"}}}').message).toContain('schemes.o: missing "clientId"');
    expect(errorOf('{"schemes":{"o":{"kind":"Oidc","clientId":"a"}}}').message).toContain('missing "authority"');
    expect(errorOf('{"schemes":{"o":"Cookies"}}').message).toContain('schemes.o: expected an object');
    expect(errorOf('{"schemes":{"Cookies.oidc":{"kind":"Cookies","path":"x"}}}').message).toContain('schemes["Cookies.oidc"].path');
    expect(errorOf('[]').message).toContain('(root): expected a JSON object, got an array');
  });

  test('credentials in a URL are not echoed', () => {
    expect(errorOf('{"url":"ftp://user:hunter2@x/"}').message).not.toContain('hunter2');
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kr-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('--config, then KR_CONFIG, then kr.config.json in cwd', () => {
    expect(locateConfig({ configPath: 'a.json', env: { KR_CONFIG: 'b.json' }, cwd: dir })).toMatchObject({ path: join(dir, 'a.json'), source: '--config' });
    expect(locateConfig({ env: { KR_CONFIG: '/x/b.json' }, cwd: dir })).toMatchObject({ path: '/x/b.json', source: 'KR_CONFIG' });
    expect(locateConfig({ env: {}, cwd: dir })).toMatchObject({ path: join(dir, 'kr.config.json'), explicit: false });
  });

  test('no implicit file: null; explicit missing file: ConfigNotFound', async () => {
    expect(await loadConfig({ env: {}, cwd: dir })).toBeNull();
    await expect(loadConfig({ configPath: 'missing.json', env: {}, cwd: dir })).rejects.toMatchObject({
      errorId: 'ConfigNotFound',
      exitCode: 2,
    });
  });

  test('reads and validates the file in cwd; a directory is unreadable', async () => {
    await writeFile(join(dir, 'kr.config.json'), '{"schemes":{"Cookies":{"kind":"Cookies"}}}');
    const c = await loadConfig({ env: {}, cwd: dir });
    expect(c?.file).toBe(join(dir, 'kr.config.json'));
    await mkdir(join(dir, 'd'));
    await expect(loadConfig({ configPath: 'd', env: {}, cwd: dir })).rejects.toMatchObject({ errorId: 'ConfigUnreadable' });
    await writeFile(join(dir, 'bad.json'), '{"url": }');
    await expect(loadConfig({ configPath: 'bad.json', env: {}, cwd: dir })).rejects.toMatchObject({
      message: expect.stringContaining(`${join(dir, 'bad.json')}:1:9:`),
    });
  });

  test('secretFromEnv reads the named variable', () => {
    expect(secretFromEnv('S', { S: 'v' })).toBe('v');
    expect(secretFromEnv('S', { S: '' })).toBeUndefined();
    expect(secretFromEnv(undefined, { S: 'v' })).toBeUndefined();
  });
});
