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

describe('Parser.Tests.ps1', () => {
  const outputs: [string, unknown[]][] = [
    ['"foo` bar"', ['foo bar']],
    ['"`e".Length', [1]],
    ['"`u{10FFFF}".Length', [2]],
    ['"`u{a9}"', ['©']],
    ['"foo`u{2195}abc"', ['foo↕abc']],
    ['"`u{1f44d}"', ['👍']],
    ["'foo`u{2195}abc'", ['foo`u{2195}abc']],
    ['"`u{007b}`u{007d}"', ['{}']],
    ['function xyzzy`u{2195}($p) { $p }; (Get-Command xyzzy`u{2195}).Name; xyzzy`u{2195} 42', ['xyzzy↕', 42]],
    ['${fooxyzzy`u{2195}} = 42; (Get-Variable -Name fooxyzzy*).Name', ['fooxyzzy↕']],
    ['Write-Output `u{a9}` Acme` Inc', ['© Acme Inc']],
    ['"fo`odbar"', ['foodbar']],
    ['$a = 1,2,3; "$a"', ['1 2 3']],
    ['$a, $b = 1, 2, 3; $a; $b -join "-"', [1, '2-3']],
    ['$input = 1,2,3; 4,-5,6 | & { $input }', [4, -5, 6]],
    ['20 %\n    6', [2]],
    ['(20 %\n    6 *\n    4  +\n    2 ) /\n    2 -\n    3', [2]],
  ];
  it.each(outputs)('%s', async (script, expected) => {
    expect(await outputOf(script)).toEqual(expected);
  });

  const errors: [string, string][] = [
    ['"This is a test', 'TerminatorExpectedAtEndOfString'],
    ['| Get-Location', 'EmptyPipeElement'],
    ['Get-Date | 3', 'ExpressionsMustBeFirstInPipeline'],
    ["1;2;3|'abc'", 'ExpressionsMustBeFirstInPipeline'],
    ['"$var:"', 'InvalidVariableReferenceWithDrive'],
    ['$A = 1,2; $A[] ;', 'MissingArrayIndexExpression'],
    ['$A = 1,2; $A[$NONEXISTING_VARIABLE]', 'NullArrayIndex'],
  ];
  it.each(errors)('%s is %s', async (script, errorId) => {
    const ran = await run(script);
    expect(ran.errors[0]?.errorId).toBe(errorId);
  });

  it('1,2, and write-output 2,,1 do not parse', async () => {
    for (const script of ['1,2,', 'write-output 2,,1', '(1+ 1),', '(']) {
      const ran = await run(script);
      expect({ script, output: ran.output, category: ran.errors[0]?.category }).toEqual({ script, output: [], category: 'ParserError' });
    }
  });
});
