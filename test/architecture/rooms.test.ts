// The rooms of src/ and the one-way arrows between them (README "Architecture"): a test, so a
// wrong import fails CI instead of waiting for a review. The server side (src/aspnet, the
// simulated ASP.NET Core) never imports the client side (src/agent, kr as a user agent);
// src/params imports no other room of kr; src/jar knows nothing of HTTP or the runtime.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const src = resolve('src');

function importsOf(room: string): { file: string; target: string }[] {
  const out: { file: string; target: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
          const target = relative(src, resolve(dir, m[1]));
          out.push({ file: relative(src, path), target });
        }
      }
    }
  };
  walk(join(src, room));
  return out;
}

const roomOf = (target: string) => target.split('/')[0];

test('src/aspnet (the server side) never imports src/agent (the client side)', () => {
  expect(importsOf('aspnet').filter((i) => roomOf(i.target) === 'agent')).toEqual([]);
});

test('src/params imports no other room of kr', () => {
  expect(importsOf('params').filter((i) => roomOf(i.target) !== 'params')).toEqual([]);
});

test('src/jar imports neither HTTP side nor the runtime, cmdlets or CLI', () => {
  const forbidden = new Set(['aspnet', 'agent', 'runtime', 'cmdlets', 'cli', 'shell']);
  expect(importsOf('jar').filter((i) => forbidden.has(roomOf(i.target)))).toEqual([]);
});

test('src/http is gone: its files live in src/aspnet and src/agent', () => {
  expect(() => readdirSync(join(src, 'http'))).toThrow();
  expect(readdirSync(join(src, 'agent')).sort()).toEqual(['auto-form.ts', 'follow-errors.ts', 'follow.ts', 'html-scan.ts', 'probe.ts', 'server-logout.ts', 'signed-out-callback.ts']);
});
