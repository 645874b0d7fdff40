// The completion scripts loaded into the real shells: bash (its completion function driven
// the way bash drives it, COMP_WORDS/COMP_CWORD), fish (`complete -C`, fish's own way to ask
// for the candidates of a command line) and zsh (typing Tab in an interactive zsh in tmux).
// Each offers the cmdlet names, the cmdlet's parameters and its ValidateSet values through
// `kr __complete`. .ci/run installs zsh and fish; without them those tests skip, saying so.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TmuxSession, tmuxAvailable } from '../support/tmux.js';
import { ensureBuilt, krBin } from './kr-process.js';

const installed = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0'], { stdio: 'ignore' }).status === 0;
const haveFish = installed('fish');
const haveZsh = installed('zsh') && tmuxAvailable();
if (!haveFish) console.warn('fish is not installed: skipping the fish completion test');
if (!haveZsh) console.warn('zsh or tmux is not installed: skipping the zsh completion test');

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

/** What fish offers for the command line `line` (its candidates, without descriptions). */
function fishOffers(line: string): string[] {
  const script = `kr completion fish | source; complete -C ${JSON.stringify(line)}`;
  const r = spawnSync('fish', ['--no-config', '-c', script], { cwd: dir, env, encoding: 'utf8', timeout: 20000 });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0]);
}

(haveFish ? test : test.skip)('fish offers cmdlet names, parameters and ValidateSet values, also for an empty word after a space', () => {
  expect(fishOffers('kr Invoke-Kr')).toEqual(['Invoke-KrCookieSignOut']);
  expect(fishOffers('kr Invoke-KrCookieSignOut -Au')).toEqual(['-AuthKind']);
  expect(fishOffers('kr Invoke-KrCookieSignOut -AuthKind O')).toEqual(['OAuth2', 'Oidc']);
  // the word under the cursor is empty: it must reach kr as '' (else kr would complete -AuthKind itself)
  expect(fishOffers('kr Invoke-KrCookieSignOut -AuthKind ')).toEqual(['Cookies', 'OAuth2', 'Oidc']);
  expect(fishOffers('kr Invoke-KrCookieSignOut -Scheme ')).toEqual(['Cookies', 'oidc']);
});

(haveZsh ? test : test.skip)('zsh completes a parameter and a ValidateSet value when Tab is pressed, and lists the choices', async () => {
  const zsh = new TmuxSession({ command: `env PATH=${JSON.stringify(env.PATH)} zsh -f -i`, cwd: dir }).start();
  try {
    zsh.type('PS1="zsh> "; autoload -U compinit && compinit -u && source <(kr completion zsh)');
    await zsh.waitFor((screen) => /\nzsh> $/.test(screen.trimEnd() + ' '));
    zsh.sendKeys('kr Invoke-KrCookieSignOut -Au', true);
    zsh.sendKeys('Tab');
    // (capture-pane drops the space zsh adds after a completed word)
    await zsh.waitForText('zsh> kr Invoke-KrCookieSignOut -AuthKind');
    zsh.sendKeys('Oi', true);
    zsh.sendKeys('Tab');
    await zsh.waitForText('zsh> kr Invoke-KrCookieSignOut -AuthKind Oidc');
    zsh.sendKeys('C-u');
    zsh.sendKeys('kr Invoke-KrCookieSignOut -AuthKind O', true);
    zsh.sendKeys('Tab');
    zsh.sendKeys('Tab');
    await zsh.waitFor((screen) => /OAuth2\s+Oidc/.test(screen));
  } finally {
    zsh.kill();
    TmuxSession.killServer();
  }
}, 60000);
