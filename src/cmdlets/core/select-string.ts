// Select-String (sls): finds text in strings and files, as PowerShell's does: a regular
// expression (or -SimpleMatch text) per line, case-insensitive unless -CaseSensitive, one
// MatchInfo per matching line (its Line, LineNumber, Path, Filename, Pattern, Matches and
// -Context lines), or -Quiet's $true, or -Raw's plain lines. Pipeline objects are one line
// each (path "InputStream"); -Path reads files (wildcards in the file name), line by line.

import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { ExitCode, KrError } from '../../params/errors.js';
import type { CommandDeclaration } from '../../params/metadata.js';
import { psToString, type PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { displayLines } from '../../runtime/format.js';
import { wildcardToRegex } from '../../runtime/operators.js';
import { PsCustomObject } from '../../runtime/ps-objects.js';

const INPUT_STREAM = 'InputStream';

/** One regex or -SimpleMatch hit in a line, shaped like .NET's Match (Value, Index, Length, Groups). */
function matchObject(value: string, index: number, groups: readonly (string | undefined)[], names: Record<string, string | undefined> = {}): PsCustomObject {
  const groupObjects = groups.map((group, i) =>
    PsCustomObject.from([
      ['Name', String(i)],
      ['Success', group !== undefined],
      ['Value', group ?? ''],
      ['Length', group?.length ?? 0],
    ]),
  );
  for (const [name, group] of Object.entries(names)) {
    groupObjects.push(PsCustomObject.from([['Name', name], ['Success', group !== undefined], ['Value', group ?? ''], ['Length', group?.length ?? 0]]));
  }
  return PsCustomObject.from([
    ['Groups', groupObjects],
    ['Success', true],
    ['Name', '0'],
    ['Value', value],
    ['Index', index],
    ['Length', value.length],
  ]);
}

/** Microsoft.PowerShell.Commands.MatchInfo: a matching line, where it came from, and its context. */
export class MatchInfo {
  readonly psTypeName = 'Microsoft.PowerShell.Commands.MatchInfo';

  constructor(
    readonly IgnoreCase: boolean,
    readonly LineNumber: number,
    readonly Line: string,
    readonly Filename: string,
    readonly Path: string,
    readonly Pattern: string,
    readonly Matches: PsCustomObject[],
    readonly Context: PsCustomObject | null,
    /** The folder paths are shown relative to (the current location, as PowerShell's RelativePath). */
    private readonly cwd: string,
  ) {}

  /** `path:line:text` for a file (relative to the current location when under it), the bare line for piped text. */
  private shown(line: string, lineNumber: number): string {
    if (this.Path === INPUT_STREAM) return line;
    const rel = relative(this.cwd, this.Path);
    const path = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : this.Path;
    return `${path}:${lineNumber}:${line}`;
  }

  /** PowerShell's MatchInfo.ToString(): with -Context, the context lines around a `> `-marked match. */
  psToString(): string {
    return this.lines().join('\n');
  }

  private lines(): string[] {
    if (this.Context === null) return [this.shown(this.Line, this.LineNumber)];
    const pre = (this.Context.get('PreContext') as string[] | null) ?? [];
    const post = (this.Context.get('PostContext') as string[] | null) ?? [];
    return [
      ...pre.map((line, i) => `  ${this.shown(line, this.LineNumber - pre.length + i)}`),
      `> ${this.shown(this.Line, this.LineNumber)}`,
      ...post.map((line, i) => `  ${this.shown(line, this.LineNumber + 1 + i)}`),
    ];
  }

  [displayLines](): string[] {
    return this.lines();
  }

  toJSON(): Record<string, unknown> {
    return {
      IgnoreCase: this.IgnoreCase,
      LineNumber: this.LineNumber,
      Line: this.Line,
      Filename: this.Filename,
      Path: this.Path,
      Pattern: this.Pattern,
      Matches: this.Matches.map((m) => m.toJSON()),
      Context: this.Context?.toJSON() ?? null,
    };
  }
}

/** How lines are tested: one matcher per pattern, the first that hits wins (PowerShell's order). */
interface Matcher {
  pattern: string;
  /** The hits in `line` (all of them with -AllMatches, else the first); empty when none. */
  find(line: string, all: boolean): PsCustomObject[];
}

function regexMatcher(pattern: string, caseSensitive: boolean): Matcher {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, caseSensitive ? 'gu' : 'giu');
  } catch {
    try {
      regex = new RegExp(pattern, caseSensitive ? 'g' : 'gi');
    } catch (error) {
      throw new KrError('InvalidRegex', `The string '${pattern}' is not a valid regular expression: ${(error as Error).message}`, { category: 'InvalidArgument' });
    }
  }
  return {
    pattern,
    find(line, all) {
      regex.lastIndex = 0;
      const found: PsCustomObject[] = [];
      for (let m = regex.exec(line); m !== null; m = regex.exec(line)) {
        found.push(matchObject(m[0], m.index, [...m], m.groups));
        if (!all) break;
        if (m[0] === '') regex.lastIndex++;
      }
      return found;
    },
  };
}

/** -SimpleMatch: the text itself; -Culture decides how case is folded ('Ordinal', 'Invariant', 'Current' or a culture name). */
function simpleMatcher(pattern: string, caseSensitive: boolean, culture: string | undefined): Matcher {
  const locale = culture === undefined || culture === 'Ordinal' || culture === 'Invariant' ? undefined : culture === 'Current' ? [] : culture;
  const fold = caseSensitive ? (s: string) => s : locale === undefined ? (s: string) => s.toUpperCase() : (s: string) => s.toLocaleLowerCase(locale);
  const wanted = fold(pattern);
  return {
    pattern,
    find(line, all) {
      const folded = fold(line);
      // folding can change lengths (rare outside Turkish and German): then indexes are the folded line's
      const found: PsCustomObject[] = [];
      for (let at = folded.indexOf(wanted); at !== -1; at = folded.indexOf(wanted, at + Math.max(1, wanted.length))) {
        found.push(matchObject(line.slice(at, at + pattern.length), at, [line.slice(at, at + pattern.length)]));
        if (!all) break;
      }
      return found;
    },
  };
}

/**
 * A file's text in the -Encoding asked for. The UTF-8 names (and Default, UTF-8 in PowerShell 7)
 * drop a byte order mark; latin1 maps each byte to its character; ascii, as .NET's ASCIIEncoding,
 * turns each byte above 0x7F into '?', so a non-ASCII pattern cannot match bytes it never saw.
 */
function decode(bytes: Buffer, encoding: string | undefined): string {
  if (encoding === 'latin1') return bytes.toString('latin1');
  if (encoding === 'ascii') return bytes.toString('latin1').replace(/[\x80-\xff]/g, '?');
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

export class SelectString extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(SelectString, () => ({
      name: 'Select-String',
      aliases: ['sls'],
      synopsis: 'Finds text in strings and files.',
      description:
        'Tests each line (each pipeline object, or each line of the -Path files) against -Pattern, a regular expression (text with -SimpleMatch), case-insensitively unless -CaseSensitive, and writes a MatchInfo for each matching line: Line, LineNumber, Path, Filename, Pattern, Matches and, with -Context, the lines around it. -NotMatch writes the lines that do not match, -AllMatches finds every match in a line, -List stops at the first match of each file, -Quiet writes $true when anything matched, -Raw the matching lines as plain strings.',
      parameters: [
        { name: 'Pattern', type: 'string[]', position: 0, mandatory: true, validateNotNullOrEmpty: true, help: 'The regular expressions (or texts, with -SimpleMatch) to find.' },
        { name: 'Path', type: 'string[]', position: 1, help: 'The files to search (wildcards in the file name).' },
        { name: 'LiteralPath', type: 'string[]', aliases: ['PSPath', 'LP'], help: 'The files to search, taken literally.' },
        { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The text to search: each pipeline object is one line.' },
        { name: 'SimpleMatch', type: 'switch', help: 'The patterns are plain text, not regular expressions.' },
        { name: 'CaseSensitive', type: 'switch', help: 'Matches case-sensitively.' },
        { name: 'NotMatch', type: 'switch', help: 'Writes the lines that match none of the patterns.' },
        { name: 'AllMatches', type: 'switch', help: 'Finds every match in a line, not just the first.' },
        { name: 'List', type: 'switch', help: 'Only the first matching line of each file (or of the input).' },
        { name: 'Quiet', type: 'switch', help: 'Writes $true when any line matched, nothing otherwise.' },
        { name: 'Raw', type: 'switch', help: 'Writes the matching lines as strings, not MatchInfo objects.' },
        { name: 'NoEmphasis', type: 'switch', help: 'No highlighting of the match (kr never highlights; accepted for scripts).' },
        { name: 'Context', type: 'object', help: 'Lines shown before and after each match: one number for both, or two (before, after).' },
        { name: 'Culture', type: 'string', help: 'With -SimpleMatch: how case is compared (Ordinal, Invariant, Current or a culture name such as tr-TR).' },
        { name: 'Encoding', type: 'string', validateSet: ['utf8', 'utf8NoBOM', 'utf8BOM', 'ascii', 'Default', 'latin1'], help: "The files' text encoding (UTF-8)." },
      ],
      examples: [
        { title: 'Lines of a file', code: "Select-String -Path ./kr.log -Pattern 'signed out'", remarks: 'Writes path:line:text for each line that mentions a sign-out.' },
        { title: 'Filter piped text', code: "'hello', 'Hello', 'goodbye' | Select-String hello -CaseSensitive", remarks: 'Writes hello.' },
      ],
    }));
  }

  private matchers: Matcher[] = [];
  private before = 0;
  private after = 0;
  private matched = false;
  private done = false;
  /** Piped objects seen so far: each is a line. */
  private lineNumber = 0;
  /** Piped lines, kept when -Context needs the lines after a match (written at the end). */
  private readonly piped: string[] = [];

  override async beginProcessing(): Promise<void> {
    if (this.switch('Raw') && this.switch('Quiet')) {
      throw new KrError(
        'AmbiguousParameterSet',
        'Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.',
        { category: 'InvalidArgument', commandName: 'Select-String', exitCode: ExitCode.Usage },
      );
    }
    const culture = this.string('Culture');
    if (culture !== undefined && !this.switch('SimpleMatch')) {
      throw new KrError('CannotSpecifyCultureWithoutSimpleMatch', 'Cannot specify the Culture parameter without specifying the SimpleMatch parameter.', {
        category: 'InvalidArgument',
        commandName: 'Select-String',
      });
    }
    const caseSensitive = this.switch('CaseSensitive');
    const patterns = this.stringArray('Pattern') ?? [];
    this.matchers = patterns.map((p) => (this.switch('SimpleMatch') ? simpleMatcher(p, caseSensitive, culture) : regexMatcher(p, caseSensitive)));
    const given = this.value('Context');
    const context = (given === undefined || given === null ? [] : Array.isArray(given) ? given : [given]).map(Number);
    if (context.length > 2 || context.some((n) => !Number.isInteger(n) || n < 0 || n > 2147483647)) {
      throw new KrError(
        'ParameterArgumentValidationError',
        `Cannot validate argument on parameter 'Context'. Specify one or two whole numbers of lines, 0 or more, and then try the command again.`,
        { category: 'InvalidData', commandName: 'Select-String', exitCode: ExitCode.Usage },
      );
    }
    this.before = context[0] ?? 0;
    this.after = context.length > 1 ? context[1] : this.before;
  }

  async invoke(): Promise<void> {
    if (this.isBound('Path') || this.isBound('LiteralPath')) return;
    if (this.pipelineObject === undefined && !this.isBound('InputObject')) return;
    const item: PsValue = this.pipelineObject ?? (this.value('InputObject') ?? null);
    if (this.before + this.after > 0 && !this.switch('Raw')) {
      this.piped.push(psToString(item));
      return;
    }
    this.lineNumber++;
    if (this.done) return;
    this.searchLine([psToString(item)], 0, INPUT_STREAM, INPUT_STREAM, -1, this.lineNumber);
  }

  override async endProcessing(): Promise<void> {
    if (this.isBound('Path') || this.isBound('LiteralPath')) {
      for (const file of await this.files()) {
        let text: string;
        try {
          text = decode(await readFile(file), this.string('Encoding'));
        } catch (error) {
          await this.writeError(this.readError(file, error));
          continue;
        }
        const lines = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
        this.done = false;
        this.searchLines(lines, file, basename(file));
      }
    } else if (this.before + this.after > 0 && !this.switch('Raw')) {
      this.searchLines(this.piped, INPUT_STREAM, INPUT_STREAM);
    }
    if (this.switch('Quiet') && this.matched) this.writeObject(true);
  }

  /** The -Path / -LiteralPath files: wildcards (`*`, `?`, `[ab]`) expand in the file name, sorted as PowerShell lists them. */
  private async files(): Promise<string[]> {
    const out: string[] = [];
    for (const literal of this.stringArray('LiteralPath') ?? []) out.push(resolve(this.context.cwd, literal));
    for (const path of this.stringArray('Path') ?? []) {
      const full = resolve(this.context.cwd, path);
      const name = basename(full);
      if (!/[*?[]/.test(name)) {
        out.push(full);
        continue;
      }
      const regex = wildcardToRegex(name, false);
      let entries: string[];
      try {
        entries = await readdir(dirname(full));
      } catch (error) {
        await this.writeError(this.readError(dirname(full), error));
        continue;
      }
      out.push(...entries.filter((entry) => regex.test(entry)).sort().map((entry) => resolve(dirname(full), entry)));
    }
    return out;
  }

  private readError(path: string, error: unknown): KrError {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return new KrError('PathNotFound', `Cannot find path '${path}' because it does not exist.`, { category: 'ObjectNotFound' });
    if (code === 'EISDIR') return new KrError('ProcessingFile', `The file ${path} cannot be read: it is a directory.`, { category: 'InvalidArgument' });
    return new KrError('ProcessingFile', `The file ${path} cannot be read: ${code ?? 'error'}.`, { category: 'ReadError' });
  }

  private searchLines(lines: readonly string[], path: string, filename: string): void {
    // a line shown as one match's post-context is not shown again as the next one's pre-context
    let shownUpTo = -1;
    for (let i = 0; i < lines.length && !this.done; i++) {
      const last = this.searchLine(lines, i, path, filename, shownUpTo);
      if (last !== undefined) shownUpTo = last;
    }
  }

  /** Tests line `index`; writes its MatchInfo (or line, or nothing for -Quiet). Returns the last line it showed. */
  private searchLine(lines: readonly string[], index: number, path: string, filename: string, shownUpTo = -1, lineNumber = index + 1): number | undefined {
    const line = lines[index];
    const all = this.switch('AllMatches');
    let hit: { matcher: Matcher; found: PsCustomObject[] } | undefined;
    for (const matcher of this.matchers) {
      const found = matcher.find(line, all);
      if (found.length > 0) {
        hit = { matcher, found };
        break;
      }
    }
    const selected = this.switch('NotMatch') ? hit === undefined : hit !== undefined;
    if (!selected) return undefined;
    this.matched = true;
    if (this.switch('List')) this.done = true;
    if (this.switch('Quiet')) return undefined;
    if (this.switch('Raw')) {
      this.writeObject(line);
      return index;
    }
    let context: PsCustomObject | null = null;
    let last = index;
    if (this.before + this.after > 0) {
      const isSelected = (i: number) => {
        const found = this.matchers.some((m) => m.find(lines[i], false).length > 0);
        return this.switch('NotMatch') ? !found : found;
      };
      const from = Math.max(0, index - this.before, shownUpTo + 1);
      let to = index + 1;
      while (to < lines.length && to <= index + this.after && !isSelected(to)) to++;
      last = to - 1;
      context = PsCustomObject.from([
        ['PreContext', lines.slice(from, index)],
        ['PostContext', lines.slice(index + 1, to)],
        ['DisplayPreContext', lines.slice(from, index)],
        ['DisplayPostContext', lines.slice(index + 1, to)],
      ]);
    }
    const pattern = hit?.matcher.pattern ?? this.matchers[0]?.pattern ?? '';
    this.writeObject(new MatchInfo(!this.switch('CaseSensitive'), lineNumber, line, filename, path, pattern, hit?.found ?? [], context, this.context.cwd));
    return last;
  }
}
