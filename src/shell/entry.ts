// What `kr` does with no cmdlet, -c or -f: on a terminal (stdin and stdout TTYs, not CI,
// not --non-interactive) it opens the interactive shell; with stdin a pipe or a file it
// runs the statements read from it (`echo 'Get-Command' | kr`). Undefined = neither
// (nothing at all on stdin, or a terminal but not an interactive one): the caller prints the usage.

import type { KrSettings } from '../runtime/cmdlet.js';
import type { Environment, Host } from '../runtime/host.js';
import type { InvocationResult, Runspace } from '../runtime/runspace.js';

type TtyWritable = NodeJS.WritableStream & { isTTY?: boolean };
type TtyReadable = NodeJS.ReadableStream & { isTTY?: boolean };

export interface EntryContext {
  runspace: Runspace;
  host: Host;
  io: { stdin: TtyReadable; stdout: TtyWritable; env: Environment; cwd: string; signal?: AbortSignal };
  settings: KrSettings;
  /** False with --json: statements from stdin still run, but no shell opens. */
  allowShell: boolean;
}

export const BANNER = 'kr interactive shell. Tab completes; Get-Command lists the commands; Ctrl-D or exit leaves.';

/** The shell's exit code, the result of the statements read from stdin, or undefined (print the usage). */
export async function runInteractiveOrStdin(context: EntryContext): Promise<number | InvocationResult | undefined> {
  const { runspace, host, io, settings } = context;
  if (context.allowShell && host.interactive && io.stdin.isTTY === true && io.stdout.isTTY === true) {
    const [{ runShell }, { History, historyPath }, { configSchemeNames }] = await Promise.all([
      import('./repl.js'),
      import('./history.js'),
      import('./config-schemes.js'),
    ]);
    return runShell({
      runspace,
      input: io.stdin,
      output: io.stdout,
      history: new History(historyPath(io.env, io.cwd)).load(),
      completion: {
        commands: runspace.commands(),
        schemeNames: () => configSchemeNames({ configPath: settings.config, env: io.env, cwd: io.cwd }),
        variableNames: () => runspace.variableNames(),
      },
      banner: BANNER,
    });
  }
  if (io.stdin.isTTY === true) return undefined;
  const { readAll, runScriptText } = await import('./script-runner.js');
  const text = await readAll(io.stdin);
  if (text === '') return undefined;
  return runScriptText(runspace, text, { signal: io.signal });
}
