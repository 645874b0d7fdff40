// `kr completion bash` loaded into a real bash: the completion is registered, and the
// completion function, driven the way bash drives it (COMP_WORDS/COMP_CWORD), offers the
// cmdlet names, the cmdlet's parameters and its ValidateSet values through `kr __complete`.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, krBin } from './kr-process.js';

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'kr-bash-'));
  // `kr` on PATH, as an installed kr would be.
  const bin = join(dir, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  writeFileSync(join(bin, 'kr'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(krBin)} "$@"\n`);
  chmodSync(join(bin, 'kr'), 0o755);
  writeFileSync(join(dir, 'kr.config.json'), JSON.stringify({ schemes: { Cookies: { kind: 'Cookies' }, oidc: { kind: 'Oidc' } } }));
  env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
}, 120000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bash(script: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', script], { cwd: dir, env, encoding: 'utf8', timeout: 20000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** COMPREPLY after completing `words` (the last one is the word under the cursor). */
function offered(...words: string[]): string[] {
  const quoted = ['kr', ...words].map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = bash(`source <(kr completion bash) && COMP_WORDS=(${quoted}) && COMP_CWORD=${words.length} && _kr_complete && printf '%s\\n' "\${COMPREPLY[@]}"`);
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter((l) => l !== '');
}

test('the script loads in bash and registers the completion for kr', () => {
  const r = bash('source <(kr completion bash) && complete -p kr');
  expect(r.status).toBe(0);
  expect(r.stdout.trim()).toBe('complete -o default -F _kr_complete kr');
  expect(bash('kr completion bash | bash -n').status).toBe(0);
});

test("the completion function offers cmdlet names, the cmdlet's parameters and ValidateSet values", () => {
  expect(offered('Invoke-Kr')).toEqual(['Invoke-KrCookieSignOut']);
  const parameters = offered('Invoke-KrCookieSignOut', '-');
  expect(parameters).toEqual(expect.arrayContaining(['-Scheme', '-AuthKind', '-RedirectUri', '-Properties', '-Redirect', '-WhatIf', '-Confirm', '-Verbose']));
  expect(offered('Invoke-KrCookieSignOut', '-Red').sort()).toEqual(['-Redirect', '-RedirectUri']);
  expect(offered('Invoke-KrCookieSignOut', '-AuthKind', 'O')).toEqual(['OAuth2', 'Oidc']);
  expect(offered('Invoke-KrCookieSignOut', '-Scheme', '')).toEqual(['Cookies', 'oidc']);
  expect(offered('--non-interactive', 'Get-H')).toEqual(['Get-Help']);
});
