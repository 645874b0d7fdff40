// The host for tests and embedders: records every line it is asked to show, and answers
// prompts from a queue (`answers: ['?', 'n']`). An empty queue behaves like a
// non-interactive host (the prompt fails with exit 3), so a test can never hang on a prompt.

import { RuntimeErrors, type KrError } from '../params/errors.js';
import { runChoicePrompt } from './choice-prompt.js';
import { formatError } from './format.js';
import type { ChoicePrompt, Environment, ErrorDisplayContext, Host } from './host.js';

export type RecordedStream = 'output' | 'error' | 'warning' | 'verbose' | 'debug' | 'information' | 'whatif' | 'prompt';

export interface RecordedLine {
  stream: RecordedStream;
  text: string;
}

export interface RecordingHostOptions {
  answers?: readonly string[];
  interactive?: boolean;
  color?: boolean;
  env?: Environment;
  cwd?: string;
}

export class RecordingHost implements Host {
  readonly name = 'RecordingHost';
  readonly interactive: boolean;
  readonly color: boolean;
  readonly env: Environment;
  readonly cwd: string;
  readonly lines: RecordedLine[] = [];
  readonly outputs: unknown[] = [];
  readonly errors: KrError[] = [];
  /** Everything the prompts showed, with the typed answers, as a terminal would show it. */
  readonly transcript: string[] = [];
  /** Each PromptForChoice request as asked. */
  readonly prompts: ChoicePrompt[] = [];
  private readonly answers: string[];

  constructor(options: RecordingHostOptions = {}) {
    this.answers = [...(options.answers ?? [])];
    this.interactive = options.interactive ?? true;
    this.color = options.color ?? false;
    this.env = options.env ?? {};
    this.cwd = options.cwd ?? process.cwd();
  }

  /** Answers not used yet. */
  get pendingAnswers(): readonly string[] {
    return this.answers;
  }

  /** Adds answers for the next prompts. */
  answer(...answers: string[]): void {
    this.answers.push(...answers);
  }

  linesOf(stream: RecordedStream): string[] {
    return this.lines.filter((l) => l.stream === stream).map((l) => l.text);
  }

  writeOutput(value: unknown): void {
    this.outputs.push(value);
    this.lines.push({ stream: 'output', text: typeof value === 'string' ? value : JSON.stringify(value) });
  }

  writeError(error: KrError, context: ErrorDisplayContext = {}): void {
    this.errors.push(error);
    for (const text of formatError(error, context.source, undefined, context.sourceFile)) this.lines.push({ stream: 'error', text });
  }

  writeWarning(text: string): void {
    this.lines.push({ stream: 'warning', text });
  }

  writeVerbose(text: string): void {
    this.lines.push({ stream: 'verbose', text });
  }

  writeDebug(text: string): void {
    this.lines.push({ stream: 'debug', text });
  }

  writeInformation(text: string, _tags: readonly string[] = []): void {
    this.lines.push({ stream: 'information', text });
  }

  writeWhatIf(text: string): void {
    this.lines.push({ stream: 'whatif', text });
  }

  async promptChoice(prompt: ChoicePrompt, signal?: AbortSignal): Promise<number> {
    if (!this.interactive) throw RuntimeErrors.nonInteractive();
    this.prompts.push(prompt);
    return runChoicePrompt(prompt, {
      ask: async (text) => {
        if (signal?.aborted) throw RuntimeErrors.interrupted();
        const next = this.answers.shift();
        if (next === undefined) throw RuntimeErrors.nonInteractive();
        const shown = text.split('\n');
        shown[shown.length - 1] += next;
        this.transcript.push(...shown);
        for (const text of shown) this.lines.push({ stream: 'prompt', text });
        return next;
      },
      write: (line) => {
        this.transcript.push(line);
        this.lines.push({ stream: 'prompt', text: line });
      },
    });
  }
}
