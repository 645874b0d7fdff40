// Binding as REFERENCE.md §2 describes it: name matching, the order of the stages,
// tokens, switches, validation, mandatory parameters, every binding error id and text.

import { BIND_STAGES, bindArguments, matchParameter, type BindState, type BindTraceEntry, type Binding } from '../../src/params/binder.js';
import { resolveMetadata } from '../../src/params/metadata.js';
import { argvToCommand } from '../../src/params/tokenizer.js';
import { Hashtable, type PsValue } from '../../src/params/values.js';
import { elementsOf, signOut, thrown, typed } from './fixtures.js';

const bind = (args: string, command = signOut, variables?: Record<string, PsValue>): Binding =>
  bindArguments(command, elementsOf(args), variables ? { variables: (n) => variables[n.toLowerCase()] } : {});
const bindArgv = (argv: string[], command = signOut): Binding => bindArguments(command, argvToCommand(['X', ...argv]).elements);
const failure = (args: string, command = signOut) => thrown(() => bind(args, command));
/** Values without the defaults the test is not about. */
const given = (b: Binding) => Object.fromEntries([...b.explicit].map((k) => [k, b.values[k]]));
const REQUIRED = '-Path p';

describe('name matching', () => {
  it('is case-insensitive on names and aliases', () => {
    expect(given(bind('-sCHEME x -wi -CF -vb -db -ea Stop'))).toEqual({
      Scheme: 'x',
      WhatIf: true,
      Confirm: true,
      Verbose: true,
      Debug: true,
      ErrorAction: 'Stop',
    });
  });

  it('takes a unique prefix of a name or an alias', () => {
    expect(given(bind('-Sch x -Auth oidc -RedirectU /x -Wh'))).toEqual({ Scheme: 'x', AuthKind: 'Oidc', RedirectUri: '/x', WhatIf: true });
    expect(given(bind(`n -FileP /p`, typed))).toMatchObject({ Path: '/p' });
  });

  it('prefers an exact name or alias over longer names it prefixes', () => {
    expect(given(bind('-Redirect'))).toEqual({ Redirect: true });
    expect(matchParameter(signOut, 'ob')?.name).toBe('OutBuffer');
  });

  it('resolves -P to the declared Properties over PipelineVariable and ProgressAction', () => {
    expect(given(bind('-P @{a=1}')).Properties).toBeInstanceOf(Hashtable);
    expect(matchParameter(signOut, 'Pro')?.name).toBe('Properties');
    expect(matchParameter(signOut, 'Pi')?.name).toBe('PipelineVariable');
    expect(matchParameter(signOut, 'prog')?.name).toBe('ProgressAction');
  });

  it('fails -R, which prefixes two declared parameters: AmbiguousParameter', () => {
    const error = failure('-R');
    expect(error.errorId).toBe('AmbiguousParameter');
    expect(error.message).toBe("Parameter cannot be processed because the parameter name 'R' is ambiguous. Possible matches include: -Redirect -RedirectUri.");
    expect(error.fullyQualifiedErrorId).toBe('AmbiguousParameter,Invoke-TestSignOut');
    expect(error.position).toMatchObject({ start: 9, end: 11 });
    expect(error.token).toBe('-R');
  });

  it('fails -W, which prefixes only common and ShouldProcess parameters, listing them in PowerShell order', () => {
    expect(failure('-W x').message).toBe(
      "Parameter cannot be processed because the parameter name 'W' is ambiguous. Possible matches include: -WarningAction -WarningVariable -WhatIf.",
    );
    expect(failure('-o').message).toContain('Possible matches include: -OutVariable -OutBuffer.');
    expect(failure('-inf').message).toContain('Possible matches include: -InformationAction -InformationVariable.');
  });

  it('fails a name that matches nothing: NamedParameterNotFound', () => {
    const error = failure('-Bogus x');
    expect(error.errorId).toBe('NamedParameterNotFound');
    expect(error.message).toBe("A parameter cannot be found that matches parameter name 'Bogus'.");
    expect(error.category).toBe('InvalidArgument');
    expect(error.exitCode).toBe(2);
    expect(error.commandName).toBe('Invoke-TestSignOut');
    expect(failure('-WhatIf', typed).message).toBe("A parameter cannot be found that matches parameter name 'WhatIf'.");
    expect(failure('-Bogus:1').errorId).toBe('NamedParameterNotFound');
  });
});

describe('binding order', () => {
  it('binds named first, then positionals fill the lowest free Position in order', () => {
    expect(given(bind('-Scheme s oidc /back @{a=1}'))).toMatchObject({ Scheme: 's', AuthKind: 'Oidc', RedirectUri: '/back' });
    expect(given(bind('one -AuthKind OAuth2 /back'))).toEqual({ Scheme: 'one', AuthKind: 'OAuth2', RedirectUri: '/back' });
    const b = bind('x Cookies /r @{ k = 1 } -Redirect');
    expect(b.values.Properties).toBeInstanceOf(Hashtable);
    expect((b.values.Properties as Hashtable).get('K')).toBe(1);
  });

  it('then applies defaults to what is still unbound (declared switches default to off)', () => {
    const b = bind('');
    expect(b.values).toEqual({ Scheme: 'Cookies', AuthKind: 'Cookies', Redirect: false, RedirectUri: '/' });
    expect(b.explicit.size).toBe(0);
    expect('WhatIf' in b.values).toBe(false);
  });

  it('fails an argument no positional parameter takes: PositionalParameterNotFound', () => {
    const error = failure('a Cookies c @{} extra');
    expect(error.errorId).toBe('PositionalParameterNotFound');
    expect(error.message).toBe("A positional parameter cannot be found that accepts argument 'extra'.");
    expect(error.position).toMatchObject({ start: 25, end: 30 });
    expect(failure(`n 5 0x10 ${REQUIRED}`, typed).message).toBe("A positional parameter cannot be found that accepts argument '0x10'.");
    expect(failure(`n 5 a,b ${REQUIRED}`, typed).message).toBe("A positional parameter cannot be found that accepts argument 'System.Object[]'.");
  });

  it('fails a parameter given twice, also through a prefix or an alias: ParameterAlreadyBound', () => {
    const text = (name: string) =>
      `Cannot bind parameter because parameter '${name}' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, "-parameter value1,value2,value3".`;
    const error = failure('-Scheme a -Scheme b');
    expect(error.errorId).toBe('ParameterAlreadyBound');
    expect(error.message).toBe(text('Scheme'));
    expect(error.token).toBe('-Scheme');
    expect(error.position).toMatchObject({ start: 19, end: 26 });
    // PowerShell names the parameter as typed when the value came with it (switch, -Name:value), else canonically.
    expect(failure('-Scheme a -Sch b').message).toBe(text('Scheme'));
    expect(failure(`-n a -Name b ${REQUIRED}`, typed).message).toBe(text('Name'));
    expect(failure('-Redirect -REDIRECT').message).toBe(text('REDIRECT'));
    expect(failure('-Scheme:a -Sch:b').message).toBe(text('Sch'));
    expect(failure('-wi -WhatIf:$false').message).toBe(text('WhatIf'));
  });
});

describe('tokens', () => {
  it('reads -Name value, -Name:value and -Name: value alike', () => {
    for (const args of ['-Scheme x', '-Scheme:x', '-Scheme: x', "-Scheme 'x'", '-Scheme "x"']) expect(given(bind(args))).toEqual({ Scheme: 'x' });
  });

  it('gives -Name:value the next token even when it starts with a dash', () => {
    expect(given(bind('-Scheme:-Redirect'))).toEqual({ Scheme: '-Redirect' });
    expect(given(bind('-Scheme: -abc'))).toEqual({ Scheme: '-abc' });
  });

  it('never gives a switch the next token: -Redirect $false is Redirect on and $false positional', () => {
    const b = bind('-Redirect $false');
    expect(b.values.Redirect).toBe(true);
    expect(b.values.Scheme).toBe('False');
    expect([...b.explicit].sort()).toEqual(['Redirect', 'Scheme']);
  });

  it('turns a switch off with -Switch:$false or -Switch:0, on with -Switch:1', () => {
    for (const [args, on] of [
      ['-Redirect:$false', false],
      ['-Redirect:0', false],
      ['-Redirect: $false', false],
      ['-Redirect:$true', true],
      ['-Redirect:1', true],
      ['-Redirect:$null', true],
    ] as const) {
      const b = bind(args);
      expect(b.values.Redirect).toBe(on);
      expect(b.explicit.has('Redirect')).toBe(true);
    }
    expect(given(bind('-WhatIf:$false -Confirm:$false'))).toEqual({ WhatIf: false, Confirm: false });
  });

  it('makes a dash-token that names no parameter the value of a waiting parameter', () => {
    expect(given(bind('-Scheme -abc'))).toEqual({ Scheme: '-abc' });
    expect(given(bind('-Scheme \u2013abc'))).toEqual({ Scheme: '\u2013abc' });
  });

  it('fails a waiting parameter followed by a real parameter: MissingArgument', () => {
    const error = failure('-Scheme -Redirect');
    expect(error.errorId).toBe('MissingArgument');
    expect(error.message).toBe("Missing an argument for parameter 'Scheme'. Specify a parameter of type 'System.String' and try again.");
    expect(error.token).toBe('-Scheme');
    expect(error.position).toMatchObject({ start: 9, end: 16 });
    expect(failure('-Scheme -Au').errorId).toBe('MissingArgument');
    expect(failure('-Scheme -abc:x').errorId).toBe('MissingArgument');
    expect(failure('-Sch -wi').message).toContain("parameter 'Scheme'");
  });

  it('fails a parameter at the end without a value: MissingArgument with its .NET type', () => {
    expect(failure('-Properties').message).toBe(
      "Missing an argument for parameter 'Properties'. Specify a parameter of type 'System.Collections.Hashtable' and try again.",
    );
    expect(failure(`n ${REQUIRED} -Enabled`, typed).message).toBe(
      "Missing an argument for parameter 'Enabled'. Specify a parameter of type 'System.Boolean' and try again.",
    );
    expect(failure('-ea').message).toContain("type 'System.Management.Automation.ActionPreference'");
  });

  it('ends parameters at --', () => {
    expect(given(bind('-- -Redirect'))).toEqual({ Scheme: '-Redirect' });
    expect(given(bind('-Scheme -- -x'))).toEqual({ Scheme: '-x' });
    expect(given(bind('-Redirect -- -abc oidc --'))).toEqual({ Redirect: true, Scheme: '-abc', AuthKind: 'Oidc', RedirectUri: '--' });
    expect(failure('-- -Scheme oidc / @{} d').message).toBe("A positional parameter cannot be found that accepts argument 'd'.");
  });

  it('takes -5 as a value, not a parameter', () => {
    expect(given(bind('-5'))).toEqual({ Scheme: '-5' });
    expect(given(bind(`n -Count 5 ${REQUIRED}`, typed)).Count).toBe(5);
    expect(failure(`n -Count -5 ${REQUIRED}`, typed).message).toContain('The -5 argument is less than the minimum allowed range of 1.');
  });

  it('keeps a number as typed for a string parameter', () => {
    expect(given(bind('0x1F -RedirectUri 007'))).toEqual({ Scheme: '0x1F', RedirectUri: '007' });
  });

  it('reads hashtables with ; and newlines, and reports their parse errors', () => {
    const b = bind("-Properties @{ a = 1; 'k2' = \"v2\"\n  nested = @{ x = $true } }");
    expect((b.values.Properties as Hashtable).toJSON()).toEqual({ a: 1, k2: 'v2', nested: { x: true } });
    expect(thrown(() => elementsOf('-Properties @{ a = 1; A = 2 }')).errorId).toBe('DuplicateKeyInHashLiteral');
    expect(thrown(() => elementsOf('-Properties @{ a = 1')).errorId).toBe('MissingEndCurlyBrace');
  });

  it('evaluates $variables through the lookup, unknown ones as $null', () => {
    const props = Hashtable.from({ a: '1' });
    expect(given(bind('$s -Properties $p', signOut, { s: 'from-var', p: props }))).toEqual({ Scheme: 'from-var', Properties: props });
    expect(given(bind('-Scheme $missing', signOut, {}))).toEqual({ Scheme: null });
    expect(given(bind('"x-$s"', signOut, { s: 1 }))).toEqual({ Scheme: 'x-1' });
  });

  it('points a duplicate key found at evaluation at the value', () => {
    const error = thrown(() => bind('-Properties @{ $k = 1; a = 2 }', signOut, { k: 'A' }));
    expect(error.errorId).toBe('DuplicateKeyInHashLiteral');
    expect(error.position).toMatchObject({ start: 21 });
    expect(error.commandName).toBe('Invoke-TestSignOut');
  });
});

describe('argv', () => {
  it('binds argv elements as one token each', () => {
    expect(given(bindArgv(['-Scheme', 'My App']))).toEqual({ Scheme: 'My App' });
    expect(given(bindArgv(['-Scheme', 'Hello, World', '-RedirectUri', 'https://x/y?a=1&b=2']))).toEqual({
      Scheme: 'Hello, World',
      RedirectUri: 'https://x/y?a=1&b=2',
    });
    expect((bindArgv(['-Properties', '@{a=1;b="x"}']).values.Properties as Hashtable).toJSON()).toEqual({ a: 1, b: 'x' });
    expect(given(bindArgv(['-Redirect:$false']))).toEqual({ Redirect: false });
    expect(given(bindArgv(['-Redirect', '$false']))).toEqual({ Redirect: true, Scheme: 'False' });
    expect(given(bindArgv(['-Scheme', '-abc']))).toEqual({ Scheme: '-abc' });
    expect(given(bindArgv(['--', '-Redirect']))).toEqual({ Scheme: '-Redirect' });
    expect(given(bindArgv(['-Tags', 'a,b', '-Path', "'C:\\My Files'", 'n'], typed))).toEqual({ Tags: ['a', 'b'], Path: 'C:\\My Files', Name: 'n' });
  });

  it('reports errors at offsets into argv joined by spaces', () => {
    const error = thrown(() => bindArgv(['-Scheme', 'x', '-Bogus']));
    expect(error.errorId).toBe('NamedParameterNotFound');
    expect(error.position).toEqual({ start: 12, end: 18 });
  });
});

describe('validation', () => {
  it('checks ValidateSet case-insensitively and takes the set spelling', () => {
    expect(given(bind('-AuthKind oidc'))).toEqual({ AuthKind: 'Oidc' });
    expect(given(bind('x OAUTH2'))).toEqual({ Scheme: 'x', AuthKind: 'OAuth2' });
    const error = failure('-AuthKind Saml');
    expect(error.errorId).toBe('ParameterArgumentValidationError');
    expect(error.message).toBe(
      'Cannot validate argument on parameter \'AuthKind\'. The argument "Saml" does not belong to the set "Cookies,OAuth2,Oidc" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.',
    );
    expect(error.category).toBe('InvalidData');
    expect(error.token).toBe('Saml');
  });

  it('does not validate defaults', () => {
    const declaration = { name: 'D', synopsis: '', description: '', parameters: [{ name: 'K', type: 'string' as const, default: 'zzz', validateSet: ['a'], help: '' }] };
    expect(bindArguments(resolveMetadata(declaration), []).values).toEqual({ K: 'zzz' });
  });

  it('checks ValidateRange (OutBuffer is 0..Int32.MaxValue)', () => {
    expect(given(bind('-OutBuffer 5'))).toEqual({ OutBuffer: 5 });
    expect(given(bind('-ob:0'))).toEqual({ OutBuffer: 0 });
    expect(failure('-OutBuffer -1').message).toBe(
      "Cannot validate argument on parameter 'OutBuffer'. The -1 argument is less than the minimum allowed range of 0. Supply an argument that is greater than or equal to 0 and then try the command again.",
    );
    expect(failure(`n 11 ${REQUIRED}`, typed).message).toBe(
      "Cannot validate argument on parameter 'Count'. The 11 argument is greater than the maximum allowed range of 10. Supply an argument that is less than or equal to 10 and then try the command again.",
    );
    expect(failure('-ob 2147483648').errorId).toBe('CannotConvertArgumentNoMessage');
  });

  it('converts ActionPreference names and rejects the reserved Suspend', () => {
    expect(given(bind('-ea stop -wa 0 -infa Continue -proga ignore'))).toEqual({
      ErrorAction: 'Stop',
      WarningAction: 'SilentlyContinue',
      InformationAction: 'Continue',
      ProgressAction: 'Ignore',
    });
    const error = failure('-ErrorAction Suspend');
    expect(error.errorId).toBe('ParameterBindingFailed');
    expect(error.message).toBe(
      'Cannot bind parameter \'ErrorAction\' to the target. Exception setting "ErrorAction": "The Suspend ActionPreference value is reserved for future use and is not supported at this time. For more information about preference variables, see the Help topic, "about_Preference_Variables.""',
    );
    expect(failure('-wa suspend').message).toContain('Exception setting "WarningAction"');
    expect(failure('-ea Bogus').message).toBe(
      'Cannot bind parameter \'ErrorAction\'. Cannot convert value "Bogus" to type "System.Management.Automation.ActionPreference". Error: "Unable to match the identifier name Bogus to a valid enumerator name. Specify one of the following enumerator names and try again: SilentlyContinue, Stop, Continue, Inquire, Ignore, Suspend, Break"',
    );
  });

  it('fails missing mandatory parameters, listing all of them: MissingMandatoryParameter', () => {
    const error = failure('', typed);
    expect(error.errorId).toBe('MissingMandatoryParameter');
    expect(error.message).toBe('Cannot process command because of one or more missing mandatory parameters: Name Path.');
    expect(error.fullyQualifiedErrorId).toBe('MissingMandatoryParameter,Set-TestThing');
    expect(failure('-Name n', typed).message).toBe('Cannot process command because of one or more missing mandatory parameters: Path.');
    expect(given(bind(`n ${REQUIRED}`, typed))).toEqual({ Name: 'n', Path: 'p' });
  });
});

describe('conversion while binding', () => {
  it('fails a string for a hashtable parameter: CannotConvertArgumentNoMessage', () => {
    const error = failure('-Properties x');
    expect(error.errorId).toBe('CannotConvertArgumentNoMessage');
    expect(error.message).toBe(
      'Cannot bind parameter \'Properties\'. Cannot convert the "x" value of type "System.String" to type "System.Collections.Hashtable".',
    );
    expect(error.position).toMatchObject({ start: 21, end: 22 });
  });

  it('converts $false to a string parameter as False, and numbers as typed', () => {
    expect(given(bind('$false -RedirectUri $true'))).toEqual({ Scheme: 'False', RedirectUri: 'True' });
  });

  it('fails an int parameter given text with PowerShell detail', () => {
    expect(failure(`n abc ${REQUIRED}`, typed).message).toBe(
      'Cannot bind parameter \'Count\'. Cannot convert value "abc" to type "System.Int32". Error: "The input string \'abc\' was not in a correct format."',
    );
  });

  it('binds string[] from one value or a list, bool from booleans and numbers', () => {
    expect(given(bind(`n ${REQUIRED} -Tags one -Enabled 0`, typed))).toMatchObject({ Tags: ['one'], Enabled: false });
    expect(given(bind(`n ${REQUIRED} -Tags a,2,$true -Enabled:$true`, typed))).toMatchObject({ Tags: ['a', '2', 'True'], Enabled: true });
    expect(failure(`n ${REQUIRED} -Enabled yes`, typed).errorId).toBe('CannotConvertArgument');
  });
});

describe('sensitive parameters', () => {
  it('keep their values out of trace lines, error messages and error tokens', () => {
    const lines: string[] = [];
    const trace = (e: BindTraceEntry) => lines.push(...e.detail);
    const b = bindArguments(typed, elementsOf(`n ${REQUIRED} -Token ALPHA`), { trace });
    expect(b.values.Token).toBe('alpha');
    expect(lines.join('\n')).not.toMatch(/ALPHA|'alpha'/);
    expect(lines.join('\n')).toContain('Token = <sensitive>');
    lines.length = 0;
    const error = thrown(() => bindArguments(typed, elementsOf(`n ${REQUIRED} -Token hunter2`), { trace }));
    expect(error.errorId).toBe('ParameterArgumentValidationError');
    expect(error.message).not.toContain('hunter2');
    expect(error.message).toContain('The argument "***"');
    expect(error.token).toBeUndefined();
    expect(error.position).toBeDefined();
    expect(lines.join('\n')).not.toContain('hunter2');
  });
});

describe('stages and trace', () => {
  it('reports one entry per stage, in order, to options.trace and binding.trace', () => {
    const seen: BindTraceEntry[] = [];
    const b = bindArguments(signOut, elementsOf('-AuthKind oidc x -Redirect'), { trace: (e) => seen.push(e) });
    expect(b.trace.map((e) => e.stage)).toEqual(['named', 'positional', 'defaults', 'validate', 'mandatory']);
    expect(seen).toEqual(b.trace);
    expect(b.trace[0]).toEqual({ stage: 'named', bound: ['AuthKind', 'Redirect'], detail: ["-AuthKind -> AuthKind = 'oidc'", '-Redirect -> Redirect = $true'] });
    expect(b.trace[1]).toEqual({ stage: 'positional', bound: ['Scheme'], detail: ["position 0 -> Scheme = 'x'"] });
    expect(b.trace[2].bound).toEqual(['RedirectUri']);
    expect(b.trace[3]).toEqual({ stage: 'validate', bound: ['AuthKind'], detail: ["AuthKind: ValidateSet Cookies,OAuth2,Oidc ok ('oidc' -> 'Oidc')"] });
  });

  it('reports the failing stage before throwing', () => {
    const seen: BindTraceEntry[] = [];
    thrown(() => bindArguments(signOut, elementsOf('a b'), { trace: (e) => seen.push(e) }));
    expect(seen.map((e) => e.stage)).toEqual(['named', 'positional', 'defaults', 'validate']);
    expect(seen[3].detail[0]).toMatch(/^ERROR ParameterArgumentValidationError: /);
  });

  it('are plain functions over { unbound, bound } that compose to bindArguments', () => {
    let state: BindState = { unbound: elementsOf('-Redirect x oidc'), bound: new Map() };
    const [, named] = BIND_STAGES[0];
    const afterNamed = named(state, { command: signOut }).state;
    expect(afterNamed.unbound.map((e) => e.kind)).toEqual(['argument', 'argument']);
    expect([...afterNamed.bound.keys()]).toEqual(['Redirect']);
    for (const [, run] of BIND_STAGES) state = run(state, { command: signOut }).state;
    expect(Object.fromEntries([...state.bound].map(([k, v]) => [k, v.value]))).toEqual(bind('-Redirect x oidc').values);
  });
});
