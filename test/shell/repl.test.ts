// The interactive shell in a real pseudo-terminal (tmux): `kr` with no arguments opens
// it; Tab completes a cmdlet name, a parameter prefix and a ValidateSet value (`-AuthKind
// O` Tab Tab lists OAuth2 and Oidc); the completed line runs with -WhatIf and prints the
// What if line (against a real in-process OpenID Provider on 127.0.0.1); errors show
// PowerShell-style and the session goes on; `>> ` continues an open string; Ctrl-C
// cancels a line and stops a running command or its Confirm prompt (exit 130 for that
// command only);
// Ctrl-D leaves with exit 0; the history file has the commands but not the secret.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TmuxSession, tmuxAvailable } from '../support/tmux.js';
import { startIdp, type Idp } from '../support/idp.js';
import { ensureBuilt, krBin, writeTestCmdlets } from './kr-process.js';

const haveTmux = tmuxAvailable();
const maybe = haveTmux ? describe : describe.skip;
if (!haveTmux) console.warn('tmux is not installed: skipping the interactive shell tests');

let dir: string;
let idp: Idp;
let extra: string;
const sessions: TmuxSession[] = [];

beforeAll(async () => {
  if (!haveTmux) return;
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'kr-repl-'));
  extra = writeTestCmdlets(dir);
  idp = await startIdp();
  writeFileSync(
    join(dir, 'kr.config.json'),
    JSON.stringify({
      url: 'http://127.0.0.1:1/',
      schemes: {
        Cookies: { kind: 'Cookies' },
        oidc: { kind: 'Oidc', authority: idp.issuer, clientId: idp.clientId, clientSecretEnv: 'KR_TEST_OIDC_SECRET' },
      },
    }),
  );
}, 120000);

afterAll(async () => {
  for (const s of sessions) s.kill();
  TmuxSession.killServer();
  await idp?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function startShell(): TmuxSession {
  const session = new TmuxSession({
    command: `${JSON.stringify(process.execPath)} ${JSON.stringify(krBin)}`,
    cwd: dir,
    env: {
      HOME: dir,
      KR_HISTORY: join(dir, 'history'),
      KR_EXTRA_CMDLETS: extra,
      KR_TEST_OIDC_SECRET: idp.clientSecret,
      NO_COLOR: '1',
      KR_JAR: join(dir, 'cookies.txt'),
    },
  }).start();
  sessions.push(session);
  return session;
}

/** The screen's last non-empty line (where the cursor is). */
const lastLine = (screen: string): string => screen.trimEnd().split('\n').pop() ?? '';

maybe('kr interactive shell (tmux)', () => {
  test('Tab completes cmdlet, parameter and ValidateSet value; -WhatIf prints What if; Ctrl-D exits 0', async () => {
    const tmux = startShell();
    await tmux.waitFor((s) => lastLine(s) === 'kr>');

    tmux.sendKeys('invoke-kr', true);
    tmux.sendKeys('Tab');
    await tmux.waitFor((s) => lastLine(s) === 'kr> Invoke-KrCookieSignOut');

    tmux.sendKeys(' -Sch', true);
    tmux.sendKeys('Tab');
    await tmux.waitFor((s) => lastLine(s) === 'kr> Invoke-KrCookieSignOut -Scheme');

    tmux.sendKeys(' o', true);
    tmux.sendKeys('Tab');
    await tmux.waitFor((s) => lastLine(s) === 'kr> Invoke-KrCookieSignOut -Scheme oidc');

    tmux.sendKeys(' -AuthK', true);
    tmux.sendKeys('Tab');
    tmux.sendKeys(' O', true);
    tmux.sendKeys('Tab');
    tmux.sendKeys('Tab');
    const listed = await tmux.waitFor((s) => /OAuth2\s+Oidc/.test(s));
    expect(lastLine(listed)).toBe('kr> Invoke-KrCookieSignOut -Scheme oidc -AuthKind O');

    tmux.sendKeys('i', true);
    tmux.sendKeys('Tab');
    await tmux.waitFor((s) => lastLine(s) === 'kr> Invoke-KrCookieSignOut -Scheme oidc -AuthKind Oidc');

    tmux.type(' -WhatIf');
    const ran = await tmux.waitFor((s) => s.includes('What if: Performing the operation "SignOut" on target "oidc".') && lastLine(s) === 'kr>');
    expect(ran).not.toContain('FullyQualifiedErrorId');

    tmux.sendKeys('C-d');
    expect(await tmux.exitStatus()).toBe(0);
    const history = readFileSync(join(dir, 'history'), 'utf8');
    expect(history).toContain('Invoke-KrCookieSignOut -Scheme oidc -AuthKind Oidc -WhatIf\n');
  }, 60000);

  test('errors show PowerShell-style and the session goes on; >> continues; Ctrl-C cancels; secrets stay out of the history', async () => {
    const tmux = startShell();
    await tmux.waitFor((s) => lastLine(s) === 'kr>');

    tmux.type('Get-Nothing -x');
    let screen = await tmux.waitFor((s) => s.includes('FullyQualifiedErrorId : CommandNotFoundException') && lastLine(s) === 'kr>');
    expect(screen).toContain("Get-Nothing: The term 'Get-Nothing' is not recognized");
    expect(screen).toContain('At line:1 char:1\n+ Get-Nothing -x\n+ ~~~~~~~~~~~\n');

    tmux.type("Test-Echo 'two");
    await tmux.waitFor((s) => lastLine(s) === '>>');
    tmux.type("lines'");
    screen = await tmux.waitFor((s) => s.includes('two\nlines\n'));

    tmux.sendKeys('half a line', true);
    tmux.sendKeys('C-c');
    await tmux.waitFor((s) => s.includes('kr> half a line^C\nkr>'));

    tmux.type('Test-Secret app hunter2-s3cr3t -WhatIf');
    await tmux.waitForText('What if: Performing the operation "Use" on target "app".');

    tmux.type('Test-Echo "$LASTEXITCODE/$?"');
    await tmux.waitForText('\n0/True\n');
    // a value on its own is written out, as at a PowerShell prompt; Tab completes the variable's name
    tmux.sendKeys('$LASTEX', true);
    tmux.sendKeys('Tab');
    await tmux.waitFor((s) => s.trimEnd().endsWith('kr> $LASTEXITCODE'));
    tmux.sendKeys('Enter');
    await tmux.waitFor((s) => s.includes('kr> $LASTEXITCODE\n0\nkr>'));

    tmux.type('Test-Echo bye; exit 4');
    await tmux.waitForText('\nbye\n');
    expect(await tmux.exitStatus()).toBe(4);
    const history = readFileSync(join(dir, 'history'), 'utf8');
    expect(history).toContain('Test-Secret app ******** -WhatIf\n');
    expect(history).toContain("Test-Echo 'two`\nlines'\n");
    expect(history).not.toContain('hunter2');
    expect(history).not.toContain('half a line');
  }, 60000);

  test('a pasted block (several lines in one write) runs every line; a half-typed last line waits at the prompt', async () => {
    const tmux = startShell();
    await tmux.waitFor((s) => lastLine(s) === 'kr>');
    // one send-keys call: the terminal delivers the whole block to kr in one read
    tmux.sendKeys("Test-Echo first\rTest-Echo 'multi\rline'\rTest-Echo third\rTest-Ech", true);
    await tmux.waitFor((s) => /^third$/m.test(s) && lastLine(s) === 'kr> Test-Ech');
    const screen = tmux.screen();
    expect(screen).toMatch(/^first$/m);
    expect(screen).toMatch(/^multi\nline$/m);
    tmux.type('o done');
    await tmux.waitFor((s) => /^done$/m.test(s));
    tmux.sendKeys('C-d');
    expect(await tmux.exitStatus()).toBe(0);
  }, 30000);

  test('a Confirm prompt inside the shell gets the keys; Ctrl-C stops only that command (130)', async () => {
    const tmux = startShell();
    await tmux.waitFor((s) => lastLine(s) === 'kr>');

    tmux.type('Test-Twice');
    await tmux.waitForText('Performing the operation "Step" on target "one".');
    tmux.type('y');
    await tmux.waitForText('did one');
    await tmux.waitForText('Performing the operation "Step" on target "two".');
    tmux.type('n');
    await tmux.waitFor((s) => lastLine(s) === 'kr>');

    tmux.type('Test-Twice');
    await tmux.waitFor((s) => (s.match(/target "one"/g) ?? []).length === 2);
    tmux.sendKeys('C-c');
    await tmux.waitFor((s) => s.includes('The pipeline has been stopped.') && lastLine(s) === 'kr>');
    tmux.type('Test-Echo "$LASTEXITCODE"');
    await tmux.waitForText('\n130\n');

    // A running command (no prompt): Ctrl-C arrives as SIGINT and stops it; twice is fine too.
    tmux.type('Test-Wait');
    await tmux.waitFor((s) => (s.match(/^waiting$/gm) ?? []).length === 1);
    tmux.sendKeys('C-c');
    await tmux.waitFor((s) => (s.match(/The pipeline has been stopped\./g) ?? []).length === 2 && lastLine(s) === 'kr>');
    tmux.type('Test-Wait');
    await tmux.waitFor((s) => (s.match(/^waiting$/gm) ?? []).length === 2);
    tmux.sendKeys('C-c');
    await tmux.waitFor((s) => (s.match(/The pipeline has been stopped\./g) ?? []).length === 3 && lastLine(s) === 'kr>');
    expect(tmux.screen()).not.toContain('done waiting');
    tmux.type('Test-Echo "after $LASTEXITCODE"');
    await tmux.waitForText('\nafter 130\n');

    tmux.sendKeys('C-d');
    expect(await tmux.exitStatus()).toBe(0);
  }, 60000);
});
