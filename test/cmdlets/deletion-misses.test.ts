// deletionMisses: which sent cookies a sign-out's expired Set-Cookie lines name but do not remove.
import { deletionMisses } from '../../src/cmdlets/deletion-misses.js';
import type { JarCookie } from '../../src/jar/types.js';

const cookie = (name: string, path = '/', domain = 'app.test'): JarCookie => ({
  name,
  value: 'v',
  domain,
  hostOnly: true,
  path,
  secure: false,
  httpOnly: true,
  expires: null,
});
const DELETE = 'expires=Thu, 01 Jan 1970 00:00:00 GMT';

test('a removed cookie, a cookie nobody deleted and a live Set-Cookie are no misses', () => {
  const auth = cookie('.AspNetCore.Cookies');
  const lines = [`.AspNetCore.Cookies=; ${DELETE}; path=/`, 'fresh=1; path=/'];
  expect(deletionMisses([auth, cookie('theme'), cookie('fresh')], lines, [auth])).toEqual([]);
});

test('a sent cookie the deletion named but did not remove is a miss, with both paths and domains', () => {
  const underApp = cookie('.AspNetCore.Cookies', '/app');
  const lines = [`.AspNetCore.Cookies=; ${DELETE}; domain=example.test; path=/`];
  expect(deletionMisses([underApp], lines, [])).toEqual([
    { name: '.AspNetCore.Cookies', stored: { domain: 'app.test', path: '/app' }, deleted: { domain: 'example.test', path: '/' } },
  ]);
});

test('of two cookies with one name, only the one left behind is a miss; max-age=0 counts as a deletion', () => {
  const root = cookie('auth', '/');
  const app = cookie('auth', '/app');
  expect(deletionMisses([app, root], ['auth=; max-age=0; path=/'], [root])).toEqual([
    { name: 'auth', stored: { domain: 'app.test', path: '/app' }, deleted: { path: '/' } },
  ]);
});
