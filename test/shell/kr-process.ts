// Spawning the built `kr` for the shell tests: builds dist/ when the sources are newer,
// writes a KR_EXTRA_CMDLETS module of small test cmdlets, and runs kr with a clean env.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const krBin = join(root, 'dist/bin/kr.cjs');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  const built = join(root, 'dist/src/index.js');
  if (!existsSync(krBin) || !existsSync(built)) return false;
  if (process.env.KR_SKIP_BUILD === '1') return true;
  return statSync(built).mtimeMs >= Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'bin')));
}

function moveInto(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      mkdirSync(target, { recursive: true });
      moveInto(source, target);
    } else {
      renameSync(source, target);
    }
  }
}

const pause = (ms: number): void => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms) as unknown as void;

/**
 * Builds with tsc unless dist is newer than src/ and bin/ (KR_SKIP_BUILD=1: if it exists).
 * The build goes to a scratch folder and each file is renamed into dist/, so a kr that
 * another test is running never reads a half-written file; a lock keeps the shell tests
 * from building twice at once.
 */
export function ensureBuilt(): void {
  if (isFresh()) return;
  const dist = join(root, 'dist');
  mkdirSync(dist, { recursive: true });
  const lock = join(dist, '.shell-tests-build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const held = statSync(lock, { throwIfNoEntry: false });
      // A lock left by a killed test run is stale after two minutes.
      if (held && Date.now() - held.mtimeMs > 120000) rmSync(lock, { recursive: true, force: true });
      pause(100);
      if (isFresh()) return;
    }
  }
  const scratch = join(dist, `.build-${process.pid}`);
  try {
    if (isFresh()) return;
    // Type errors do not stop tsc from emitting; `tsc --noEmit` in `npm test` reports them.
    spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', scratch], {
      cwd: root,
      stdio: 'ignore',
    });
    if (existsSync(scratch)) moveInto(scratch, dist);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(lock, { recursive: true, force: true });
  }
  if (!existsSync(krBin)) throw new Error('the build did not produce dist/bin/kr.cjs');
}

/**
 * Test cmdlets: Test-Echo writes its value (and a non-terminating error with -Fail),
 * Test-Throw ends with a terminating error of exit code 5, Test-Secret has a sensitive
 * -Token and a ValidateSet -Kind; Test-Twice asks ShouldProcess twice; Test-Wait waits
 * (up to 20 s) until its invocation is stopped.
 */
export function writeTestCmdlets(dir: string): string {
  const path = join(dir, 'shell-test-cmdlets.mjs');
  writeFileSync(
    path,
    `import { Cmdlet, KrError } from ${JSON.stringify(join(root, 'dist/src/index.js'))};
export class TestEcho extends Cmdlet {
  static declaration = {
    name: 'Test-Echo', synopsis: 'Writes its value.', description: 'Test cmdlet.',
    parameters: [
      { name: 'Value', type: 'object', position: 0, help: 'What to write.' },
      { name: 'Fail', type: 'switch', help: 'Also write a non-terminating error.' },
    ],
  };
  async invoke() {
    if (this.switch('Fail')) await this.writeError(new KrError('TestFailure', 'test failure', { category: 'InvalidOperation' }));
    const v = this.value('Value');
    this.writeVerbose('echoing');
    this.writeObject(Array.isArray(v) ? v.join('|') : v === null || v === undefined ? '(null)' : String(v));
  }
}
export class TestThrow extends Cmdlet {
  static declaration = { name: 'Test-Throw', synopsis: 'Fails.', description: 'Test cmdlet.', parameters: [] };
  async invoke() { throw new KrError('TestTerminating', 'it broke', { category: 'InvalidOperation', exitCode: 5 }); }
}
export class TestSecret extends Cmdlet {
  static declaration = {
    name: 'Test-Secret', synopsis: 'Takes a secret.', description: 'Test cmdlet.', supportsShouldProcess: true, confirmImpact: 'Low',
    parameters: [
      { name: 'Name', type: 'string', position: 0, help: 'A name.' },
      { name: 'Token', type: 'string', position: 1, sensitive: true, help: 'A secret.' },
      { name: 'Kind', type: 'string', validateSet: ['Cookies', 'OAuth2', 'Oidc'], help: 'A kind.' },
      { name: 'Old', type: 'string', dontShow: true, help: 'Hidden.' },
    ],
  };
  async invoke() { if (await this.shouldProcess(this.string('Name') ?? 'x', 'Use')) this.writeObject('used ' + (this.string('Name') ?? 'x')); }
}
export class TestTwice extends Cmdlet {
  static declaration = { name: 'Test-Twice', synopsis: 'Two steps.', description: 'Test cmdlet.', supportsShouldProcess: true, confirmImpact: 'High', parameters: [] };
  async invoke() {
    for (const step of ['one', 'two']) if (await this.shouldProcess(step, 'Step')) this.writeObject('did ' + step);
  }
}
export class TestWait extends Cmdlet {
  static declaration = { name: 'Test-Wait', synopsis: 'Waits until stopped.', description: 'Test cmdlet.', parameters: [] };
  async invoke() {
    this.writeObject('waiting');
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 20000);
      this.context.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
    });
    if (!this.context.signal.aborted) this.writeObject('done waiting');
  }
}
export const cmdlets = [TestEcho, TestThrow, TestSecret, TestTwice, TestWait];
`,
  );
  return path;
}

export interface KrRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runKr(args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined>; input?: string }): KrRun {
  const r = spawnSync(process.execPath, [krBin, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: undefined, ...options.env },
    input: options.input ?? '',
    timeout: 20000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
