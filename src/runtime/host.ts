// The Host: everything a running cmdlet may do to the outside world (streams, prompts),
// injected so tests and embedders choose their own. Three implementations:
//   - ConsoleHost (host-console.ts): a terminal, chalk colour, the Confirm prompt via
//     @inquirer/core (loaded lazily); `interactive: false` makes it the non-interactive host.
//   - RecordingHost (host-recording.ts): records every line, answers prompts from a queue.
// Hosts only display; the runspace records streams into the InvocationResult itself.

import type { KrError } from '../params/errors.js';
import type { FormatSettings } from './out-default.js';

/** One choice of a PromptForChoice: `&` marks the hotkey (`Yes to &All`). */
export interface ChoiceDescription {
  label: string;
  help: string;
}

export interface ChoicePrompt {
  caption: string;
  message: string;
  choices: readonly ChoiceDescription[];
  defaultIndex: number;
}

/** What an error display needs besides the error: the command text its position points into. */
export interface ErrorDisplayContext {
  /** The command or script text the error's position points into. */
  source?: string;
  /** The file that text came from (`kr -f`); positions in other files are not marked in it. */
  sourceFile?: string;
}

export type Environment = Readonly<Record<string, string | undefined>>;

export interface Host {
  readonly name: string;
  /** False: any prompt fails at once with RuntimeErrors.nonInteractive() (exit 3). */
  readonly interactive: boolean;
  readonly color: boolean;
  /** The screen's width in cells for tables (a terminal's columns); absent: PowerShell's 120. */
  readonly screenWidth?: number;
  readonly env: Environment;
  readonly cwd: string;
  /** Shows an object that reached the end of a pipeline (the console host formats it as PowerShell's Out-Default). */
  writeOutput(value: unknown, settings?: FormatSettings): void;
  /** The end of one invocation's output: a table still open is finished (its closing blank line). */
  endOutput?(): void;
  writeError(error: KrError, context?: ErrorDisplayContext): void;
  writeWarning(text: string): void;
  writeVerbose(text: string): void;
  writeDebug(text: string): void;
  writeInformation(text: string, tags: readonly string[]): void;
  writeWhatIf(text: string): void;
  /**
   * PowerShell's PromptForChoice: shows caption, message and the choice line, handles `?`
   * (help lines) and unknown answers by asking again; resolves to the chosen index.
   * Rejects with RuntimeErrors.nonInteractive() on a non-interactive host, and with
   * RuntimeErrors.interrupted() when the user presses Ctrl+C or `signal` aborts.
   */
  promptChoice(prompt: ChoicePrompt, signal?: AbortSignal): Promise<number>;
}
