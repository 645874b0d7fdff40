// The two completion entry points of the `kr` executable:
//   kr __complete [--] <words...>   hidden; the words after `kr` typed so far, the last one
//                                   being completed (may be ''); prints one candidate a line
//   kr completion bash|zsh|fish|pwsh   prints the script that calls `kr __complete`
// Before the cmdlet name the words are kr's own options (`--config x.json` also says where
// the scheme names come from); from the cmdlet name on, the shared engine answers.

import type { CommandDeclaration } from '../params/metadata.js';
import type { Environment } from '../runtime/host.js';
import { completeWords } from './completion.js';
import { configSchemeNames } from './config-schemes.js';
import { SHELLS, completionScript, isCompletionShell } from './completion-scripts.js';

export interface KrOptionSpec {
  /** `--json`, `-c`, `--command` ... */
  names: readonly string[];
  takesValue: boolean;
}

export interface CliCompletionContext {
  commands: readonly { readonly declaration: CommandDeclaration }[];
  options: readonly KrOptionSpec[];
  env: Environment;
  cwd: string;
}

/** Options whose value is not kr-language text (a script path, a -c string): nothing to offer after them. */
const ENDS_COMPLETION = new Set(['-c', '--command', '-f', '--file']);

const startsWithFolded = (text: string, prefix: string): boolean => text.toLowerCase().startsWith(prefix.toLowerCase());

export function completeCliWords(input: readonly string[], context: CliCompletionContext): string[] {
  const words = input[0] === '--' ? input.slice(1) : [...input];
  if (words.length === 0) words.push('');
  let configPath: string | undefined;
  let i = 0;
  while (i < words.length - 1 && words[i].startsWith('-')) {
    const [flag, inline] = words[i].split(/=(.*)/s, 2);
    if (ENDS_COMPLETION.has(flag)) return [];
    const spec = context.options.find((o) => o.names.includes(flag));
    if (spec?.takesValue && inline === undefined) {
      if (flag === '--config') configPath = words[i + 1];
      i += 2;
    } else {
      if (flag === '--config') configPath = inline;
      i += 1;
    }
  }
  // The word being typed is an option's value (`--jar <Tab>`): the shell's file completion does better.
  if (i >= words.length) return [];
  const rest = words.slice(i);
  if (rest.length === 1 && rest[0].startsWith('-')) {
    return context.options.flatMap((o) => o.names).filter((n) => n.startsWith('--') && startsWithFolded(n, rest[0]));
  }
  if (rest[0] === 'completion') return rest.length === 2 ? SHELLS.filter((s) => s.startsWith(rest[1])) : [];
  const candidates = completeWords(rest, {
    commands: context.commands,
    schemeNames: () => configSchemeNames({ configPath, env: context.env, cwd: context.cwd }),
  });
  if (rest.length === 1 && startsWithFolded('completion', rest[0])) candidates.push('completion');
  return candidates;
}

export type CompletionCommandResult = { exitCode: number; stdout: string; stderr: string };

/** `kr completion <shell>`. */
export function completionCommand(args: readonly string[]): CompletionCommandResult {
  const shell = args[0] ?? '';
  if (args.length !== 1 || !isCompletionShell(shell)) {
    return { exitCode: 2, stdout: '', stderr: `kr: usage: kr completion ${SHELLS.join('|')}\n` };
  }
  return { exitCode: 0, stdout: completionScript(shell), stderr: '' };
}
