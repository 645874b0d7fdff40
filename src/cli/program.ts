// kr's own options, parsed with commander: `kr [options] <Cmdlet> [arguments...]`.
// Options count only BEFORE the cmdlet name; everything after it goes to the binder
// untouched (`-Verbose`, `--`, `-c`, ...), thanks to passThroughOptions.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { KrSettings } from '../runtime/cmdlet.js';

export interface CliOptions {
  json: boolean;
  nonInteractive: boolean;
  noColor: boolean;
  command?: string;
  /** `-f, --file <path>`: a script to run; `argv` then holds its arguments (`$args`). */
  file?: string;
  settings: KrSettings;
  /** The cmdlet name and its arguments (empty with -c or when nothing was given; the script's arguments with -f). */
  argv: string[];
}

export type ParsedCommandLine =
  | { kind: 'run'; options: CliOptions }
  /** --help or --version: print `text`, exit 0. */
  | { kind: 'info'; text: string; json: boolean }
  /** A usage error: exit 2. `code` is commander's stable error code (`commander.unknownOption`). */
  | { kind: 'usage'; code: string; message: string; usage: string; json: boolean; options?: CliOptions };

export { krVersion } from '../runtime/version.js';
import { krVersion } from '../runtime/version.js';

/** commander's parser for a number option: a usage error (exit 2) unless it is > 0 (and whole, when asked). */
/** Node's timers hold at most 2^31-1 ms: a longer --timeout would fire at once (or throw). */
export const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
/** --max-hops beyond this is no redirect chain a server means. */
export const MAX_HOPS = 1000;

function positiveNumber(whole: boolean, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || (whole && !Number.isInteger(n))) {
      throw new InvalidArgumentError(whole ? 'expected a whole number above 0.' : 'expected a number of seconds above 0.');
    }
    if (n > max) throw new InvalidArgumentError(`expected at most ${max}.`);
    return n;
  };
}

/** `--max-body`: bytes, or with a k/m suffix (KiB, MiB). */
function byteSize(value: string): number {
  const match = /^\s*(\d+)\s*([km]?)i?b?\s*$/i.exec(value);
  const n = match === null ? NaN : Number(match[1]) * (match[2].toLowerCase() === 'k' ? 1024 : match[2].toLowerCase() === 'm' ? 1024 ** 2 : 1);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a number of bytes above 0 (e.g. 4m or 65536).');
  return n;
}

function buildProgram(capture: { out: string; err: string }): Command {
  return new Command('kr')
    .description('kr: a PowerShell-style command shell. Runs a cmdlet with PowerShell parameter binding.')
    .usage('[options] <Cmdlet> [arguments...]')
    .enablePositionalOptions()
    .passThroughOptions()
    .allowExcessArguments(true)
    .argument('[cmdlet]', 'the cmdlet to run, e.g. Get-Help')
    .argument('[arguments...]', 'its PowerShell-style arguments, e.g. -Name Get-Command -Full')
    .option('--json', 'print exactly one JSON object with the result on stdout')
    .option('--non-interactive', 'never prompt: a needed confirmation fails with exit code 3')
    .option('--no-color', 'no colour in the output')
    .option('-c, --command <text>', 'run PowerShell-style statements from a string')
    .option('-f, --file <path>', 'run a script file; the arguments after its path are $args')
    .option('--jar <path>', 'cookie jar: curl/wget cookies.txt, Playwright storageState, Puppeteer or tough-cookie JSON')
    .option('--out <path>', 'write the changed jar to this file (same format) and leave --jar untouched')
    .option('--tokens <path>', 'token store of saved OIDC/OAuth2 tokens (default KR_TOKENS, ~/.kr/tokens.json)')
    .option('--url <url>', 'the URL of the simulated request')
    .option('--config <path>', 'kr configuration file')
    .option('--follow', 'after the sign-out, be the user agent: follow its redirects over real HTTP with the jar (see "Use in CI")')
    .option('--max-hops <n>', 'requests --follow may make (default 10)', positiveNumber(true, MAX_HOPS))
    .option('--timeout <seconds>', 'seconds per --follow request (default 10)', positiveNumber(false, MAX_TIMEOUT_SECONDS))
    .option('--max-body <bytes>', 'the most bytes of a page --follow reads, decoded (default 2097152; k and m suffixes)', byteSize)
    .version(krVersion(), '--version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .addHelpText(
      'after',
      '\nExit codes: 0 success (also after -WhatIf or answering No), 1 the command failed,\n' +
        '2 parse/binding/usage error or unknown command, 3 confirmation needed but not interactive,\n' +
        '130 interrupted.\n\nRun `kr Get-Help` for the commands, `kr Get-Help <Cmdlet> -Full` for one.',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (s) => (capture.out += s),
      writeErr: (s) => (capture.err += s),
      outputError: (s, write) => write(s),
    });
}

const OPTIONS_WITH_VALUE = new Set(['-c', '--command', '-f', '--file', '--jar', '--out', '--tokens', '--url', '--config', '--max-hops', '--timeout', '--max-body']);

/** What commander takes for an argument, not an option: a lone '-', a negative number (kr has no digit options). */
const isOperand = (arg: string): boolean => !(arg.length > 1 && arg.startsWith('-')) || /^-(\d+|\d*\.\d+)(e[+-]?\d+)?$/.test(arg);

/**
 * Whether --json is among kr's own options, known even when commander rejects the line. kr's
 * options end where commander sees the first argument (the cmdlet name, even `-3`) or `--`.
 */
export function wantsJson(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') return true;
    if (arg === '--' || isOperand(arg)) return false;
    if (OPTIONS_WITH_VALUE.has(arg)) i++;
  }
  return false;
}

export function usageText(): string {
  return buildProgram({ out: '', err: '' }).helpInformation();
}

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const capture = { out: '', err: '' };
  const program = buildProgram(capture);
  const json = wantsJson(argv);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return { kind: 'info', text: capture.out, json };
      return { kind: 'usage', code: error.code, message: error.message.replace(/^error: /, ''), usage: program.helpInformation(), json };
    }
    throw error;
  }
  const opts = program.opts<{
    json?: boolean;
    nonInteractive?: boolean;
    color?: boolean;
    command?: string;
    file?: string;
    jar?: string;
    out?: string;
    tokens?: string;
    url?: string;
    config?: string;
    follow?: boolean;
    maxHops?: number;
    timeout?: number;
    maxBody?: number;
  }>();
  const settings: KrSettings = {};
  if (opts.jar !== undefined) settings.jar = opts.jar;
  if (opts.out !== undefined) settings.out = opts.out;
  if (opts.tokens !== undefined) settings.tokens = opts.tokens;
  if (opts.url !== undefined) settings.url = opts.url;
  if (opts.config !== undefined) settings.config = opts.config;
  if (opts.follow) settings.follow = true;
  if (opts.maxHops !== undefined) settings.maxHops = opts.maxHops;
  if (opts.timeout !== undefined) settings.timeout = opts.timeout;
  if (opts.maxBody !== undefined) settings.maxBody = opts.maxBody;
  const options: CliOptions = {
    json: opts.json === true,
    nonInteractive: opts.nonInteractive === true,
    noColor: opts.color === false,
    command: opts.command,
    file: opts.file,
    settings,
    argv: [...program.args],
  };
  if (options.command !== undefined && options.argv.length > 0) {
    return {
      kind: 'usage',
      code: 'kr.commandAndCmdlet',
      message: `-c/--command cannot be combined with a cmdlet name ('${options.argv[0]}')`,
      usage: program.helpInformation(),
      json: options.json,
    };
  }
  if (options.command !== undefined && options.file !== undefined) {
    return { kind: 'usage', code: 'kr.commandAndFile', message: '-c/--command cannot be combined with -f/--file', usage: program.helpInformation(), json: options.json };
  }
  if (options.command === undefined && options.file === undefined && options.argv.length === 0) {
    // `options` lets the caller open the interactive shell or read statements from stdin instead.
    return { kind: 'usage', code: 'kr.missingCommand', message: 'missing the cmdlet to run', usage: program.helpInformation(), json: options.json, options };
  }
  return { kind: 'run', options };
}

/** kr's own options (names, and whether a value follows), for `kr __complete`. */
export function krOptionSpecs(): { names: string[]; takesValue: boolean }[] {
  const options = buildProgram({ out: '', err: '' }).options.map((o) => ({
    names: [o.short, o.long].filter((n): n is string => typeof n === 'string'),
    takesValue: o.required || o.optional,
  }));
  return [...options, { names: ['-h', '--help'], takesValue: false }];
}
