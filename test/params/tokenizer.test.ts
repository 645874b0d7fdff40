// The tokenizer: statements, command names, parameter tokens, `--`, and argv mode.

import { argvToCommand, parseScript, type CommandStatement, type ParameterToken } from '../../src/params/tokenizer.js';
import { elementsOf, thrown } from './fixtures.js';

const command = (text: string): CommandStatement => {
  const statements = parseScript(text);
  expect(statements).toHaveLength(1);
  const [statement] = statements;
  if (statement.kind !== 'command') throw new Error('not a command');
  return statement;
};

/** Elements as compact tags: `-Name`, `-Name:=<value>`, or the argument's value. */
const shape = (args: string) =>
  elementsOf(args).map((e) => {
    if (e.kind === 'argument') return e.expr;
    return e.hasColon ? { param: e.name, argument: e.argument } : { param: e.name };
  });

const lit = (value: string | number | boolean | null) => ({ kind: 'literal', value });

describe('parseScript: statements', () => {
  it('splits statements on ; and newlines, and skips empty ones', () => {
    const statements = parseScript('Get-A one; Get-B two\nGet-C\r\n;;\n  Get-D');
    expect(statements.map((s) => (s.kind === 'command' ? s.name : s.kind))).toEqual(['Get-A', 'Get-B', 'Get-C', 'Get-D']);
    expect((statements[0] as CommandStatement).text).toBe('Get-A one');
  });

  it('returns no statements for blank text and comments only', () => {
    expect(parseScript('')).toEqual([]);
    expect(parseScript('  \n # nothing here\n<# or\nhere #>')).toEqual([]);
  });

  it('treats # as a comment only at the start of a token', () => {
    expect(shape('a#b # the rest is a comment')).toEqual([lit('a#b')]);
    expect(shape("'x'#comment")).toEqual([lit('x')]);
  });

  it('skips <# block comments #> anywhere a token can start, across lines', () => {
    expect(shape('a <# one\ntwo #> b')).toEqual([lit('a'), lit('b')]);
    const error = thrown(() => parseScript('Get-A <# never closed'));
    expect(error.errorId).toBe('MissingEndMultiLineComment');
    expect(error.message).toBe("The terminator '#>' is missing from the multiline comment.");
  });

  it('joins lines ending in a backtick (line continuation)', () => {
    const statement = command('Get-A -Scheme `\n  x `\r\n  y');
    expect(statement.elements.map((e) => (e.kind === 'argument' ? e.text : e.text))).toEqual(['-Scheme', 'x', 'y']);
  });

  it('reads $x = <value> assignments of literal values', () => {
    const [a, b, c] = parseScript("$x = 'v'; $n=1,2\n${my var} = @{ a = 1 }");
    expect(a).toMatchObject({ kind: 'assignment', variable: 'x', value: lit('v'), text: "$x = 'v'" });
    expect(b).toMatchObject({ kind: 'assignment', variable: 'n', value: { kind: 'array', items: [lit(1), lit(2)] } });
    expect(c).toMatchObject({ kind: 'assignment', variable: 'my var', value: { kind: 'hashtable' } });
  });

  it('rejects an assignment without a value, or to a constant', () => {
    const missing = thrown(() => parseScript('$x = '));
    expect(missing.errorId).toBe('ExpectedValueExpression');
    expect(missing.message).toBe("You must provide a value expression following the '=' operator.");
    expect(thrown(() => parseScript('$true = 1')).errorId).toBe('UnexpectedToken');
    expect(thrown(() => parseScript('$x == 1')).errorId).toBe('UnexpectedToken');
  });

  it('reads a value on its own as an expression statement: variables, strings, numbers, literals', () => {
    const [a, b, c, d, e, f] = parseScript("$LASTEXITCODE; 'text'\n42 ; -5\n$a, 'b'\n@{ k = 1 }");
    expect(a).toMatchObject({ kind: 'expression', value: { kind: 'variable', name: 'LASTEXITCODE' }, text: '$LASTEXITCODE' });
    expect(b).toMatchObject({ kind: 'expression', value: lit('text') });
    expect(c).toMatchObject({ kind: 'expression', value: lit(42) });
    expect(d).toMatchObject({ kind: 'expression', value: lit(-5) });
    expect(e).toMatchObject({ kind: 'expression', value: { kind: 'array', items: [{ kind: 'variable', name: 'a' }, lit('b')] } });
    expect(f).toMatchObject({ kind: 'expression', value: { kind: 'hashtable' } });
    expect(thrown(() => parseScript('$x foo')).message).toBe("Unexpected token 'foo' in expression or statement.");
  });

  it('reads exit with and without a code, case-insensitively; exit is not a prefix match', () => {
    const [a, b, c] = parseScript('exit; EXIT 3\nexit $LASTEXITCODE');
    expect(a).toMatchObject({ kind: 'exit', text: 'exit' });
    expect((a as { code?: unknown }).code).toBeUndefined();
    expect(b).toMatchObject({ kind: 'exit', code: lit(3), codeText: '3' });
    expect(c).toMatchObject({ kind: 'exit', code: { kind: 'variable', name: 'LASTEXITCODE' } });
    expect(parseScript('exit-now')[0]).toMatchObject({ kind: 'command', name: 'exit-now' });
    expect(thrown(() => parseScript('exit 1 2')).message).toBe("Unexpected token '2' in expression or statement.");
  });

  it('rejects what kr does not run: pipelines, &, grouping, script blocks, expressions as commands', () => {
    expect(thrown(() => parseScript('Get-A | Get-B')).message).toBe("Unexpected token '|' in expression or statement.");
    expect(thrown(() => parseScript('Get-A a&b')).errorId).toBe('AmpersandNotAllowed');
    expect(thrown(() => parseScript('Get-A (1)')).errorId).toBe('UnexpectedToken');
    expect(thrown(() => parseScript('Get-A { x }')).errorId).toBe('UnexpectedToken');
    expect(thrown(() => parseScript("'Get-A' x")).errorId).toBe('UnexpectedToken');
    expect(thrown(() => parseScript('42 x')).errorId).toBe('UnexpectedToken');
    expect(thrown(() => parseScript('Get-A > out.txt')).errorId).toBe('UnexpectedToken');
  });

  it('gives positions with line, column and file', () => {
    const [, second] = parseScript('Get-A\n  Get-B -Scheme x', 'script.kr');
    const statement = second as CommandStatement;
    expect(statement.position).toEqual({ start: 8, end: 23, line: 2, column: 3, file: 'script.kr' });
    expect(statement.elements[0].position).toEqual({ start: 14, end: 21, line: 2, column: 9, file: 'script.kr' });
    const error = thrown(() => parseScript("Get-A\nGet-B 'open", 'f.kr'));
    expect(error.position).toMatchObject({ line: 2, column: 7, file: 'f.kr' });
  });
});

describe('parseScript: parameters and arguments', () => {
  it('reads the command name and its elements', () => {
    const statement = command('Invoke-KrCookieSignOut -Scheme oidc -Redirect');
    expect(statement.name).toBe('Invoke-KrCookieSignOut');
    expect(statement.nameText).toBe('Invoke-KrCookieSignOut');
    expect(statement.elements).toMatchObject([
      { kind: 'parameter', name: 'Scheme', text: '-Scheme', hasColon: false },
      { kind: 'argument', expr: lit('oidc'), text: 'oidc' },
      { kind: 'parameter', name: 'Redirect', hasColon: false },
    ]);
  });

  it('starts a parameter only with a dash and a letter, _ or ?', () => {
    expect(shape('-a -_b -?')).toEqual([{ param: 'a' }, { param: '_b' }, { param: '?' }]);
    expect(shape('-5 -0x1F - --x -.5')).toEqual([lit(-5), { ...lit(-31), text: '-0x1F' }, lit('-'), lit('--x'), { ...lit(-0.5), text: '-.5' }]);
  });

  it('accepts the typographic dashes PowerShell accepts', () => {
    expect(shape('\u2013Scheme x')).toEqual([{ param: 'Scheme' }, lit('x')]);
  });

  it('reads -Name:value as one token, the value even when it starts with a dash', () => {
    expect(shape('-Scheme:x -Scheme:-abc -Redirect:$false -Count:-5')).toEqual([
      { param: 'Scheme', argument: lit('x') },
      { param: 'Scheme', argument: lit('-abc') },
      { param: 'Redirect', argument: lit(false) },
      { param: 'Count', argument: lit(-5) },
    ]);
    const [token] = elementsOf("-Scheme:'a b'") as ParameterToken[];
    expect(token).toMatchObject({ text: '-Scheme:', argumentText: "'a b'", argumentPosition: { start: 17, end: 22 } });
  });

  it('reads -Name: value (a space after the colon) the same way', () => {
    expect(shape('-Scheme: x -Scheme:  -abc')).toEqual([
      { param: 'Scheme', argument: lit('x') },
      { param: 'Scheme', argument: lit('-abc') },
    ]);
  });

  it('fails -Name: with nothing after it: ParameterRequiresArgument', () => {
    for (const text of ['Get-A -Scheme:', 'Get-A -Scheme: ', 'Get-A -Scheme:\nx', 'Get-A -Scheme: ; x', 'Get-A -Scheme: # comment']) {
      const error = thrown(() => parseScript(text));
      expect(error.errorId).toBe('ParameterRequiresArgument');
      expect(error.message).toBe('Parameter -Scheme requires an argument.');
      expect(error.category).toBe('ParserError');
      expect(error.position).toMatchObject({ start: 6, end: 14 });
    }
  });

  it('reads a dash-word with quotes or $ in it as a bareword argument', () => {
    expect(shape("-a'b c'")).toEqual([lit('-ab c')]);
  });

  it('consumes -- and makes every later token an argument', () => {
    expect(shape('-a -- -b --% -- x')).toEqual([{ param: 'a' }, lit('-b'), lit('--%'), lit('--'), lit('x')]);
    expect(shape('--')).toEqual([]);
  });

  it('keeps values after -- PowerShell values ($vars, numbers, quotes)', () => {
    expect(shape("-- $true 5 'q'")).toEqual([lit(true), lit(5), lit('q')]);
  });

  it('reads adjacent quoted strings as separate arguments, as PowerShell does', () => {
    expect(shape("'a'b")).toEqual([lit('a'), lit('b')]);
  });
});

describe('argvToCommand', () => {
  it('takes argv[0] as the command name and each element as one token', () => {
    const statement = argvToCommand(['Invoke-X', '-Scheme', 'My App', '-Redirect']);
    expect(statement).toMatchObject({ kind: 'command', name: 'Invoke-X', nameText: 'Invoke-X', text: 'Invoke-X -Scheme My App -Redirect' });
    expect(statement.elements).toMatchObject([
      { kind: 'parameter', name: 'Scheme', text: '-Scheme', hasColon: false, position: { start: 9, end: 16 } },
      { kind: 'argument', expr: lit('My App'), text: 'My App', position: { start: 17, end: 23 } },
      { kind: 'parameter', name: 'Redirect', position: { start: 24, end: 33 } },
    ]);
  });

  it('reads a value element as one PowerShell argument expression', () => {
    const values = (element: string) => {
      const [e] = argvToCommand(['X', element]).elements;
      return e.kind === 'argument' ? e.expr : undefined;
    };
    expect(values('@{a=1;b="x"}')).toMatchObject({ kind: 'hashtable', entries: [{ key: lit('a'), value: lit(1) }, { key: lit('b'), value: lit('x') }] });
    expect(values('$false')).toEqual(lit(false));
    expect(values('a,b')).toEqual({ kind: 'array', items: [lit('a'), lit('b')] });
    expect(values("'a', 'b'")).toEqual({ kind: 'array', items: [lit('a'), lit('b')] });
    expect(values("'quoted'")).toEqual(lit('quoted'));
    expect(values('"x=$y"')).toEqual({ kind: 'expandable', parts: [{ kind: 'text', text: 'x=' }, { kind: 'variable', name: 'y' }] });
    expect(values('-5')).toEqual(lit(-5));
    expect(values('0x1F')).toEqual({ ...lit(31), text: '0x1F' });
  });

  it('keeps an element that is not one expression as its own text', () => {
    const text = (element: string) => {
      const [e] = argvToCommand(['X', element]).elements;
      return e.kind === 'argument' ? e.expr : undefined;
    };
    for (const element of ['My App', '/path?a=b', 'https://x/y?a=1&b=2', 'a b', 'Hello, World', "it's", '', ' lead', 'trail ', 'a;b', '#tag', 'x|y', '(x)', '{x}', "'open", 'a\nb']) {
      expect(text(element)).toEqual(lit(element));
    }
  });

  it('reports the parse error of an element that starts a hashtable or @( )', () => {
    const error = thrown(() => argvToCommand(['X', '-Properties', '@{a=1']));
    expect(error.errorId).toBe('MissingEndCurlyBrace');
    expect(error.position).toEqual({ start: 14, end: 16 });
    expect(thrown(() => argvToCommand(['X', '@{a=1;A=2}'])).errorId).toBe('DuplicateKeyInHashLiteral');
    expect(thrown(() => argvToCommand(['X', '@(1'])).errorId).toBe('MissingEndParenthesisInSubexpression');
  });

  it('splits -Name:value at the first colon and reads the value as an expression', () => {
    const [a, b] = argvToCommand(['X', '-Redirect:$false', '-Scheme:a:b']).elements as ParameterToken[];
    expect(a).toMatchObject({ name: 'Redirect', text: '-Redirect:', hasColon: true, argument: lit(false), argumentText: '$false' });
    expect(a.argumentPosition).toEqual({ start: 12, end: 18 });
    expect(b).toMatchObject({ name: 'Scheme', hasColon: true, argument: lit('a:b') });
  });

  it('gives -Name: the next element as its value, even one starting with a dash', () => {
    const [token] = argvToCommand(['X', '-Scheme:', '-abc']).elements as ParameterToken[];
    expect(token).toMatchObject({ name: 'Scheme', hasColon: true, argument: lit('-abc'), argumentText: '-abc', argumentPosition: { start: 11, end: 15 } });
    const error = thrown(() => argvToCommand(['X', '-Scheme:']));
    expect(error.errorId).toBe('ParameterRequiresArgument');
    expect(error.message).toBe('Parameter -Scheme requires an argument.');
  });

  it('ends parameters at --', () => {
    expect(argvToCommand(['X', '--', '-Redirect', '--']).elements).toMatchObject([
      { kind: 'argument', expr: lit('-Redirect') },
      { kind: 'argument', expr: lit('--') },
    ]);
  });

  it('fails on an empty argv with CommandNotFoundException', () => {
    expect(thrown(() => argvToCommand([])).errorId).toBe('CommandNotFoundException');
  });

  it('reads a value element exactly as the string form reads it', () => {
    const text = '@{ k = v; n = 2; list = 1,"two" }';
    const [fromArgv] = argvToCommand(['X', text]).elements;
    const [fromString] = elementsOf(text);
    expect(fromArgv.kind === 'argument' && fromArgv.expr).toEqual(fromString.kind === 'argument' && fromString.expr);
  });
});
