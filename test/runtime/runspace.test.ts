// The runspace end to end with a recording host: parsing, binding, streams and
// preferences, ShouldProcess through a cmdlet, errors and exit codes, Get-Help/Get-Command.
import { createRunspace, RecordingHost, Cmdlet, KrError, Hashtable, type CommandDeclaration, type Runspace } from '../../src/index.js';
import { formatObjects } from '../../src/runtime/out-default.js';

class TestX extends Cmdlet {
  static override declaration: CommandDeclaration = {
    name: 'Test-X',
    synopsis: 'A test double of Invoke-KrCookieSignOut.',
    description: 'Signs out (pretend).',
    supportsShouldProcess: true,
    confirmImpact: 'Low',
    parameters: [
      { name: 'Scheme', type: 'string', position: 0, default: 'Cookies', help: 'Scheme.' },
      { name: 'AuthKind', type: 'string', position: 1, default: 'Cookies', validateSet: ['Cookies', 'OAuth2', 'Oidc'], help: 'Kind.' },
      { name: 'RedirectUri', type: 'string', position: 2, default: '/', help: 'Uri.' },
      { name: 'Properties', type: 'hashtable', position: 3, help: 'Items.' },
      { name: 'Redirect', type: 'switch', help: 'Redirect.' },
      { name: 'Secret', type: 'string', sensitive: true, help: 'A secret.' },
    ],
  };
  static performed: string[] = [];

  async invoke(): Promise<void> {
    const scheme = this.string('Scheme') ?? '';
    this.writeVerbose(`verbose ${scheme}`);
    this.writeDebug(`debug ${scheme}`);
    this.writeInformation(`info ${scheme}`);
    if (scheme === 'warn') this.writeWarning('careful');
    if (scheme === 'fail') await this.writeError(new KrError('SchemeFailed', 'the scheme failed', { category: 'InvalidOperation' }));
    if (scheme === 'throw') throw new KrError('Boom', 'terminating', { category: 'InvalidOperation' });
    if (scheme === 'bug') throw new Error('a bug');
    if (scheme === 'wait') await new Promise((_, reject) => this.context.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    if (!(await this.shouldProcess(scheme, 'SignOut'))) return;
    TestX.performed.push(scheme);
    this.writeObject({ Scheme: scheme, Redirect: this.switch('Redirect'), Bound: this.isBound('Scheme'), Props: this.hashtable('Properties')?.size ?? 0 });
  }
}

function setup(answers: string[] = [], env: Record<string, string> = {}, interactive = true): { rs: Runspace; host: RecordingHost } {
  const host = new RecordingHost({ answers, env, interactive });
  return { rs: createRunspace({ host, cmdlets: [TestX] }), host };
}

beforeEach(() => {
  TestX.performed = [];
});

describe('results and parameters', () => {
  test('a plain run: output, effective parameters, exit 0', async () => {
    const { rs } = setup();
    const r = await rs.invoke(['Test-X', 'Web']);
    expect(r.exitCode).toBe(0);
    expect(r.command).toBe('Test-X');
    expect(r.parameters).toEqual({ Scheme: 'Web', AuthKind: 'Cookies', RedirectUri: '/', Redirect: false, WhatIf: false, Confirm: false });
    expect(r.output).toEqual([{ Scheme: 'Web', Redirect: false, Bound: true, Props: 0 }]);
    expect(r.information).toEqual(['info Web']);
    expect(r.verbose).toEqual([]);
    expect(TestX.performed).toEqual(['Web']);
  });

  test('hashtables and switches; sensitive values never shown', async () => {
    const { rs } = setup();
    const r = await rs.invoke("Test-X -Properties @{ a = 1; 'b' = \"x\" } -Redirect -Secret 's3cr3t'");
    expect(r.parameters.Properties).toEqual({ a: 1, b: 'x' });
    expect(r.parameters.Redirect).toBe(true);
    expect(r.parameters.Secret).toBe('********');
    expect(JSON.stringify(r)).not.toContain('s3cr3t');
  });

  test('command names are case-insensitive; the result uses the canonical name', async () => {
    const { rs } = setup();
    const r = await rs.invoke('test-x -scheme A');
    expect(r.command).toBe('Test-X');
    expect(r.parameters.Scheme).toBe('A');
  });

  test('statements run in order; assignments set variables; a cmdlet\'s terminating error ends its statement, the script goes on, the exit code is the error\'s', async () => {
    const { rs } = setup();
    const r = await rs.invoke('$s = "one"\nTest-X $s\nTest-X throw\nTest-X three');
    // a cmdlet's terminating error ends its statement; the script goes on, as in PowerShell
    expect(TestX.performed).toEqual(['one', 'three']);
    expect(r.exitCode).toBe(1);
    expect(r.errors.map((e) => e.errorId)).toEqual(['Boom,Test-X']);
    expect(rs.getVariable('s')).toBe('one');
  });

  test('CommandNotFoundException for an unknown cmdlet, exit 2', async () => {
    const { rs, host } = setup();
    const r = await rs.invoke(['Get-Nothing', '-x']);
    expect(r.exitCode).toBe(2);
    expect(r.errors).toEqual([
      {
        errorId: 'CommandNotFoundException',
        category: 'ObjectNotFound',
        message: "The term 'Get-Nothing' is not recognized as a name of a cmdlet, function, script file, or executable program.",
      },
    ]);
    expect(host.linesOf('error')[0]).toMatch(/^Get-Nothing: The term/);
  });

  test('binding errors are exit 2 with the command in the FullyQualifiedErrorId', async () => {
    const { rs, host } = setup();
    const r = await rs.invoke(['Test-X', '-Nope', '1']);
    expect(r.exitCode).toBe(2);
    expect(r.errors[0].errorId).toBe('NamedParameterNotFound,Test-X');
    expect(host.linesOf('error')).toContain('    + FullyQualifiedErrorId : NamedParameterNotFound,Test-X');
    const v = await rs.invoke(['Test-X', '-AuthKind', 'Basic']);
    expect(v.errors[0].errorId).toBe('ParameterArgumentValidationError,Test-X');
    expect(v.exitCode).toBe(2);
  });

  test('an unexpected exception is a failure (exit 1), not a crash', async () => {
    const { rs } = setup();
    const r = await rs.invoke(['Test-X', 'bug']);
    expect(r.exitCode).toBe(1);
    expect(r.errors[0]).toMatchObject({ errorId: 'UnhandledException,Test-X', message: 'a bug' });
  });

  test('invokeCommand runs hand-bound parameters', async () => {
    const { rs } = setup();
    const r = await rs.invokeCommand('Test-X', { values: { Scheme: 'hand', Properties: Hashtable.from({ k: 'v' }) }, explicit: new Set(['Scheme']) });
    expect(r.output).toEqual([{ Scheme: 'hand', Redirect: false, Bound: true, Props: 1 }]);
  });

  test('an aborted signal stops the command with exit 130', async () => {
    const { rs } = setup();
    const controller = new AbortController();
    const running = rs.invoke(['Test-X', 'wait'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const r = await running;
    expect(r.exitCode).toBe(130);
    expect(r.errors[0].errorId).toBe('PipelineStopped,Test-X');
  });
});

describe('streams and preferences', () => {
  test('-Verbose shows verbose; $VerbosePreference does too; -Verbose:$false hides it again', async () => {
    const { rs, host } = setup();
    expect((await rs.invoke(['Test-X', 'a', '-Verbose'])).verbose).toEqual(['verbose a']);
    expect(host.linesOf('verbose')).toEqual(['verbose a']);
    rs.setVariable('VerbosePreference', 'Continue');
    expect((await rs.invoke(['Test-X', 'b'])).verbose).toEqual(['verbose b']);
    expect((await rs.invoke(['Test-X', 'c', '-Verbose:$false'])).verbose).toEqual([]);
  });

  test('KR_VERBOSE_PREFERENCE sets $VerbosePreference', async () => {
    const { rs } = setup([], { KR_VERBOSE_PREFERENCE: 'Continue' });
    expect((await rs.invoke(['Test-X', 'e'])).verbose).toEqual(['verbose e']);
  });

  test('-Debug shows debug lines and the binding trace', async () => {
    const { rs } = setup();
    const r = await rs.invoke(['Test-X', 'd', '-Debug']);
    expect(r.debug).toContain('debug d');
    expect(r.debug.some((l) => l.startsWith('BIND NAMED'))).toBe(true);
    expect(r.debug.some((l) => l.startsWith('BIND POSITIONAL'))).toBe(true);
    expect((await rs.invoke(['Test-X', 'd'])).debug).toEqual([]);
  });

  test('KR_TRACE_BINDING=1 prints the trace without -Debug', async () => {
    const { rs } = setup([], { KR_TRACE_BINDING: '1' });
    const r = await rs.invoke(['Test-X', 'd']);
    expect(r.debug.some((l) => l.startsWith('BIND '))).toBe(true);
    expect(r.debug).not.toContain('debug d');
  });

  test('warnings by default; -WarningAction SilentlyContinue hides; Stop stops', async () => {
    const { rs } = setup();
    expect((await rs.invoke(['Test-X', 'warn'])).warnings).toEqual(['careful']);
    expect((await rs.invoke(['Test-X', 'warn', '-WarningAction', 'SilentlyContinue'])).warnings).toEqual([]);
    const stop = await rs.invoke(['Test-X', 'warn', '-WarningAction', 'Stop']);
    expect(stop.exitCode).toBe(1);
    expect(stop.errors[0].errorId).toBe('ActionPreferenceStop,Test-X');
    expect(stop.output).toEqual([]);
  });

  test('information shows by default in kr; -InformationAction Ignore hides it', async () => {
    const { rs } = setup();
    expect((await rs.invoke(['Test-X', 'i', '-InformationAction', 'Ignore'])).information).toEqual([]);
    rs.setVariable('InformationPreference', 'SilentlyContinue');
    expect((await rs.invoke(['Test-X', 'i'])).information).toEqual([]);
  });

  test('a non-terminating error: shown, the command goes on, exit 1', async () => {
    const { rs, host } = setup();
    const r = await rs.invoke(['Test-X', 'fail']);
    expect(r.errors).toEqual([{ errorId: 'SchemeFailed,Test-X', category: 'InvalidOperation', message: 'the scheme failed' }]);
    expect(r.output).toHaveLength(1);
    expect(r.exitCode).toBe(1);
    expect(host.linesOf('error')[0]).toBe('Test-X: the scheme failed');
  });

  test('-ErrorAction Stop makes it terminating; SilentlyContinue and Ignore hide it', async () => {
    const { rs, host } = setup();
    const stop = await rs.invoke(['Test-X', 'fail', '-ErrorAction', 'Stop']);
    expect(stop.exitCode).toBe(1);
    expect(stop.output).toEqual([]);
    expect(stop.errors).toHaveLength(1);
    for (const action of ['SilentlyContinue', 'Ignore']) {
      host.lines.length = 0;
      const r = await rs.invoke(['Test-X', 'fail', '-ea', action]);
      expect(r.errors).toEqual([]);
      expect(r.exitCode).toBe(0);
      expect(r.output).toHaveLength(1);
      expect(host.linesOf('error')).toEqual([]);
    }
    rs.setVariable('ErrorActionPreference', 'Stop');
    expect((await rs.invoke(['Test-X', 'fail'])).output).toEqual([]);
  });

  test('-ErrorAction Inquire asks; Halt Command stops', async () => {
    const { rs, host } = setup(['h']);
    const r = await rs.invoke(['Test-X', 'fail', '-ErrorAction', 'Inquire']);
    expect(host.transcript[1]).toBe('the scheme failed');
    expect(host.transcript[2]).toBe('[Y] Yes  [A] Yes to All  [H] Halt Command  [S] Suspend  [?] Help (default is "Y"): h');
    expect(r.errors[0].errorId).toBe('ActionPreferenceStop,Test-X');
    host.answer('y');
    const goOn = await rs.invoke(['Test-X', 'fail', '-ErrorAction', 'Inquire']);
    expect(goOn.output).toHaveLength(1);
  });

  test('-ErrorVariable and -OutVariable store into variables', async () => {
    const { rs } = setup();
    await rs.invoke(['Test-X', 'fail', '-ErrorVariable', 'errs', '-OutVariable', 'out']);
    // PowerShell's -ErrorVariable holds ErrorRecords
    expect((rs.getVariable('errs') as { Exception: { Message: string } }[]).map((e) => e.Exception.Message)).toEqual(['the scheme failed']);
    expect(rs.getVariable('out')).toHaveLength(1);
  });

  test('a wrong preference value assigned in a script is exit 2', async () => {
    const { rs } = setup();
    const r = await rs.invoke('$ConfirmPreference = "Sometimes"');
    expect(r.exitCode).toBe(2);
    expect(r.errors[0].errorId).toBe('InvalidPreferenceValue');
  });

  test('a wrong KR_CONFIRM_PREFERENCE is a clear error, exit 2', () => {
    expect(() => setup([], { KR_CONFIRM_PREFERENCE: 'Often' })).toThrow(expect.objectContaining({ errorId: 'InvalidPreferenceValue', exitCode: 2 }));
  });
});

describe('ShouldProcess through a cmdlet', () => {
  test('-WhatIf: What if line, nothing performed, exit 0', async () => {
    const { rs, host } = setup();
    const r = await rs.invoke(['Test-X', '-WhatIf']);
    expect(r.whatIf).toEqual(['What if: Performing the operation "SignOut" on target "Cookies".']);
    expect(host.linesOf('whatif')).toEqual(r.whatIf);
    expect(TestX.performed).toEqual([]);
    expect(r.exitCode).toBe(0);
  });

  test('$WhatIfPreference and -WhatIf:$false', async () => {
    const { rs } = setup();
    const r = await rs.invoke('$WhatIfPreference = $true; Test-X a; Test-X b -WhatIf:$false');
    expect(r.whatIf).toEqual(['What if: Performing the operation "SignOut" on target "a".']);
    expect(TestX.performed).toEqual(['b']);
  });

  test('-Confirm answered Y performs, N skips with exit 0', async () => {
    const { rs } = setup(['y', 'n']);
    expect((await rs.invoke(['Test-X', 'one', '-Confirm'])).exitCode).toBe(0);
    const no = await rs.invoke(['Test-X', 'two', '-Confirm']);
    expect(no.exitCode).toBe(0);
    expect(no.output).toEqual([]);
    expect(TestX.performed).toEqual(['one']);
  });

  test('$ConfirmPreference = Low prompts; -Confirm:$false does not', async () => {
    const { rs, host } = setup(['y']);
    await rs.invoke('$ConfirmPreference = "Low"; Test-X p; Test-X q -Confirm:$false');
    expect(host.prompts).toHaveLength(1);
    expect(TestX.performed).toEqual(['p', 'q']);
  });

  test('Suspend is refused with a note and the prompt comes back', async () => {
    const { rs } = setup(['s', 'y']);
    const r = await rs.invoke(['Test-X', 'z', '-Confirm']);
    expect(r.warnings).toEqual(['Suspend is not supported: kr has no nested prompt. Answer Y, A, N or L.']);
    expect(TestX.performed).toEqual(['z']);
  });

  test('-Confirm on a non-interactive host: HostNonInteractive, exit 3', async () => {
    const { rs } = setup([], {}, false);
    const r = await rs.invoke(['Test-X', '-Confirm']);
    expect(r.exitCode).toBe(3);
    expect(r.errors[0]).toMatchObject({
      errorId: 'HostNonInteractive,Test-X',
      message: 'kr is in NonInteractive mode. Read and Prompt functionality is not available.',
    });
    expect(TestX.performed).toEqual([]);
  });
});

describe('Get-Help and Get-Command', () => {
  test('Get-Help Test-X renders the page with the syntax line', async () => {
    const { rs } = setup();
    const r = await rs.invoke('Get-Help Test-X');
    expect(r.exitCode).toBe(0);
    expect(r.output[0]).toContain(
      'SYNTAX\n    Test-X [[-Scheme] <string>] [[-AuthKind] {Cookies | OAuth2 | Oidc}] [[-RedirectUri] <string>] [[-Properties] <hashtable>] [-Redirect] [-Secret <string>] [-WhatIf] [-Confirm] [<CommonParameters>]',
    );
    expect((await rs.invoke('Get-Help Test-X -Full')).output[0]).toContain('PARAMETERS');
    expect((await rs.invoke('Get-Help Test-X -Parameter Scheme')).output[0]).toContain('-Scheme <string>');
  });

  test('Get-Help without a name shows the overview; an unknown name is HelpNotFound', async () => {
    const { rs } = setup();
    expect((await rs.invoke('Get-Help')).output[0]).toContain('Test-X');
    const missing = await rs.invoke('Get-Help Nope-Nope');
    expect(missing.exitCode).toBe(1);
    expect(missing.errors[0].errorId).toBe('HelpNotFound,Get-Help');
    const both = await rs.invoke('Get-Help Test-X -Full -Examples');
    expect(both.exitCode).toBe(2);
  });

  test('Get-Command lists name, synopsis and syntax; wildcards; -Syntax', async () => {
    const { rs } = setup();
    const all = await rs.invoke('Get-Command');
    expect(all.output.map((o) => (o as { name: string }).name)).toEqual(expect.arrayContaining(['Get-Command', 'Get-Help', 'Invoke-KrCookieSignOut', 'Test-X', 'Where-Object']));
    expect(all.output.find((o) => (o as { name: string }).name === 'Test-X')).toMatchObject({ name: 'Test-X', synopsis: 'A test double of Invoke-KrCookieSignOut.', syntax: expect.stringMatching(/^Test-X \[\[-Scheme\]/) });
    expect((await rs.invoke("Get-Command 'Get-*'")).output.map((o) => (o as { name: string }).name)).toEqual(['Get-Command', 'Get-Content', 'Get-Date', 'Get-Help', 'Get-KrCookie', 'Get-Member', 'Get-Variable']);
    expect((await rs.invoke('Get-Command -Name Get-Help -Syntax')).output).toEqual([
      'Get-Help [[-Name] <string>] [-Full] [-Examples] [-Parameter <string>] [<CommonParameters>]',
    ]);
    expect((await rs.invoke("Get-Command 'Zz*'")).output).toEqual([]);
    const missing = await rs.invoke('Get-Command Nope');
    expect(missing.exitCode).toBe(1);
    expect(missing.errors[0].errorId).toBe('CommandNotFoundException,Get-Command');
  });

  test('--json Get-Command is the definitions dump: every parameter as the binder declares it, hidden ones left out', async () => {
    const { rs } = setup();
    const [info] = (await rs.invoke('Get-Command Invoke-KrCookieSignOut')).output.map((o) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>);
    expect(info).toMatchObject({ name: 'Invoke-KrCookieSignOut', aliases: [], supportsShouldProcess: true, confirmImpact: 'Low' });
    const parameters = info.parameters as { name: string; origin: string }[];
    const byName = new Map(parameters.map((p) => [p.name, p]));
    expect(byName.get('AuthKind')).toEqual({
      name: 'AuthKind',
      type: 'string',
      dotNetType: 'System.String',
      position: 1,
      aliases: [],
      mandatory: false,
      default: 'Cookies',
      validateSet: ['Cookies', 'OAuth2', 'Oidc'],
      validateRange: null,
      origin: 'declared',
      sensitive: false,
      help: expect.stringContaining("Authentication kind: 'Cookies' (default)"),
    });
    expect(byName.get('OutBuffer')).toMatchObject({ aliases: ['ob'], validateRange: [0, 2147483647], origin: 'common' });
    expect(byName.get('WhatIf')).toMatchObject({ type: 'switch', aliases: ['wi'], origin: 'shouldProcess' });
    expect(byName.has('OidcScheme')).toBe(false);
    expect(parameters.filter((p) => p.origin === 'declared').map((p) => p.name)).toEqual(['Scheme', 'AuthKind', 'Redirect', 'RedirectUri', 'Properties', 'Url', 'Jar', 'Verify', 'ServerLogout', 'OutJar']);
  });

  test("a person sees Get-Command's objects as PowerShell's table: one header, a Name column as wide as the longest", async () => {
    const { rs } = setup();
    const shown = formatObjects((await rs.invoke("Get-Command 'Get-*'")).output);
    expect(shown).toEqual([
      '',
      'CommandType Name         Synopsis',
      '----------- ----         --------',
      'Cmdlet      Get-Command  Gets the kr commands.',
      'Cmdlet      Get-Content  Gets the content of the item at the specified location.',
      'Cmdlet      Get-Date     Gets the current date and time.',
      'Cmdlet      Get-Help     Displays information about kr commands.',
      'Cmdlet      Get-KrCookie Gets the cookies of a cookie jar, without their values.',
      'Cmdlet      Get-Member   Gets the properties of objects.',
      'Cmdlet      Get-Variable Gets the variables in the current console.',
      '',
    ]);
    // each call is its own table, sized to its own rows; a script function is a Function
    expect(formatObjects((await rs.invoke('Get-Command Test-X')).output).slice(0, 2)).toEqual(['', 'CommandType Name   Synopsis']);
    await rs.invoke('function Get-Zz { }');
    expect(formatObjects((await rs.invoke('Get-Command Get-Zz')).output)).toEqual(['', 'CommandType Name   Synopsis', '----------- ----   --------', 'Function    Get-Zz', '']);
  });
});

describe('exit', () => {
  test("converts its value as PowerShell's [int] does, with the binder's conversion", async () => {
    const { rs } = setup();
    const codes = [];
    for (const text of ['exit 2.5', 'exit 3.5', "exit '0x10'", 'exit $true', 'exit $null', "exit ' 7 '"]) codes.push((await rs.invoke(text)).exitCode);
    expect(codes).toEqual([2, 4, 16, 1, 0, 7]);
  });

  test('a value that is no Int32 is InvalidCastFromStringToInteger, exit 1', async () => {
    const { rs } = setup();
    const big = await rs.invoke('exit 3000000000');
    expect(big).toMatchObject({ exitCode: 1, errors: [{ errorId: 'InvalidCastFromStringToInteger', message: 'Cannot convert value "3000000000" to type "System.Int32". Error: "Value was either too large or too small for an Int32."' }] });
    const list = await rs.invoke('exit 1, 2');
    expect(list.errors[0].message).toBe('Cannot convert value "1 2" to type "System.Int32". Error: "The input string \'1 2\' was not in a correct format."');
  });
});

describe("kr's own cmdlets are registered unchecked at start (their metadata resolves on first use)", () => {
  test('every built-in declaration resolves: no parameter name or alias declared twice', async () => {
    const { builtinCmdlets } = await import('../../src/index.js');
    const { resolveMetadata } = await import('../../src/params/metadata.js');
    for (const c of builtinCmdlets) expect(() => resolveMetadata(c.declaration)).not.toThrow();
  });

  test("an embedder's cmdlet is checked when registered", async () => {
    const { createRunspace, Cmdlet } = await import('../../src/index.js');
    class Twice extends Cmdlet {
      static override declaration = { name: 'Get-Twice', synopsis: 's', description: 'd', parameters: [{ name: 'A', type: 'string' as const, help: 'a' }, { name: 'B', type: 'string' as const, aliases: ['a'], help: 'b' }] };
      async invoke(): Promise<void> {}
    }
    expect(() => createRunspace({ cmdlets: [Twice] })).toThrow(/'a' is declared twice/);
  });
});

describe('the core cmdlets are a lazy tier', () => {
  test("a lookup of kr's own cmdlet leaves them unread; a name not found among kr's own, or a listing, registers them", async () => {
    const { createRunspace } = await import('../../src/index.js');
    const rs = createRunspace();
    const pending = () => (rs as unknown as { lazyTier?: unknown[] }).lazyTier;
    expect(rs.getCommand('Invoke-KrCookieSignOut')?.declaration.name).toBe('Invoke-KrCookieSignOut');
    expect(pending()?.length).toBeGreaterThan(30);
    expect(rs.getCommand('?')?.declaration.name).toBe('Where-Object');
    expect(pending()).toBeUndefined();
    const listed = createRunspace().commands().map((c) => c.declaration.name);
    expect(listed).toEqual(expect.arrayContaining(['Where-Object', 'Invoke-KrCookieSignOut', 'Format-Table']));
    expect(createRunspace().getCommand('No-SuchCommand')).toBeUndefined();
  });

  test('a script function named like a core cmdlet shadows it (function before cmdlet, as in PowerShell)', async () => {
    const { createRunspace } = await import('../../src/index.js');
    const ran = await createRunspace().invoke("function Get-Date { 'mine' }; Get-Date");
    expect(ran.output).toEqual(['mine']);
  });
});
