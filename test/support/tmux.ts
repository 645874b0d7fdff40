// A real pseudo-terminal for tests: a detached tmux session of fixed size running one
// command; keys are sent with send-keys and the screen is read with capture-pane, polled
// until a deadline. Tests skip (with a clear message) only when tmux is not installed.

import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const EXIT_MARKER = /__kr_exit__=(\d+)/;

export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

export interface TmuxSessionOptions {
  /** The shell command line run in the pane (its exit status is echoed after it for exitStatus()). */
  command: string;
  cwd?: string;
  env?: Record<string, string>;
  width?: number;
  height?: number;
}

export class TmuxSession {
  readonly name = `kr-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly socket = `kr-test-${process.pid}`;
  private alive = false;

  constructor(private readonly options: TmuxSessionOptions) {}

  private tmux(args: readonly string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  start(): this {
    const env = Object.entries(this.options.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    // The pane inherits the tmux server's environment; a CI variable there (CI runs set one)
    // would make kr non-interactive, so it is dropped unless the test sets CI itself.
    const unsetCi = this.options.env && 'CI' in this.options.env ? '' : 'unset CI; ';
    // remain-on-exit keeps the pane (and its last screen) after the command ends, so the
    // exit status can be read; it is set in the same tmux command so a fast exit cannot race it.
    this.tmux([
      'new-session', '-d', '-s', this.name,
      '-x', String(this.options.width ?? 120), '-y', String(this.options.height ?? 30),
      ...(this.options.cwd ? ['-c', this.options.cwd] : []),
      ...env,
      `${unsetCi}${this.options.command}; echo "__kr_exit__=$?"`,
      ';', 'set-option', '-t', this.name, 'remain-on-exit', 'on',
    ]);
    this.alive = true;
    return this;
  }

  /** Keys as tmux names them: literal text with `literal`, or names like 'Enter', 'C-c'. */
  sendKeys(keys: string, literal = false): void {
    this.tmux(['send-keys', '-t', this.name, ...(literal ? ['-l'] : []), keys]);
  }

  /** Types text and presses Enter. */
  type(text: string): void {
    if (text) this.sendKeys(text, true);
    this.sendKeys('Enter');
  }

  screen(): string {
    return this.tmux(['capture-pane', '-p', '-t', this.name, '-S', '-200']);
  }

  /** Polls the screen until `predicate` holds; throws with the screen when the deadline passes. */
  async waitFor(predicate: (screen: string) => boolean, timeoutMs = 15000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = this.screen();
      if (predicate(last)) return last;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`tmux screen did not match within ${timeoutMs} ms; last screen:\n${last}`);
  }

  async waitForText(text: string, timeoutMs?: number): Promise<string> {
    return this.waitFor((s) => s.includes(text), timeoutMs);
  }

  /** The pane command's exit status once it has ended (polled until the deadline). */
  async exitStatus(timeoutMs = 15000): Promise<number> {
    // Read from a marker the shell prints: tmux may flag the pane dead (pty EOF) before it
    // has reaped the process, so #{pane_dead_status} can be empty for a while.
    const screen = await this.waitFor((text) => EXIT_MARKER.test(text), timeoutMs);
    return Number(EXIT_MARKER.exec(screen)?.[1]);
  }

  kill(): void {
    if (!this.alive) return;
    this.alive = false;
    spawnSync('tmux', ['-L', this.socket, 'kill-session', '-t', this.name], { stdio: 'ignore' });
  }

  /** Ends the private tmux server once no session of this process is left. */
  static killServer(): void {
    spawnSync('tmux', ['-L', `kr-test-${process.pid}`, 'kill-server'], { stdio: 'ignore' });
  }
}
