// The interactive shell (`kr` with no arguments on a terminal): prompt `kr> `, line editing,
// Tab completion and history from node:readline, `>> ` continuation while a string,
// hashtable or block comment is open, Ctrl-C cancels the line (or stops the running
// command: exit status 130 for it, the shell goes on), Ctrl-D or `exit [n]` leaves.
//
// One readline interface per line, closed before the command runs: the terminal is then
// back in cooked mode, so Ctrl-C arrives as SIGINT (which stops the command) and a Confirm
// prompt (@inquirer on the same stdin) gets every keystroke, with no line editor competing
// for them. The history outlives the interfaces (it is passed to each new one).

import { createInterface, type Completer } from 'node:readline';
import { ExitCode, isKrError } from '../params/errors.js';
import { parseScriptBlock } from '../params/parser.js';
import type { Runspace } from '../runtime/runspace.js';
import { completeLine, type CompletionContext } from './completion.js';
import { History, maskSecrets } from './history.js';

type TtyReadable = NodeJS.ReadableStream & { isTTY?: boolean };
type TtyWritable = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export const PROMPT = 'kr> ';
export const CONTINUATION_PROMPT = '>> ';

export interface ShellOptions {
  runspace: Runspace;
  input: TtyReadable;
  output: TtyWritable;
  history: History;
  completion: CompletionContext;
  /** A line printed once at the start. */
  banner?: string;
}

/** Parse errors that mean "the statement goes on on the next line" rather than "this is wrong". */
/** Parse errors that mean "more to come" when the line ends there: the shell asks for the next line. */
const OPEN_CONSTRUCTS = new Set([
  'TerminatorExpectedAtEndOfString',
  'MissingEndCurlyBrace',
  'MissingTerminatorMultiLineComment',
  'MissingEndParenthesisInSubexpression',
  'MissingEndParenthesisInExpression',
  'MissingEndParenthesisInFunctionParameterList',
  'MissingEndParenthesisAfterStatement',
  'MissingStatementBlock',
  'MissingFunctionBody',
  'MissingEndParenthesisInMethodCall',
  'EndBraceExpectedAtEndOfVariableName',
]);

/** Whether `text` needs more lines: an open string, block, `@{`, `(`, `<#`, or a trailing backtick. */
export function isIncomplete(text: string): boolean {
  if (/`\r?$/.test(text)) return true;
  try {
    parseScriptBlock(text);
    return false;
  } catch (error) {
    return isKrError(error) && OPEN_CONSTRUCTS.has(error.errorId);
  }
}

type LineRead = { kind: 'line'; line: string } | { kind: 'interrupt' } | { kind: 'eof' };

export async function runShell(options: ShellOptions): Promise<number> {
  const { runspace, input, output, history } = options;
  const completer: Completer = (line) => {
    const { word, candidates } = completeLine(line, options.completion);
    return [candidates, word];
  };

  // A pasted block arrives in one chunk: readline turns it into several 'line' events at
  // once. Lines that come after the one being read wait here, and a half-typed line left
  // in a closing reader is typed into the next one, so nothing typed ahead is lost.
  const backlog: string[] = [];
  let carry = '';
  // The previous reader must be closed before the next opens: its close pauses the input.
  let previousClosed: Promise<void> = Promise.resolve();

  const readLine = async (prompt: string): Promise<LineRead> => {
    await previousClosed;
    const queued = backlog.shift();
    if (queued !== undefined) return { kind: 'line', line: queued };
    return new Promise((resolve) => {
      const rl = createInterface({
        input,
        output,
        completer,
        terminal: true,
        history: [...history.entries],
        historySize: 1000,
        removeHistoryDuplicates: true,
        tabSize: 4,
      });
      let settled = false;
      let interrupted = false;
      // closed on the next turn, after readline has handled the rest of the chunk it is in
      const close = (): void => {
        carry = interrupted ? '' : rl.line;
        rl.close();
        // the half line stays echoed on screen: output starts below it, the next prompt retypes it
        if (carry) output.write('\n');
      };
      const settle = (read: LineRead): void => {
        if (settled) return;
        settled = true;
        resolve(read);
        previousClosed = new Promise((done) =>
          setImmediate(() => {
            close();
            done();
          }),
        );
      };
      rl.on('line', (line) => {
        if (settled) backlog.push(line);
        else settle({ kind: 'line', line });
      });
      rl.on('SIGINT', () => {
        if (settled) return;
        output.write('^C\n');
        interrupted = true;
        backlog.length = 0;
        settle({ kind: 'interrupt' });
      });
      rl.on('close', () => settle({ kind: 'eof' }));
      rl.setPrompt(prompt);
      rl.prompt();
      if (carry) {
        rl.write(carry);
        carry = '';
      }
    });
  };

  let running: AbortController | undefined;
  const onSigint = (): void => running?.abort();
  process.on('SIGINT', onSigint);
  try {
    if (options.banner) output.write(`${options.banner}\n`);
    let pending = '';
    for (;;) {
      const read = await readLine(pending ? CONTINUATION_PROMPT : PROMPT);
      if (read.kind === 'eof') {
        output.write('\n');
        return ExitCode.Success;
      }
      if (read.kind === 'interrupt') {
        pending = '';
        continue;
      }
      const text = pending ? `${pending}\n${read.line}` : read.line;
      if (isIncomplete(text)) {
        pending = text;
        continue;
      }
      pending = '';
      if (text.trim() === '') continue;
      history.add(maskSecrets(text, runspace.commands()));
      // the reader must be gone (terminal out of raw mode) before a command runs: its
      // Confirm prompt gets the keys, and Ctrl-C is a signal again
      await previousClosed;
      running = new AbortController();
      try {
        // `exit [n]` is a statement like any other (src/params/tokenizer.ts): it ends the session
        const result = await runspace.invoke(text, { signal: running.signal });
        if (result.exited) return result.exitCode;
      } finally {
        running = undefined;
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
}
