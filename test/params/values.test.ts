// Values: reading literals (quotes, escapes, numbers, barewords, arrays, hashtables) and evaluating them.

import {
  Hashtable,
  evaluate,
  formatNumber,
  formatPsLiteral,
  parseNumber,
  psToString,
  type PsValue,
  type ValueExpr,
} from '../../src/params/values.js';
import { elementsOf, thrown } from './fixtures.js';

/** The one argument in `text`, as an expression. */
function expr(text: string): ValueExpr {
  const elements = elementsOf(text);
  expect(elements).toHaveLength(1);
  const [element] = elements;
  if (element.kind !== 'argument') throw new Error('argument expected');
  return element.expr;
}

const VARIABLES: Record<string, PsValue> = { x: 'ex', n: 5, list: ['a', 'b'], 'env:home': '/home/u', h: Hashtable.from({ a: 1 }) };
const lookup = (name: string) => VARIABLES[name.toLowerCase()];

/** The value of the one argument in `text`, with JSON for hashtables. */
const value = (text: string) => {
  const v = evaluate(expr(text), lookup);
  return v instanceof Hashtable ? v.toJSON() : v;
};

describe('single-quoted strings', () => {
  it("are literal, with '' for a quote", () => {
    expect(value("'it''s $x `n'")).toBe("it's $x `n");
    expect(value("''")).toBe('');
  });

  it('accept the typographic single quotes', () => {
    expect(value('\u2018smart\u2019')).toBe('smart');
  });

  it('fail unterminated: TerminatorExpectedAtEndOfString', () => {
    const error = thrown(() => expr("'open"));
    expect(error.errorId).toBe('TerminatorExpectedAtEndOfString');
    expect(error.message).toBe("The string is missing the terminator: '.");
    expect(error.category).toBe('ParserError');
  });
});

describe('double-quoted strings', () => {
  it('process backtick escapes', () => {
    expect(value('"`n`t`0`a`b`f`r`v`e"')).toBe('\n\t\0\x07\b\f\r\v\x1b');
    expect(value('"`u{48}`u{1F600}"')).toBe('H\u{1F600}');
    expect(value('"`q`"`$x``"')).toBe('q"$x`');
    expect(value('"a`\nb"')).toBe('a\nb');
  });

  it('take "" as a quote', () => {
    expect(value('"say ""hi"""')).toBe('say "hi"');
  });

  it('expand $var and ${var} when evaluated', () => {
    expect(value('"[$x] [${x}] [$env:HOME] [$list] [$n]"')).toBe('[ex] [ex] [/home/u] [a b] [5]');
    expect(value('"$true $false [$null] $"')).toBe('True False [] $');
    expect(value('"$unknown."')).toBe('.');
    expect(expr('"a $x"')).toEqual({ kind: 'expandable', parts: [{ kind: 'text', text: 'a ' }, { kind: 'variable', name: 'x' }] });
  });

  it('fail unterminated, and on bad unicode escapes', () => {
    expect(thrown(() => expr('"open')).message).toBe('The string is missing the terminator: ".');
    expect(thrown(() => expr('"x`')).errorId).toBe('TerminatorExpectedAtEndOfString');
    expect(thrown(() => expr('"`u{}"')).errorId).toBe('InvalidUnicodeEscapeSequence');
    expect(thrown(() => expr('"`u{1234567}"')).errorId).toBe('TooManyDigitsInUnicodeEscapeSequence');
    expect(thrown(() => expr('"`u{110000}"')).errorId).toBe('InvalidUnicodeEscapeSequenceValue');
    expect(thrown(() => expr('"`u{41"')).errorId).toBe('MissingUnicodeEscapeSequenceTerminator');
    expect(thrown(() => expr('"$(1)"')).errorId).toBe('UnexpectedToken');
  });
});

describe('barewords, numbers, variables', () => {
  it('reads a bareword as a string', () => {
    for (const word of ['Cookies', '/path', '/path?a=b', 'https://x/y', 'a=b', 'true', '1.2.3', '1_000', '@scope/pkg', '[int]', 'a#b']) {
      expect(value(word)).toBe(word);
    }
  });

  it('joins quotes, escapes and $var inside a bareword', () => {
    expect(value('a"b c"d')).toBe('ab cd');
    expect(value("pre'fix'")).toBe('prefix');
    expect(value('a`tb')).toBe('a\tb');
    expect(value('x$x')).toBe('xex');
  });

  it('reads numbers, keeping the typed text when it differs', () => {
    expect(expr('-5')).toEqual({ kind: 'literal', value: -5 });
    expect(expr('1.5')).toEqual({ kind: 'literal', value: 1.5 });
    expect(expr('0x1F')).toEqual({ kind: 'literal', value: 31, text: '0x1F' });
    expect(expr('007')).toEqual({ kind: 'literal', value: 7, text: '007' });
    expect(value('1e3')).toBe(1000);
    expect(value('10kb')).toBe(10240);
    expect(value('0b101')).toBe(5);
    expect(value('5l')).toBe(5);
    expect(value('0xFFFFFFFF')).toBe(-1);
    expect(value('+3')).toBe(3);
    expect(value('.5')).toBe(0.5);
  });

  it('parseNumber returns undefined for what is not a number', () => {
    for (const text of ['', '-', 'x1', '0x', '1e', '--5', '1e999', '0xFFFFy', '500sgb']) expect(parseNumber(text)).toBeUndefined();
    // a real with an integer suffix is that integer, rounded to even (PowerShell: 1.5l is 2, 2.5l is 2)
    expect(parseNumber('1.5l')?.value).toBe(2);
    expect(parseNumber('2.5l')?.value).toBe(2);
    expect(parseNumber('1.')).toEqual({ kind: 'literal', value: 1, text: '1.' });
  });

  it('reads $true, $false, $null as literals and other variables as references', () => {
    expect(expr('$TRUE')).toEqual({ kind: 'literal', value: true });
    expect(expr('$false')).toEqual({ kind: 'literal', value: false });
    expect(expr('$null')).toEqual({ kind: 'literal', value: null });
    expect(expr('$x')).toEqual({ kind: 'variable', name: 'x' });
    expect(expr('${a b}')).toEqual({ kind: 'variable', name: 'a b' });
    expect(expr('$env:HOME')).toEqual({ kind: 'variable', name: 'env:HOME' });
    expect(value('$list')).toEqual(['a', 'b']);
  });

  it('evaluates an unknown variable to $null, as PowerShell', () => {
    expect(value('$nothing')).toBeNull();
    expect(evaluate({ kind: 'variable', name: 'x' })).toBeNull();
  });

  it('reads a lone $ as text and rejects member access it cannot evaluate', () => {
    expect(value('$')).toBe('$');
    expect(thrown(() => expr('$x.Name')).errorId).toBe('UnexpectedToken');
    expect(thrown(() => expr('$x[0]')).errorId).toBe('UnexpectedToken');
    expect(thrown(() => expr('${x')).errorId).toBe('EndBraceExpectedAtEndOfVariableName');
  });
});

describe('arrays', () => {
  it('reads a,b,c and lists with blanks and quotes', () => {
    expect(value('a,b,c')).toEqual(['a', 'b', 'c']);
    expect(value(`'a', "b" ,c`)).toEqual(['a', 'b', 'c']);
    expect(value('1,$x,$true')).toEqual([1, 'ex', true]);
    expect(value('a,\n  b')).toEqual(['a', 'b']);
  });

  it('reads ,x as a one-element array', () => {
    expect(value(',x')).toEqual(['x']);
  });

  it('fails a trailing comma: MissingExpressionAfterToken', () => {
    const error = thrown(() => expr('a,'));
    expect(error.errorId).toBe('MissingExpressionAfterToken');
    expect(error.message).toBe("Missing expression after ','.");
  });

  it('reads @() and @( ... ), flattening each statement', () => {
    expect(value('@()')).toEqual([]);
    expect(value('@( 1, 2; 3\n 4 )')).toEqual([1, 2, 3, 4]);
    expect(value('@($list)')).toEqual(['a', 'b']);
    expect(value('@($list, 1)')).toEqual([['a', 'b'], 1]);
    expect(thrown(() => expr('@(1')).message).toBe("Missing closing ')' in subexpression.");
  });
});

describe('hashtables', () => {
  it('read entries split by ; or newlines, with quoted keys and nested values', () => {
    expect(value("@{ k = v; 'k2' = \"v2\"\n  n = 1,2\n  inner = @{ deep = $true }; .redirect = '/x' }")).toEqual({
      k: 'v',
      k2: 'v2',
      n: [1, 2],
      inner: { deep: true },
      '.redirect': '/x',
    });
    expect(value('@{}')).toEqual({});
    expect(value('@{\n}')).toEqual({});
    expect(value('@{a=1;;b=2;}')).toEqual({ a: 1, b: 2 });
  });

  it('are case-insensitive and keep the key as written', () => {
    const table = evaluate(expr('@{ Content-Type = "json" }')) as Hashtable;
    expect(table.get('content-type')).toBe('json');
    expect(table.keys()).toEqual(['Content-Type']);
  });

  it('evaluate $var keys and values', () => {
    expect(value('@{ $x = $n }')).toEqual({ ex: 5 });
  });

  it('fail on a duplicate key, case-insensitively: DuplicateKeyInHashLiteral', () => {
    const error = thrown(() => expr("@{ a = 1; 'A' = 2 }"));
    expect(error.errorId).toBe('DuplicateKeyInHashLiteral');
    expect(error.message).toBe("Duplicate keys 'A' are not allowed in hash literals.");
    expect(error.position).toMatchObject({ start: 19, end: 22 });
    const atRuntime = thrown(() => evaluate(expr('@{ $x = 1; ex = 2 }'), lookup));
    expect(atRuntime.errorId).toBe('DuplicateKeyInHashLiteral');
  });

  it("fail without '}': MissingEndCurlyBrace", () => {
    for (const text of ['@{', '@{a=1', '@{a=1;', '@{a=1\n']) {
      const error = thrown(() => expr(text));
      expect(error.errorId).toBe('MissingEndCurlyBrace');
      expect(error.message).toBe("Missing closing '}' in statement block or type definition.");
    }
  });

  it("fail without '=' or a value or a key", () => {
    const noEquals = thrown(() => expr('@{a}'));
    expect(noEquals.errorId).toBe('MissingEqualsInHashLiteral');
    expect(noEquals.message).toBe("Missing '=' operator after key in hash literal.");
    expect(thrown(() => expr('@{a 1}')).errorId).toBe('MissingEqualsInHashLiteral');
    expect(thrown(() => expr('@{a=}')).errorId).toBe('MissingStatementInHashLiteral');
    expect(thrown(() => expr('@{=1}')).errorId).toBe('MissingKeyInHashLiteral');
    expect(thrown(() => expr('@{a=1 b=2}')).errorId).toBe('UnexpectedToken');
  });
});

describe('text of values', () => {
  it('psToString is PowerShell ToString()', () => {
    expect(psToString(true)).toBe('True');
    expect(psToString(null)).toBe('');
    expect(psToString(['a', 1, [2, 3]])).toBe('a 1 2 3');
    expect(psToString(Hashtable.from({ a: 1 }))).toBe('System.Collections.Hashtable');
    expect(psToString(1e-7)).toBe('1E-07');
  });

  it('formatNumber writes numbers as .NET does', () => {
    expect(formatNumber(5)).toBe('5');
    expect(formatNumber(1.5)).toBe('1.5');
    expect(formatNumber(0.0001)).toBe('0.0001');
    expect(formatNumber(0.00001)).toBe('1E-05');
    expect(formatNumber(1.5e20)).toBe('1.5E+20');
    expect(formatNumber(123456789012)).toBe('123456789012');
  });

  it('formatPsLiteral writes values back as PowerShell source', () => {
    expect(formatPsLiteral("it's")).toBe("'it''s'");
    expect(formatPsLiteral([1, true, null])).toBe('@(1, $true, $null)');
    expect(formatPsLiteral(Hashtable.from({ a: 'x', 'b c': 2 }))).toBe("@{a = 'x'; 'b c' = 2}");
  });
});
