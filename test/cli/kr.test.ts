// The `kr` executable, built with tsc and spawned for real: options, --json, exit codes,
// usage errors, the KR_EXTRA_CMDLETS hook, start-up that does not load inquirer, and the
// Confirm prompt answered in a real pseudo-terminal (tmux).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../shell/kr-process.js';
import { TmuxSession, tmuxAvailable } from '../support/tmux.js';

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const kr = join(root, 'dist/bin/kr.cjs');
let dir: string;
let extra: string;

const CHOICE_LINE = '[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"):';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string | undefined> = {}): Run {
  const r = spawnSync(process.execPath, [kr, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, KR_EXTRA_CMDLETS: extra, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    input: '',
    timeout: 20000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(r: Run): Record<string, unknown> {
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]) as Record<string, unknown>;
}

beforeAll(() => {
  // the one locked, atomic build every kr-spawning suite shares (a no-op after `npm test`'s build)
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'kr-cli-'));
  extra = join(dir, 'test-cmdlets.mjs');
  writeFileSync(
    extra,
    `import { Cmdlet } from ${JSON.stringify(join(root, 'dist/src/index.js'))};
export class TestConfirm extends Cmdlet {
  static declaration = {
    name: 'Test-Confirm', synopsis: 'Signs out (test).', description: 'A ShouldProcess test cmdlet.',
    supportsShouldProcess: true, confirmImpact: 'Low',
    parameters: [{ name: 'Scheme', type: 'string', position: 0, default: 'Cookies', help: 'The scheme.' }],
  };
  async invoke() {
    const scheme = this.string('Scheme');
    if (scheme === 'settings') return this.writeObject(this.context.settings);
    this.writeVerbose('about to sign out ' + scheme);
    if (await this.shouldProcess(scheme, 'SignOut')) this.writeObject('signed out ' + scheme);
  }
}
export const cmdlets = [TestConfirm];
`,
  );
}, 120000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  TmuxSession.killServer();
});

describe('kr (pipes)', () => {
  test('--version prints the package version', () => {
    const r = run(['--version']);
    expect(r.status).toBe(0);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  test('kr Get-Help Get-Command prints the help page', () => {
    const r = run(['Get-Help', 'Get-Command']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('NAME\n    Get-Command\n');
    expect(r.stdout).toContain('SYNTAX\n    Get-Command [[-Name] <string>] [-Syntax] [<CommonParameters>]\n');
    expect(r.stderr).toBe('');
  });

  test("PowerShell's short names: help and man are Get-Help, gcm is Get-Command", () => {
    for (const name of ['help', 'man']) expect(run([name, 'gcm']).stdout).toContain('NAME\n    Get-Command\n');
    const listed = run(['gcm']);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('Cmdlet      Invoke-KrCookieSignOut ');
  });

  test('kr --json Get-Command prints one JSON object', () => {
    const doc = json(run(['--json', 'Get-Command']));
    expect(doc.command).toBe('Get-Command');
    expect(doc.exitCode).toBe(0);
    const names = (doc.output as { name: string }[]).map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(['Get-Command', 'Get-Help', 'Test-Confirm']));
    expect(doc).toEqual(
      expect.objectContaining({ parameters: { Syntax: false }, whatIf: [], warnings: [], verbose: [], information: [], errors: [] }),
    );
  });

  test('an unknown cmdlet is exit 2, text and --json', () => {
    const text = run(['Get-Nothing']);
    expect(text.status).toBe(2);
    expect(text.stdout).toBe('');
    expect(text.stderr).toContain("Get-Nothing: The term 'Get-Nothing' is not recognized");
    expect(text.stderr).toContain('FullyQualifiedErrorId : CommandNotFoundException');
    const r = run(['--json', 'Get-Nothing']);
    expect(r.status).toBe(2);
    const doc = json(r);
    expect(doc.exitCode).toBe(2);
    expect(doc.errors).toEqual([expect.objectContaining({ errorId: 'CommandNotFoundException', category: 'ObjectNotFound' })]);
  });

  test('usage errors are exit 2; with --json still one JSON object', () => {
    const bad = run(['--bogus', 'Get-Help']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown option '--bogus'");
    const doc = json(run(['--json', '--bogus']));
    expect(doc.exitCode).toBe(2);
    expect((doc.errors as { errorId: string }[])[0].errorId).toBe('commander.unknownOption');
    const none = run([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('Usage: kr [options] <Cmdlet> [arguments...]');
    expect(json(run(['--json'])).exitCode).toBe(2);
  });

  test('options after the cmdlet name go to the binder untouched', () => {
    const r = run(['--json', 'Test-Confirm', '-c', '-Verbose']);
    const doc = json(r);
    // `-c` is not a kr option here: the binder sees it (ambiguous/unknown parameter), or binds it
    expect(doc.command).toBe('Test-Confirm');
    const ok = json(run(['--json', 'Test-Confirm', 'Web', '-Verbose']));
    expect(ok.verbose).toEqual(['about to sign out Web']);
    expect(ok.output).toEqual(['signed out Web']);
  });

  test('--jar, --url, --config and --follow reach the cmdlet as settings', () => {
    const doc = json(run(['--json', '--jar', 'c.txt', '--url', 'http://127.0.0.1:1/', '--config', 'kr.json', '--follow', 'Test-Confirm', 'settings']));
    expect(doc.output).toEqual([{ jar: 'c.txt', url: 'http://127.0.0.1:1/', config: 'kr.json', follow: true }]);
  });

  test('-c runs statements from a string', () => {
    const r = run(['-c', '$x = "Get-Help"; Get-Command -Name $x -Syntax']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('Get-Help [[-Name] <string>] [-Full] [-Examples] [-Parameter <string>] [<CommonParameters>]');
  });

  test('-WhatIf prints the What if line and exits 0', () => {
    const r = run(['Test-Confirm', '-WhatIf']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('What if: Performing the operation "SignOut" on target "Cookies".');
    const doc = json(run(['--json', 'Test-Confirm', 'App', '-WhatIf']));
    expect(doc.whatIf).toEqual(['What if: Performing the operation "SignOut" on target "App".']);
    expect(doc.parameters).toEqual({ Scheme: 'App', WhatIf: true, Confirm: false });
  });

  test('with no TTY, -Confirm exits 3 at once with the NonInteractive message', () => {
    const r = run(['Test-Confirm', '-Confirm']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('kr is in NonInteractive mode. Read and Prompt functionality is not available.');
    const doc = json(run(['--json', 'Test-Confirm', '-Confirm']));
    expect(doc.exitCode).toBe(3);
    expect((doc.errors as { errorId: string }[])[0].errorId).toBe('HostNonInteractive,Test-Confirm');
  });

  test('a wrong KR_CONFIRM_PREFERENCE is exit 2; KR_CONFIRM_PREFERENCE=Low asks (and fails without a TTY)', () => {
    const bad = run(['Test-Confirm'], { KR_CONFIRM_PREFERENCE: 'Often' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('KR_CONFIRM_PREFERENCE');
    expect(run(['Test-Confirm'], { KR_CONFIRM_PREFERENCE: 'Low' }).status).toBe(3);
    expect(run(['Test-Confirm'], { KR_WHATIF_PREFERENCE: 'true' }).stdout).toContain('What if:');
  });

  test('a broken KR_EXTRA_CMDLETS module is a clear exit 2', () => {
    const r = run(['Get-Help'], { KR_EXTRA_CMDLETS: join(dir, 'missing.mjs') });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('KR_EXTRA_CMDLETS');
  });

  // KR_EXTRA_CMDLETS makes the loader run the unbundled build, where each import is visible to a hook
  test('the sign-out -WhatIf path loads neither inquirer nor openid-client', () => {
    const log = join(dir, 'modules.log');
    writeFileSync(
      join(dir, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, result.url + '\\n');
  return result;
}`,
    );
    writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module'; register('./hooks.mjs', import.meta.url);`);
    const r = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), kr, 'Invoke-KrCookieSignOut', '-WhatIf'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, HOME: dir, KR_EXTRA_CMDLETS: extra },
      input: '',
    });
    expect(r.status).toBe(0);
    const loaded = readFileSync(log, 'utf8');
    expect(loaded).toContain('commander');
    expect(loaded).toContain('invoke-kr-cookie-sign-out');
    expect(loaded).not.toMatch(/@inquirer|openid-client/);
  });
});

const describeTty = tmuxAvailable() ? describe : describe.skip;
if (!tmuxAvailable()) console.warn('tmux is not installed: skipping the pseudo-terminal Confirm prompt tests');

describeTty('kr in a pseudo-terminal (tmux)', () => {
  const sessions: TmuxSession[] = [];
  afterAll(() => sessions.forEach((s) => s.kill()));

  function start(args: string): TmuxSession {
    const session = new TmuxSession({
      command: `NO_COLOR=1 KR_EXTRA_CMDLETS=${extra} ${process.execPath} ${kr} ${args}`,
      cwd: dir,
      width: 140,
      height: 30,
    }).start();
    sessions.push(session);
    return session;
  }

  test('answering Y performs the operation', async () => {
    const s = start('Test-Confirm Web -Confirm');
    const screen = await s.waitForText(CHOICE_LINE);
    expect(screen).toContain('Confirm\nAre you sure you want to perform this action?\nPerforming the operation "SignOut" on target "Web".\n');
    s.type('y');
    await s.waitForText('signed out Web');
    expect(await s.exitStatus()).toBe(0);
  });

  test('answering N skips it, exit 0', async () => {
    const s = start('Test-Confirm Web -Confirm');
    await s.waitForText(CHOICE_LINE);
    s.type('n');
    expect(await s.exitStatus()).toBe(0);
    expect(s.screen()).not.toContain('signed out');
  });

  test('? prints the help lines, then the prompt again; Enter takes the default', async () => {
    const s = start('Test-Confirm Web -Confirm');
    await s.waitForText(CHOICE_LINE);
    s.type('?');
    const screen = await s.waitForText('S - Pause the current pipeline');
    expect(screen).toContain(
      [
        'Y - Continue with only the next step of the operation.',
        'A - Continue with all the steps of the operation.',
        'N - Skip this operation and proceed with the next operation.',
        'L - Skip this operation and all subsequent operations.',
        'S - Pause the current pipeline and return to the command prompt. Type "exit" to resume the pipeline.',
      ].join('\n'),
    );
    await s.waitFor((text) => text.split(CHOICE_LINE).length === 3);
    s.type('');
    await s.waitForText('signed out Web');
    expect(await s.exitStatus()).toBe(0);
  });
});
