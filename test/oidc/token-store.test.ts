// src/aspnet/token-store.ts: location rules, round trip, permissions, atomic replace, and
// that a broken file is reported without echoing its (secret) content.

import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKrError } from '../../src/params/errors.js';
import {
  TokenStore,
  idTokenFromEnv,
  redactToken,
  resolveTokenStorePath,
  sessionOrigin,
} from '../../src/aspnet/token-store.js';

const CANARY = 'canary-7f3a9c2e-token-value';

describe('token store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kr-tokens-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is found at --tokens, else KR_TOKENS, else ~/.kr/tokens.json', () => {
    const env = { KR_TOKENS: 'from-env.json' };
    expect(resolveTokenStorePath({ tokens: 'opt.json', env, cwd: '/w', home: '/h' })).toBe('/w/opt.json');
    expect(resolveTokenStorePath({ env, cwd: '/w', home: '/h' })).toBe('/w/from-env.json');
    expect(resolveTokenStorePath({ env: {}, cwd: '/w', home: '/h' })).toBe('/h/.kr/tokens.json');
    expect(resolveTokenStorePath({ tokens: '/abs/t.json', env, home: '/h' })).toBe('/abs/t.json');
  });

  it('round-trips tokens keyed by scheme and origin, in a 0600 file inside a 0700 directory', async () => {
    const path = join(dir, 'nested', 'tokens.json');
    const store = await TokenStore.open(path);
    expect(store.existed).toBe(false);
    const origin = sessionOrigin('http://127.0.0.1:5000/app/page?x=1');
    expect(origin).toBe('http://127.0.0.1:5000');
    store.set('oidc', origin, { id_token: CANARY, access_token: 'at', refresh_token: 'rt' });
    store.set('github', origin, { access_token: 'gh' });
    await store.save();

    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);
    const onDisk = JSON.parse(await readFile(path, 'utf8'));
    expect(onDisk.version).toBe(1);
    expect(onDisk.sessions[origin].oidc.id_token).toBe(CANARY);

    const again = await TokenStore.open(path);
    expect(again.existed).toBe(true);
    expect(again.get('oidc', origin)).toEqual({ id_token: CANARY, access_token: 'at', refresh_token: 'rt' });
    expect(again.kinds('github', origin)).toEqual(['access_token']);
    expect(again.get('OIDC', origin)).toBeUndefined();
    expect(again.get('oidc', 'http://127.0.0.1:5001')).toBeUndefined();

    expect(again.remove('oidc', origin)).toBe(true);
    expect(again.remove('oidc', origin)).toBe(false);
    await again.save();
    const third = await TokenStore.open(path);
    expect(third.get('oidc', origin)).toBeUndefined();
    expect(third.get('github', origin)).toEqual({ access_token: 'gh' });
    // No temp files left behind by the atomic replace.
    expect(await readdir(join(dir, 'nested'))).toEqual(['tokens.json']);
  });

  it('keeps a pending logout until it is taken once', async () => {
    const path = join(dir, 'tokens.json');
    const store = await TokenStore.open(path);
    store.addPendingLogout('state-1', {
      scheme: 'oidc',
      origin: 'http://127.0.0.1:5000',
      redirectUri: 'http://127.0.0.1:5000/bye',
      postLogoutRedirectUri: 'http://127.0.0.1:5000/signout-callback-oidc',
    });
    await store.save();
    const reopened = await TokenStore.open(path);
    expect(reopened.takePendingLogout('state-1')?.redirectUri).toBe('http://127.0.0.1:5000/bye');
    expect(reopened.takePendingLogout('state-1')).toBeUndefined();
    await reopened.save();
    expect((await TokenStore.open(path)).peekPendingLogout('state-1')).toBeUndefined();
  });

  it('drops pending logouts older than a day when saving', async () => {
    const path = join(dir, 'tokens.json');
    const store = await TokenStore.open(path);
    const old = new Date('2020-01-01T00:00:00Z');
    store.addPendingLogout('old', { scheme: 's', origin: 'o', redirectUri: 'r', postLogoutRedirectUri: 'p' }, old);
    await store.save(new Date('2020-01-03T00:00:00Z'));
    expect((await TokenStore.open(path)).peekPendingLogout('old')).toBeUndefined();
  });

  it('does not write when nothing changed', async () => {
    const path = join(dir, 'tokens.json');
    const store = await TokenStore.open(path);
    await store.save();
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reports a broken file by name, never by content', async () => {
    const path = join(dir, 'tokens.json');
    await writeFile(path, `{"version": 1, "sessions": {"o": {"s": {"id_token": "${CANARY}"`, { mode: 0o600 });
    const error = await TokenStore.open(path).catch((e: unknown) => e);
    expect(isKrError(error) && error.errorId).toBe('TokenStoreInvalid');
    expect(String((error as Error).message)).toContain(path);
    expect(String((error as Error).message)).not.toContain(CANARY);

    await writeFile(path, JSON.stringify({ version: 1, sessions: { o: { s: { id_token: 42 } } } }));
    const typed = await TokenStore.open(path).catch((e: unknown) => e);
    expect(isKrError(typed) && typed.errorId).toBe('TokenStoreInvalid');
  });

  it('redacts tokens and reads the one-shot KR_ID_TOKEN hint', () => {
    expect(redactToken(CANARY)).not.toContain(CANARY);
    expect(redactToken(CANARY)).toBe(`***(${CANARY.length} chars)`);
    expect(redactToken(undefined)).toBe('(none)');
    expect(idTokenFromEnv({ KR_ID_TOKEN: ` ${CANARY} ` })).toBe(CANARY);
    expect(idTokenFromEnv({ KR_ID_TOKEN: '' })).toBeUndefined();
    expect(idTokenFromEnv({})).toBeUndefined();
  });
});
