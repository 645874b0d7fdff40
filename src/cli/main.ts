// The `kr` executable's logic: parse kr's options, build a host and a runspace, run the
// command, print the result for a person (the host shows streams as they happen) or a
// machine (`--json`: exactly one JSON object on stdout), and return the exit code:
//   0 success (also after -WhatIf, and after answering No)   1 the command failed
//   2 parse/binding/usage error or unknown command           3 confirmation needed, no interactive host
//   130 interrupted (SIGINT)
// Environment: KR_*_PREFERENCE (src/runtime/preferences.ts), KR_TRACE_BINDING=1,
// KR_EXTRA_CMDLETS (src/cli/extra-cmdlets.ts), NO_COLOR / FORCE_COLOR, CI.

import { ExitCode, KrError } from '../params/errors.js';
import { builtinCmdlets, createRunspace } from '../index.js';
import { ConsoleHost } from '../runtime/host-console.js';
import type { Environment } from '../runtime/host.js';
import { loadExtraCmdlets } from './extra-cmdlets.js';
import { errorDocument, resultDocument, type JsonDocument } from './json-result.js';
import { outputPending, processIo } from './process-io.js';
import { krOptionSpecs, parseCommandLine, wantsJson } from './program.js';
import type { CmdletClass } from '../runtime/cmdlet.js';

type TtyWritable = NodeJS.WritableStream & { isTTY?: boolean };
type TtyReadable = NodeJS.ReadableStream & { isTTY?: boolean };

export interface CliIo {
  stdin: TtyReadable;
  stdout: TtyWritable;
  stderr: TtyWritable;
  env: Environment;
  cwd: string;
  /** Aborts the running command (the CLI wires SIGINT to it when run as a process). */
  signal?: AbortSignal;
}

function printJson(io: CliIo, doc: JsonDocument): void {
  io.stdout.write(`${JSON.stringify(doc)}\n`);
}

function setupError(io: CliIo, json: boolean, error: KrError): number {
  if (json) printJson(io, errorDocument(error.fullyQualifiedErrorId, error.category, error.message, error.exitCode));
  else io.stderr.write(`kr: ${error.message}\n`);
  return error.exitCode;
}

/** The commands `kr __complete` offers: the built-ins and KR_EXTRA_CMDLETS (none when those fail to load). */
async function completableCommands(io: CliIo): Promise<CmdletClass[]> {
  const extra = await loadExtraCmdlets(io.env.KR_EXTRA_CMDLETS, io.cwd).catch((): CmdletClass[] => []);
  return [...builtinCmdlets, ...extra];
}

/** `kr __complete <words>` and `kr completion <shell>` (src/shell/cli-completion.ts), loaded only when asked for. */
async function runCompletion(argv: readonly string[], io: CliIo): Promise<number> {
  const { completeCliWords, completionCommand } = await import('../shell/cli-completion.js');
  if (argv[0] === 'completion') {
    const result = completionCommand(argv.slice(1));
    io.stdout.write(result.stdout);
    io.stderr.write(result.stderr);
    return result.exitCode;
  }
  const candidates = completeCliWords(argv.slice(1), { commands: await completableCommands(io), options: krOptionSpecs(), env: io.env, cwd: io.cwd });
  io.stdout.write(candidates.map((c) => `${c}\n`).join(''));
  return ExitCode.Success;
}

/**
 * Runs kr's command line. A bug that escapes the runspace (in kr's own output code, say) ends
 * as an UnhandledException report and exit 1, like one inside a cmdlet, never as Node's
 * crash dump (which quotes a line of the minified bundle).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await runCliUnguarded(argv, io);
  } catch (error) {
    const message = `kr failed unexpectedly (this is a bug in kr): ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    return setupError(io, wantsJson(argv), new KrError('UnhandledException', message, { category: 'NotSpecified', exitCode: ExitCode.Failure, cause: error }));
  }
}

async function runCliUnguarded(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] === '__complete' || argv[0] === 'completion') return runCompletion(argv, io);
  const parsed = parseCommandLine(argv);
  if (parsed.kind === 'info') {
    if (parsed.json) printJson(io, errorDocument('', 'NotSpecified', '', ExitCode.Success, [parsed.text.trimEnd()]));
    else io.stdout.write(parsed.text);
    return ExitCode.Success;
  }
  // No cmdlet, -c or -f: a terminal opens the shell, a pipe or file on stdin is a script.
  const shellOrStdin = parsed.kind === 'usage' && parsed.code === 'kr.missingCommand' ? parsed.options : undefined;
  if (parsed.kind === 'usage' && !shellOrStdin) {
    if (parsed.json) printJson(io, errorDocument(parsed.code, 'InvalidArgument', parsed.message, ExitCode.Usage));
    else io.stderr.write(`kr: ${parsed.message}\n\n${parsed.usage}`);
    return ExitCode.Usage;
  }

  const options = parsed.kind === 'run' ? parsed.options : shellOrStdin;
  if (!options) return ExitCode.Usage;
  const host = new ConsoleHost({
    // a getter: the host reads stdin only when it needs it (see src/cli/process-io.ts)
    get stdin() {
      return io.stdin;
    },
    stdout: io.stdout,
    stderr: io.stderr,
    env: io.env,
    cwd: io.cwd,
    interactive: options.nonInteractive ? false : undefined,
    noColor: options.noColor,
    quiet: options.json,
  });
  let runspace;
  try {
    const extra = await loadExtraCmdlets(io.env.KR_EXTRA_CMDLETS, io.cwd);
    runspace = createRunspace({ host, settings: options.settings, env: io.env, cwd: io.cwd, cmdlets: extra });
  } catch (error) {
    if (error instanceof KrError) return setupError(io, options.json, error);
    throw error;
  }
  let result;
  if (parsed.kind === 'usage') {
    const { runInteractiveOrStdin } = await import('../shell/entry.js');
    const outcome = await runInteractiveOrStdin({ runspace, host, io, settings: options.settings, allowShell: !options.json });
    await runspace.settled();
    if (typeof outcome === 'number') return outcome & 0xff;
    if (!outcome) {
      if (options.json) printJson(io, errorDocument(parsed.code, 'InvalidArgument', parsed.message, ExitCode.Usage));
      else io.stderr.write(`kr: ${parsed.message}\n\n${parsed.usage}`);
      return ExitCode.Usage;
    }
    result = outcome;
  } else if (options.file !== undefined) {
    const { runScriptFile } = await import('../shell/script-runner.js');
    result = await runScriptFile(runspace, options.file, { args: options.argv, signal: io.signal });
  } else {
    result = await runspace.invoke(options.command ?? options.argv, { signal: io.signal });
  }
  // a stopped command may still be saving what it did: kr ends only once it has (see finish)
  await runspace.settled();
  // `exit -1` or `exit 256` in a script: the code the process will really end with (as pwsh on Linux)
  let exitCode = result.exitCode & 0xff;
  // stopped by SIGTERM or SIGHUP rather than Ctrl+C: the shell convention is 128 + the signal's number
  const reason: unknown = io.signal?.aborted ? io.signal.reason : undefined;
  if (exitCode === ExitCode.Interrupted && reason instanceof SignalStop) exitCode = reason.exitCode;
  if (options.json) printJson(io, resultDocument({ ...result, exitCode }));
  return exitCode;
}

/**
 * Ends the process with main's exit code. main resolves once the command is done and its
 * writes are awaited, so when no output is still on its way kr exits at once: left to end by
 * itself, Node would first run the garbage collections V8 scheduled as idle tasks (a scavenge
 * of start-up's objects, ~5 ms of a 60 ms -WhatIf, measured on Node 24). Otherwise, and on
 * Windows (whose terminal and pipe writes are asynchronous), the event loop ends as usual.
 */
export function finish(code: number): void {
  process.exitCode = code;
  if (process.platform !== 'win32' && !outputPending()) process.exit(code);
}

/** Why the run was aborted when a signal other than Ctrl+C stopped it. */
export class SignalStop {
  constructor(
    readonly signal: 'SIGTERM' | 'SIGHUP',
    readonly exitCode: number,
  ) {}
}

/**
 * The process edge: real streams; SIGINT, SIGTERM (what `timeout` and CI cancellation send) and
 * SIGHUP abort the running command, which saves what it did and releases its locks, then kr
 * exits 130, 143 or 129. A second signal exits at once.
 */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const controller = new AbortController();
  const onSigint = (): void => {
    // The interactive shell listens too: then Ctrl+C stops only its running command.
    if (process.listenerCount('SIGINT') > 1) return;
    if (controller.signal.aborted) process.exit(ExitCode.Interrupted);
    controller.abort();
  };
  const onStop = (signal: 'SIGTERM' | 'SIGHUP', exitCode: number) => (): void => {
    if (controller.signal.aborted) process.exit(exitCode);
    controller.abort(new SignalStop(signal, exitCode));
  };
  const onSigterm = onStop('SIGTERM', 143);
  const onSighup = onStop('SIGHUP', 129);
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  process.on('SIGHUP', onSighup);
  // `kr ... | head` closes the pipe early: that is the reader's choice, not a failure to report.
  const onPipeError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Success);
    throw error;
  };
  const streams = processIo();
  streams.stdout.on('error', onPipeError);
  try {
    return await runCli(argv, {
      get stdin() {
        return streams.stdin;
      },
      stdout: streams.stdout,
      stderr: streams.stderr,
      env: process.env,
      cwd: process.cwd(),
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    process.off('SIGHUP', onSighup);
  }
}
