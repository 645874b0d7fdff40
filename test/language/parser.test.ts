// The parser: an AST modelled on PowerShell's, positions on the nodes, PowerShell's parse
// errors by ErrorId, named NotSupported errors for what kr does not run, nesting limits that
// are errors (never a stack overflow), and the argument-mode rules that keep -WhatIf a
// parameter (a trailing comma never turns it into text that gets bound and ignored).

import fc from 'fast-check';
import { isKrError } from '../../src/params/errors.js';
import { parseScriptBlock } from '../../src/params/parser.js';
import { errorOf, run } from './run.js';

const parse = (text: string) => parseScriptBlock(text).ast;

describe('the syntax tree', () => {
  it('a pipeline of two commands, with parameters, arguments and extents', () => {
    const ast = parse("Get-Command -Name 'Get-*' | Select-Object -First 1");
    const pipeline = ast.end!.statements[0];
    expect(pipeline.kind).toBe('Pipeline');
    if (pipeline.kind !== 'Pipeline') return;
    expect(pipeline.elements.map((e) => e.kind)).toEqual(['Command', 'Command']);
    const first = pipeline.elements[0];
    if (first.kind !== 'Command') return;
    expect(first.elements.map((e) => e.kind)).toEqual(['StringConstant', 'CommandParameter', 'StringConstant']);
    expect(first.extent.start).toBe(0);
    expect("Get-Command -Name 'Get-*' | Select-Object -First 1".slice(first.extent.start, first.extent.end).trim()).toBe("Get-Command -Name 'Get-*'");
  });

  it('expression mode: precedence as PowerShell has it (comma binds tighter than +, -f tighter than *)', () => {
    const statement = parse('1, 2 + 3').end!.statements[0];
    expect(JSON.stringify(statement)).toContain('"kind":"Binary","operator":"+"');
    expect(JSON.stringify(parse("'{0}' -f 1 * 2").end!.statements[0])).toMatch(/"operator":"\*".*"operator":"-f"/);
  });

  it('a param block with attributes, and named blocks', () => {
    const ast = parse('[CmdletBinding()] param([Parameter(Mandatory)][string]$Name) begin { } process { $_ } end { }');
    expect(ast.paramBlock?.attributes.map((a) => a.typeName)).toEqual(['CmdletBinding']);
    expect(ast.paramBlock?.parameters[0].name).toBe('Name');
    expect([ast.begin, ast.process, ast.end].every((b) => b !== undefined)).toBe(true);
  });

  it('a backtick followed by spaces continues the line (PowerShell 7)', async () => {
    const ran = await run("Write-Output `   \n  'continued'");
    expect(ran.output).toEqual(['continued']);
  });
});

describe('parse errors, with PowerShell\'s ids', () => {
  it.each([
    ['if ($x', 'MissingEndParenthesisAfterStatement'],
    ['if ($x) ', 'MissingStatementBlock'],
    ['foreach ($x 1) { }', 'MissingInInForeach'],
    ['function { }', 'MissingNameAfterKeyword'],
    ['$x = ', 'ExpectedValueExpression'],
    ['@{ a = 1', 'MissingEndCurlyBrace'],
    ['@{ a }', 'MissingEqualsInHashLiteral'],
    ['@{ a = 1; a = 2 }', 'DuplicateKeyInHashLiteral'],
    ['(1 + 2', 'MissingEndParenthesisInExpression'],
    ['$(1', 'MissingEndParenthesisInSubexpression'],
    ['1 | | 2', 'EmptyPipeElement'],
    ['Get-Command | 1', 'ExpressionsMustBeFirstInPipeline'],
    ['Write-Output ,a', 'MissingArgument'],
    ['Write-Output a,', 'MissingExpression'],
    ['"unterminated', 'TerminatorExpectedAtEndOfString'],
    ['<# open', 'MissingTerminatorMultiLineComment'],
    ['$x = @h', 'SplattingNotPermitted'],
    ['1 = 2', 'InvalidLeftHandSide'],
    ['Write-Output a < b', 'RedirectionNotSupported'],
  ])('%j is %s (exit 2)', async (code, id) => {
    const error = await errorOf(code);
    expect(error.errorId).toBe(id);
    expect(error.exitCode).toBe(2);
  });

  it.each([
    ['class Foo { }', 'NotSupported,the \'class\' keyword'],
    ['enum Color { Red }', "NotSupported,the 'enum' keyword"],
    ['trap { }', "NotSupported,the 'trap' keyword"],
    ['Start-Thing &', "NotSupported,background jobs ('&' at the end of a pipeline)"],
  ])('%j is a named NotSupported error, nothing runs', async (code, id) => {
    const ran = await run(`${code}\nWrite-Output 'not reached'`);
    expect(ran.errors[0].errorId).toBe(id);
    expect(ran.output).toEqual([]);
    expect(ran.exitCode).toBe(2);
  });
});

describe('nesting is an error, never a stack overflow', () => {
  it.each([
    ['@{a=' , 10_000, '}'],
    ['(', 100_000, ')'],
    ['$(', 10_000, ')'],
    ['-not ', 50_000, ''],
    ['!', 100_000, ''],
    ['{', 10_000, '}'],
    ['"$(', 5_000, ')"'],
  ])('%s nested %i deep is NestingTooDeep', (open, depth, close) => {
    const text = `${open.repeat(depth)}1${close.repeat(depth)}`;
    let error: unknown;
    try {
      parse(text);
    } catch (caught) {
      error = caught;
    }
    expect(isKrError(error) && error.errorId).toBe('NestingTooDeep');
  });
});

describe('any input parses or gives a parse error value', () => {
  const pieces = ['$x', '@h', '-WhatIf', '-Scheme', 'a', ',', ';', '|', '(', ')', '{', '}', '@{', '@(', '$(', '"', "'", '`', '#', '<#', '#>', '=', '+', '-eq', '..', '[int]', '::', '.', '\n', ' ', '&&', '||', '2>', '>', '@"\n', '\n"@', 'if', 'foreach', 'function f', 'param(', 'switch', 'try', 'catch', 'throw', 'exit', '1', '0x1F', '$env:X', '${a b}'];
  it('never throws anything but a KrError, never hangs', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), fc.string({ maxLength: 20 }), (parts, noise) => {
        const text = parts.join('') + noise;
        try {
          parse(text);
        } catch (error) {
          if (!isKrError(error)) throw error;
        }
      }),
      { numRuns: 3000, seed: 20261204 },
    );
  });
});

describe('-WhatIf can never be lost to a parse quirk', () => {
  // Words that keep -WhatIf a word of its own: not `--` (after it PowerShell binds `-WhatIf` as a
  // value, by design), not a `#`, an open quote or a backtick (then -WhatIf is inside a comment or
  // a string, or the escaped space before it glues it to a word: all as in PowerShell).
  const words = fc.constantFrom("'a'", 'a', 'b,', ',', "'x',", '$null', '@{}', '-Scheme', '-AuthKind', 'Cookies', '-RedirectUri', '/x', '-Redirect', '-Verbose', '1', '@(', ')', '$x,', '@()', '{', '}', '(1)');
  it('for generated argument lists with -WhatIf as a word, WhatIf is bound true or binding fails (nothing is signed out for real)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(words, { maxLength: 6 }), fc.array(words, { maxLength: 6 }), async (before, after) => {
        const code = `Invoke-KrCookieSignOut ${[...before, '-WhatIf', ...after].join(' ')}`;
        const ran = await run(code);
        const signedOutForReal = ran.output.some((o) => (o as { whatIf?: boolean }).whatIf !== true);
        expect([code, signedOutForReal]).toEqual([code, false]);
        if (ran.errors.length === 0) expect(ran.parameters.WhatIf).toBe(true);
      }),
      { numRuns: 150, seed: 20261204 },
    );
  }, 120_000);

  it('the trailing comma of the issue: -Scheme a, -WhatIf fails to bind, nothing runs', async () => {
    const ran = await run('Invoke-KrCookieSignOut -Scheme a, -WhatIf');
    expect(ran.errors[0].errorId).toBe('ParameterArgumentTransformationError,Invoke-KrCookieSignOut');
    expect(ran.output).toEqual([]);
  });
});
