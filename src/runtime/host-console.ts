// The terminal host (interactive) and, with `interactive: false`, the non-interactive host.
// Colour comes from chalk and follows --no-color, NO_COLOR, FORCE_COLOR, then "is a TTY".
// The Confirm prompt is an @inquirer/core prompt, imported only when a prompt is really
// shown: the common path (`kr X -WhatIf`) never pays for loading inquirer.

import { Chalk, type ChalkInstance } from 'chalk';
import { RuntimeErrors, type KrError } from '../params/errors.js';
import { runChoicePrompt } from './choice-prompt.js';
import { formatError } from './format.js';
import { OutDefault, type FormatSettings } from './out-default.js';
import { DEFAULT_SCREEN_WIDTH } from './table-view.js';
import type { ChoicePrompt, Environment, ErrorDisplayContext, Host } from './host.js';

type TtyWritable = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
type TtyReadable = NodeJS.ReadableStream & { isTTY?: boolean };

export interface ConsoleHostOptions {
  stdin?: TtyReadable;
  stdout?: TtyWritable;
  stderr?: TtyWritable;
  env?: Environment;
  cwd?: string;
  /** Override detection (`--non-interactive` passes false). */
  interactive?: boolean;
  /** `--no-color`. */
  noColor?: boolean;
  /**
   * Machine mode (`--json`): streams are not displayed (the caller prints the result) and
   * prompts are drawn on stderr so stdout carries only the JSON.
   */
  quiet?: boolean;
}

/** CI set (to anything but "false"/"0") counts as a CI machine, as most tools read it. */
export function isCiEnvironment(env: Environment): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** Interactive = stdin and stdout are terminals, not on CI, and not `--non-interactive`. */
export function detectInteractive(stdin: TtyReadable, stdout: TtyWritable, env: Environment, nonInteractiveFlag = false): boolean {
  return !nonInteractiveFlag && stdin.isTTY === true && stdout.isTTY === true && !isCiEnvironment(env);
}

/** --no-color wins, then NO_COLOR (any non-empty value), then FORCE_COLOR, then "is a TTY". */
export function shouldUseColor(env: Environment, isTTY: boolean, noColorFlag = false): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  return isTTY;
}

type LinePrompt = (config: { text: string }, context: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; signal?: AbortSignal }) => Promise<string>;

let linePrompt: Promise<LinePrompt> | undefined;

/** A one-line question drawn with @inquirer/core; the typed text stays on screen after Enter. */
function loadLinePrompt(): Promise<LinePrompt> {
  linePrompt ??= import('@inquirer/core').then(({ createPrompt, useState, useKeypress, isEnterKey }) =>
    createPrompt<string, { text: string }>((config, done) => {
      const [status, setStatus] = useState<'idle' | 'done'>('idle');
      const [value, setValue] = useState('');
      useKeypress((key, rl) => {
        if (status === 'done') return;
        if (isEnterKey(key)) {
          setStatus('done');
          done(value);
        } else {
          setValue(rl.line);
        }
      });
      return `${config.text}${value}`;
    }),
  );
  return linePrompt;
}

function isPromptInterruption(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError' || error.name === 'CancelPromptError');
}

export class ConsoleHost implements Host {
  readonly name = 'ConsoleHost';
  readonly interactive: boolean;
  readonly color: boolean;
  readonly env: Environment;
  readonly cwd: string;
  private readonly streams: ConsoleHostOptions;
  private readonly stdout: TtyWritable;
  private readonly stderr: TtyWritable;
  private readonly quiet: boolean;
  private readonly paint: ChalkInstance;

  constructor(options: ConsoleHostOptions = {}) {
    this.streams = options;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    this.env = options.env ?? process.env;
    this.cwd = options.cwd ?? process.cwd();
    this.quiet = options.quiet ?? false;
    // stdout first: stdin is read only when it can matter (making it costs Node its stream modules)
    this.interactive = options.interactive ?? (this.stdout.isTTY === true && detectInteractive(this.stdin, this.stdout, this.env));
    this.color = shouldUseColor(this.env, this.stdout.isTTY === true, options.noColor);
    this.paint = new Chalk({ level: this.color ? 1 : 0 });
  }

  /** Read on use: options.stdin may be a getter (src/cli/process-io.ts). */
  private get stdin(): TtyReadable {
    return this.streams.stdin ?? process.stdin;
  }

  private write(line: string): void {
    if (!this.quiet) this.stdout.write(`${line}\n`);
  }

  /** A line of another stream: the rows a table holds back go first, so the screen keeps the order things happened in. */
  private out(line: string): void {
    this.outDefault.flush();
    this.write(line);
  }

  /** The terminal's width; PowerShell's 120 when the output is not a terminal. */
  get screenWidth(): number {
    const columns = this.stdout.isTTY === true ? this.stdout.columns : undefined;
    return columns !== undefined && columns > 0 ? columns : DEFAULT_SCREEN_WIDTH;
  }

  private readonly outDefault = new OutDefault({ write: (line) => this.write(line), screenWidth: () => this.screenWidth });

  writeOutput(value: unknown, settings?: FormatSettings): void {
    this.outDefault.push(value, settings);
  }

  endOutput(): void {
    this.outDefault.end();
  }

  writeError(error: KrError, context: ErrorDisplayContext = {}): void {
    this.outDefault.flush();
    if (this.quiet) return;
    const errorColor = this.shouldColor(this.stderr) ? new Chalk({ level: 1 }).red : (t: string) => t;
    for (const line of formatError(error, context.source, { error: errorColor }, context.sourceFile)) this.stderr.write(`${line}\n`);
  }

  writeWarning(text: string): void {
    this.out(this.paint.yellow(`WARNING: ${text}`));
  }

  writeVerbose(text: string): void {
    this.out(this.paint.yellow(`VERBOSE: ${text}`));
  }

  writeDebug(text: string): void {
    this.out(this.paint.yellow(`DEBUG: ${text}`));
  }

  writeInformation(text: string, _tags: readonly string[] = []): void {
    this.out(text);
  }

  writeWhatIf(text: string): void {
    this.out(text);
  }

  async promptChoice(prompt: ChoicePrompt, signal?: AbortSignal): Promise<number> {
    if (!this.interactive) throw RuntimeErrors.nonInteractive();
    this.outDefault.flush();
    const output = this.quiet ? this.stderr : this.stdout;
    const ask = await loadLinePrompt();
    const coloured: ChoicePrompt = this.color
      ? { ...prompt, caption: this.paint.bold(prompt.caption) }
      : prompt;
    try {
      return await runChoicePrompt(coloured, {
        ask: (text) => ask({ text }, { input: this.stdin, output, signal }),
        write: (line) => output.write(`${line}\n`),
      });
    } catch (error) {
      if (isPromptInterruption(error)) throw RuntimeErrors.interrupted();
      throw error;
    }
  }

  private shouldColor(stream: TtyWritable): boolean {
    return this.color && (stream.isTTY === true || this.env.FORCE_COLOR !== undefined);
  }
}
