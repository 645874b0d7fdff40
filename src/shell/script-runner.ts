// Scripts: `kr -f script.ps1 [args]` (args become `$args`) and statements piped on stdin
// (`echo 'Get-Command' | kr`). Both run through Runspace.invoke, so statements, comments,
// assignments, variables, preference variables, `$LASTEXITCODE` and `$?` behave as in
// `kr -c`; a terminating error stops the script with its exit code and is shown with
// where it happened (`At /path/x.ps1:3 char:5` and the marked line).

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ExitCode, KrError } from '../params/errors.js';
import type { PsValue } from '../params/values.js';
import { emptyResult, type InvocationResult, type InvokeOptions, type Runspace } from '../runtime/runspace.js';

export const ScriptErrors = {
  notFound: (path: string) =>
    new KrError('ScriptFileNotFound', `The script file '${path}' was not found.`, { category: 'ObjectNotFound', exitCode: ExitCode.Usage }),
  unreadable: (path: string, reason: string) =>
    new KrError('ScriptFileUnreadable', `The script file '${path}' cannot be read: ${reason}.`, {
      category: 'ReadError',
      exitCode: ExitCode.Usage,
    }),
};

/** An InvocationResult for a failure before any statement ran (shown on the runspace's host). */
export function failedResult(runspace: Runspace, error: KrError): InvocationResult {
  runspace.host.writeError(error);
  return { ...emptyResult(), errors: [error.toRecord()], exitCode: error.exitCode };
}

export interface ScriptOptions extends InvokeOptions {
  /** `$args` of the script. */
  args?: readonly string[];
}

/** Runs script text (`file` names it in error locations). */
export async function runScriptText(runspace: Runspace, text: string, options: ScriptOptions = {}): Promise<InvocationResult> {
  const { args, ...invoke } = options;
  if (args !== undefined) runspace.setVariable('args', [...args] as PsValue[]);
  // A UTF-8 BOM (Windows editors) is not part of the first statement.
  return runspace.invoke(text.replace(/^\uFEFF/, ''), invoke);
}

export async function runScriptFile(runspace: Runspace, path: string, options: ScriptOptions = {}): Promise<InvocationResult> {
  const file = resolve(runspace.cwd, path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return failedResult(runspace, code === 'ENOENT' ? ScriptErrors.notFound(file) : ScriptErrors.unreadable(file, code ?? 'unknown error'));
  }
  return runScriptText(runspace, text, { ...options, file, args: options.args ?? [] });
}

/** All of a non-TTY stdin, as text. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
