// README "Use in CI": the copy-paste script (test/support/ci-script.sh) runs AS WRITTEN,
// with bash, real curl and `kr` on PATH (a temp bin/ with a launcher for dist/bin/kr.cjs),
// against the test app. README.md and docs/use-in-ci.md must show the same script byte for byte.

import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, KR, ROOT } from './kr-process.js';
import { startRpApp, type RpApp } from './rp-app.js';

const SCRIPT = join(ROOT, 'test/support/ci-script.sh');

let app: RpApp;
let dir: string;
let bin: string;

beforeAll(async () => {
  ensureBuilt();
  app = await startRpApp();
});
afterAll(() => app.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-e2e-ci-'));
  bin = join(dir, 'bin');
  await mkdir(bin);
  const launcher = join(bin, 'kr');
  await writeFile(launcher, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(KR)} "$@"\n`);
  await chmod(launcher, 0o755);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function runScript(env: Record<string, string>): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      [SCRIPT],
      { cwd: dir, env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: dir, NO_COLOR: '1', TMPDIR: dir, ...env }, timeout: 30000 },
      (error, stdout, stderr) => resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });
}

describe('the "Use in CI" script', () => {
  it('signs in with curl, passes the test step, signs out with kr --follow and proves it', async () => {
    const before = app.requests.length;
    const run = await runScript({ APP_URL: app.url, CI_PASSWORD: 'not-a-real-password' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Signed out of 'Cookies' on .*: removed \.AspNetCore\.Cookies \(\+3 chunks\)$/m);
    expect(run.stdout).toContain(`Follow: GET ${app.url}/ -> 200`);
    expect(run.stdout.trimEnd().endsWith(`signed out of ${app.url}`)).toBe(true);
    const seen = app.requests.slice(before).map((r) => `${r.method} ${r.url.split('?')[0]}`);
    expect(seen).toEqual(['POST /Account/Login', 'GET /me', 'GET /', 'GET /me']);
    // kr's own request went out without the auth cookies it had just removed
    expect(app.requests[before + 2].cookie).toBe('theme=dark');
  });

  it('stops with a non-zero exit and a message when the app cannot be reached', async () => {
    const down = await startRpApp();
    await down.close();
    const run = await runScript({ APP_URL: down.url });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/curl: \(7\)/);
  });

  it.each(['README.md', 'docs/use-in-ci.md'])('is the script %s shows', async (page) => {
    const doc = await readFile(join(ROOT, page), 'utf8');
    const script = await readFile(SCRIPT, 'utf8');
    expect(doc).toContain(`\`\`\`bash\n${script}\`\`\``);
  });
});
