// Cases from PowerShell's own Pester tests of its parser (test/powershell/Language/Parser/
// LineContinuance.Tests.ps1) that kr supports, run as written there: what parses and what it
// outputs, and what does not parse with PowerShell's ErrorId.

import { run } from './run.js';

const WHITESPACE = '\t \f\v\u00a0\u0085';

async function outputOf(script: string): Promise<unknown[]> {
  const ran = await run(script);
  if (ran.errors.length > 0) throw new Error(ran.errors.map((e) => `${e.errorId}: ${e.message}`).join('; '));
  return ran.output;
}

async function parseErrorOf(script: string): Promise<string> {
  const ran = await run(script);
  expect(ran.output).toEqual([]);
  expect(ran.errors.length).toBeGreaterThan(0);
  return ran.errors[0].errorId;
}

describe('LineContinuance.Tests.ps1: lines ending with a backtick', () => {
  const parse: [string, string][] = [
    ['a single backtick', "'Hello' + `\n    ' world'"],
    ['a single backtick followed only by a CR (old-style Mac line ending)', "'Hello' + `\r' world'"],
    ['a single backtick followed by whitespace', `'Hello' + \`${WHITESPACE}\n    ' world'`],
    ['a single backtick followed by whitespace and a comment', "'Hello' + ` # You can place comments after whitespace following backticks\n    ' world'"],
    ['a single backtick followed by a comment line and then the continued line', "'Hello' + `\n    # comment\n    ' world'".replace('`\n    # comment\n', '` # comment\n')],
  ];
  for (const [name, script] of parse) {
    it(`Lines ending with ${name}`, async () => {
      expect(await outputOf(script)).toEqual(['Hello world']);
    });
  }

  it('a single backtick followed immediately by a comment, or two backticks: ExpectedValueExpression', async () => {
    expect(await parseErrorOf("'Hello' + `# This is not a valid comment\n    ' world'")).toBe('ExpectedValueExpression');
    expect(await parseErrorOf("'Hello' + ``\n    ' world'")).toBe('ExpectedValueExpression');
  });
});

describe('LineContinuance.Tests.ps1: pipes', () => {
  const hello: [string, string][] = [
    ['Lines ending with a pipe', "'Hello' |\n    ForEach-Object {\"$_ world\"}"],
    ['Lines ending with a pipe followed only by a CR', "'Hello' |\r    ForEach-Object {\"$_ world\"}"],
    ['Lines ending with a pipe followed by whitespace', `'Hello' |${WHITESPACE}\n    ForEach-Object {"$_ world"}`],
    ['Lines ending with a pipe followed by a comment', "'Hello' |# You can place comments after whitespace following pipes\n    ForEach-Object {\"$_ world\"}"],
    ['Lines ending with a pipe followed by a comment line and then the continued command', "'Hello' |\n    # comment\n    ForEach-Object {\"$_ world\"}"],
    ['Line continuance using a pipe at the start of a subsequent line', "'Hello'\n    | ForEach-Object {\"$_ world\"}"],
    ['Line continuance using a pipe at the start of a subsequent line after a CR', "'Hello'\r    | ForEach-Object {\"$_ world\"}"],
    ['Line continuance using a comment line followed by a pipe at the start of a subsequent line', "'Hello'\n    # comment\n    | ForEach-Object {\"$_ world\"}"],
    ['Line continuance using a pipe on a line by itself', "'Hello'\n    |\n    ForEach-Object {\"$_ world\"}"],
    ['Line continuance using a pipe on a line by itself (with comments)', "'Hello'\n    # comment\n    |\n    # comment\n    ForEach-Object {\"$_ world\"}"],
  ];
  for (const [name, script] of hello) {
    it(name, async () => {
      expect(await outputOf(script)).toEqual(['Hello world']);
    });
  }

  const longer: [string, string][] = [
    ['Longer line continuance using pipes at the start of subsequent lines', '1..10\n    | ForEach-Object {($_ -shl 1) + $_}\n    | Where-Object {$_ % 2 -eq 0}\n    | Sort-Object -Descending'],
    ['Longer line continuance using pipes at the start of subsequent lines (with comments)', '1..10\n    # triple\n    | ForEach-Object {($_ -shl 1) + $_}\n    # even only\n    | Where-Object {$_ % 2 -eq 0}\n    | Sort-Object -Descending'],
    ['Longer line continuance using pipes on lines by themselves', '1..10\n    |\n    ForEach-Object {($_ -shl 1) + $_}\n    |\n    Where-Object {$_ % 2 -eq 0}\n    |\n    Sort-Object -Descending'],
  ];
  for (const [name, script] of longer) {
    it(name, async () => {
      expect(await outputOf(script)).toEqual([30, 24, 18, 12, 6]);
    });
  }

  const empty: [string, string][] = [
    ['a single pipe followed by an empty line', "'Hello' |\n\n"],
    ['a single pipe followed by a line that starts with a pipe', "'Hello' |\n    |\n"],
    ['a single pipe with nothing after it', "'Hello'\n    | # Nothing to see here, move along\n"],
    ['a single pipe with blank lines after it', "'Hello'\n    |\n\n"],
    ['a single pipe that has a blank line before it', "'Hello'\n\n    | ForEach-Object {\"$_ world\"}"],
    ['a single pipe that has a line with whitespace before it', `'Hello'\n${WHITESPACE}\n    | ForEach-Object {"$_ world"}`],
    ['a single pipe that has a line with nothing but a backtick before it', "'Hello'\n    `\n    | ForEach-Object {\"$_ world\"}"],
  ];
  for (const [name, script] of empty) {
    it(`Lines starting or ending with ${name}: EmptyPipeElement`, async () => {
      expect(await parseErrorOf(script)).toBe('EmptyPipeElement');
    });
  }
});
