// Acceptance: REFERENCE.md §1 (the cmdlet's signature, defaults, WhatIf text) and §2
// (PowerShell binding, values, error ids and texts, common parameters, ShouldProcess,
// Get-Help) checked from the outside: the embedding API in argv and script-text mode,
// and the built `kr` executable (`--json`, `-c`, exit codes, env preferences).
// Every sign-out here is -WhatIf or answered No, or runs against an empty jar in a temp dir.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cmdlet, RecordingHost, createRunspace, type CommandDeclaration, type InvocationResult } from '../../src/index.js';
import { ensureBuilt, krBin, root } from '../shell/kr-process.js';

const CMD = 'Invoke-KrCookieSignOut';
const FQ = (id: string) => `${id},${CMD}`;
const WHATIF = (target: string) => `What if: Performing the operation "SignOut" on target "${target}".`;
const DEFAULTS = { Scheme: 'Cookies', AuthKind: 'Cookies', RedirectUri: '/', Redirect: false };

let dir: string;
let jar: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kr-acceptance-'));
  jar = join(dir, 'cookies.txt');
  // an empty jar that exists: a --jar that does not is JarNotFound
  writeFileSync(jar, '');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runspace(host = new RecordingHost({ interactive: false }), env: Record<string, string> = {}) {
  return createRunspace({ host, env, settings: { jar, url: 'http://127.0.0.1/' } });
}

/** Runs one command line both ways: argv words, and the same words as script text. */
async function both(argv: readonly string[], text = argv.join(' ')): Promise<[InvocationResult, InvocationResult]> {
  const a = await runspace().invoke([CMD, ...argv]);
  const t = await runspace().invoke(`${CMD} ${text}`);
  return [a, t];
}

async function bound(argv: readonly string[], text?: string): Promise<Record<string, unknown>> {
  const [a, t] = await both(argv, text);
  expect(a.errors).toEqual([]);
  expect(t.errors).toEqual([]);
  expect(t.parameters).toEqual(a.parameters);
  return a.parameters;
}

async function failure(argv: readonly string[], text?: string): Promise<{ errorId: string; category: string; message: string; exitCode: number }> {
  const [a, t] = await both(argv, text);
  expect(a.errors).toHaveLength(1);
  expect(t.errors).toEqual(a.errors);
  expect(t.exitCode).toBe(a.exitCode);
  return { ...a.errors[0], exitCode: a.exitCode };
}

describe('§1 signature and defaults', () => {
  it('binds the defaults and prints the WhatIf text on the Scheme target', async () => {
    const [a, t] = await both(['-WhatIf']);
    for (const r of [a, t]) {
      expect(r.parameters).toMatchObject({ ...DEFAULTS, WhatIf: true });
      expect(r.whatIf).toEqual([WHATIF('Cookies')]);
      expect(r.exitCode).toBe(0);
    }
  });

  it('takes Scheme, AuthKind, RedirectUri, Properties by position 0..3; Redirect is named only', async () => {
    expect(await bound(['s', 'COOKIES', '/bye', '@{a=1}', '-WhatIf'])).toMatchObject({
      Scheme: 's',
      AuthKind: 'Cookies',
      RedirectUri: '/bye',
      Properties: { a: 1 },
    });
    const extra = await failure(['s', 'Cookies', '/', '@{}', 'x']);
    expect(extra).toMatchObject({ errorId: FQ('PositionalParameterNotFound'), category: 'InvalidArgument', exitCode: 2 });
    expect(extra.message).toBe("A positional parameter cannot be found that accepts argument 'x'.");
  });

  it('validates AuthKind case-insensitively against Cookies,OAuth2,Oidc', async () => {
    expect((await bound(['-AuthKind', 'OAUTH2', '-WhatIf'])).AuthKind).toBe('OAuth2');
    const bad = await failure(['-AuthKind', 'Saml']);
    expect(bad).toMatchObject({ errorId: FQ('ParameterArgumentValidationError'), category: 'InvalidData', exitCode: 2 });
    expect(bad.message).toBe(
      'Cannot validate argument on parameter \'AuthKind\'. The argument "Saml" does not belong to the set "Cookies,OAuth2,Oidc" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.',
    );
  });

  it('refuses a string for the hashtable -Properties', async () => {
    const bad = await failure(['-Properties', 'x']);
    expect(bad).toMatchObject({ errorId: FQ('CannotConvertArgumentNoMessage'), exitCode: 2 });
    expect(bad.message).toBe(
      'Cannot bind parameter \'Properties\'. Cannot convert the "x" value of type "System.String" to type "System.Collections.Hashtable".',
    );
  });
});

describe('§2 name matching', () => {
  it('is case-insensitive, takes unique prefixes and aliases', async () => {
    expect(await bound(['-sCHEME', 'a', '-auth', 'cookies', '-WhatIf'])).toMatchObject({ Scheme: 'a', AuthKind: 'Cookies' });
    const aliases: [string, string, unknown][] = [
      ['-vb', 'Verbose', true],
      ['-db', 'Debug', true],
      ['-ea Stop', 'ErrorAction', 'Stop'],
      ['-wa Ignore', 'WarningAction', 'Ignore'],
      ['-infa Continue', 'InformationAction', 'Continue'],
      ['-proga SilentlyContinue', 'ProgressAction', 'SilentlyContinue'],
      ['-ev e', 'ErrorVariable', 'e'],
      ['-wv w', 'WarningVariable', 'w'],
      ['-iv i', 'InformationVariable', 'i'],
      ['-ov o', 'OutVariable', 'o'],
      ['-ob 3', 'OutBuffer', 3],
      ['-pv p', 'PipelineVariable', 'p'],
      ['-cf:$false', 'Confirm', false],
      ['-Verb', 'Verbose', true],
      ['-ErrorA Stop', 'ErrorAction', 'Stop'],
    ];
    for (const [words, name, value] of aliases) {
      expect([words, (await bound([...words.split(' '), '-WhatIf']))[name]]).toEqual([words, value]);
    }
    expect((await bound(['-wi'])).WhatIf).toBe(true);
  });

  it('prefers a single declared parameter over common ones; otherwise AmbiguousParameter', async () => {
    expect((await bound(['-P', '@{}', '-WhatIf'])).Properties).toEqual({});
    const r = await failure(['-R', 'x']);
    expect(r).toMatchObject({ errorId: FQ('AmbiguousParameter'), category: 'InvalidArgument', exitCode: 2 });
    expect(r.message).toBe("Parameter cannot be processed because the parameter name 'R' is ambiguous. Possible matches include: -Redirect -RedirectUri.");
    expect((await failure(['-W'])).message).toBe(
      "Parameter cannot be processed because the parameter name 'W' is ambiguous. Possible matches include: -WarningAction -WarningVariable -WhatIf.",
    );
    expect((await failure(['-Inf', 'Stop'])).message).toBe(
      "Parameter cannot be processed because the parameter name 'Inf' is ambiguous. Possible matches include: -InformationAction -InformationVariable.",
    );
  });

  it('names an unknown parameter: NamedParameterNotFound', async () => {
    const r = await failure(['-Name', 'x']);
    expect(r).toMatchObject({ errorId: FQ('NamedParameterNotFound'), category: 'InvalidArgument', exitCode: 2 });
    expect(r.message).toBe("A parameter cannot be found that matches parameter name 'Name'.");
    expect((await failure(['-Name:', 'x'])).message).toBe("A parameter cannot be found that matches parameter name 'Name'.");
  });
});

describe('§2 tokens', () => {
  it('-Name:value, -Name: value, and -Name:-dash', async () => {
    expect((await bound(['-Scheme:x', '-WhatIf'])).Scheme).toBe('x');
    expect((await bound(['-Scheme:', 'x', '-WhatIf'])).Scheme).toBe('x');
    expect((await bound(['-Scheme:-AuthKind', '-WhatIf'])).Scheme).toBe('-AuthKind');
  });

  it('switches never take the next token; :$false and :0 turn them off, :1 and :$true on', async () => {
    expect(await bound(['-Redirect', '$false', '-WhatIf'])).toMatchObject({ Redirect: true, Scheme: 'False' });
    for (const [word, on] of [['-Redirect:$false', false], ['-Redirect:0', false], ['-Redirect:1', true], ['-Redirect:$true', true]] as const) {
      expect([word, (await bound([word, '-WhatIf'])).Redirect]).toEqual([word, on]);
    }
    expect((await bound(['-WhatIf:$false'])).WhatIf).toBe(false);
  });

  it('a dash-token that is no parameter is a value; a real parameter is MissingArgument', async () => {
    expect((await bound(['-Scheme', '-abc', '-WhatIf'])).Scheme).toBe('-abc');
    const r = await failure(['-Scheme', '-AuthKind', 'Oidc']);
    expect(r).toMatchObject({ errorId: FQ('MissingArgument'), category: 'InvalidArgument', exitCode: 2 });
    expect(r.message).toBe("Missing an argument for parameter 'Scheme'. Specify a parameter of type 'System.String' and try again.");
    expect((await failure(['-Properties'])).message).toBe(
      "Missing an argument for parameter 'Properties'. Specify a parameter of type 'System.Collections.Hashtable' and try again.",
    );
  });

  it('-- ends parameters; -5 is a value', async () => {
    expect((await bound(['-WhatIf', '--', '-Scheme'])).Scheme).toBe('-Scheme');
    expect((await bound(['-5', '-WhatIf'])).Scheme).toBe('-5');
    expect((await bound(['-Scheme', '-5', '-WhatIf'])).Scheme).toBe('-5');
  });

  it('a parameter given twice: ParameterAlreadyBound', async () => {
    const r = await failure(['-Scheme', 'a', '-sch', 'b']);
    expect(r).toMatchObject({ errorId: FQ('ParameterAlreadyBound'), exitCode: 2 });
    expect(r.message).toBe(
      'Cannot bind parameter because parameter \'Scheme\' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, "-parameter value1,value2,value3".',
    );
  });
});

describe('§2 values', () => {
  it("'single' with '' escapes; \"double\" with backtick escapes and $var expansion", async () => {
    expect((await bound(["'it''s'", '-WhatIf'])).Scheme).toBe("it's");
    expect((await bound(['"a`tb`nc`0d`e`u{1F600}`q"', '-WhatIf'])).Scheme).toBe('a\tb\nc\0d\x1b\u{1F600}q');
    const rs = runspace();
    await rs.invoke("$s = 'oidc'");
    expect((await rs.invoke(`${CMD} "x-$s" -WhatIf`)).parameters.Scheme).toBe('x-oidc');
  });

  it('numbers keep their typed text for a string parameter and convert for an int', async () => {
    expect(await bound(['0x10', '-ob', '0x10', '-WhatIf'])).toMatchObject({ Scheme: '0x10', OutBuffer: 16 });
    expect((await bound(['1kb', '-WhatIf'])).Scheme).toBe('1kb');
    expect((await bound(['-ob', '1kb', '-WhatIf'])).OutBuffer).toBe(1024);
  });

  it('hashtables: empty, nested, ; or newline separated; duplicate keys are an error', async () => {
    expect((await bound(['-Properties', '@{}', '-WhatIf'])).Properties).toEqual({});
    expect((await bound(['-Properties', "@{ a = @{ b = 1 }; 'k2' = \"v2\" }", '-WhatIf'])).Properties).toEqual({ a: { b: 1 }, k2: 'v2' });
    const r = await runspace().invoke(`${CMD} -Properties @{\n  a = 1\n  'b' = "x"\n} -WhatIf`);
    expect(r.errors).toEqual([]);
    expect(r.parameters.Properties).toEqual({ a: 1, b: 'x' });
    const dup = await failure(['-Properties', '@{a=1;A=2}']);
    expect(dup).toMatchObject({ errorId: 'DuplicateKeyInHashLiteral', category: 'ParserError', exitCode: 2 });
    expect(dup.message).toBe("Duplicate keys 'A' are not allowed in hash literals.");
    expect((await failure(['-Properties', '@{a}'])).message).toBe("Missing '=' operator after key in hash literal.");
    // argv mode keeps an element that is no complete expression as its own text; script text fails.
    expect((await runspace().invoke(`${CMD} 'abc -WhatIf`)).errors).toEqual([
      { errorId: 'TerminatorExpectedAtEndOfString', category: 'ParserError', message: "The string is missing the terminator: '." },
    ]);
  });

  it('# starts a comment only at a token start', async () => {
    expect((await bound(['a#b', '-WhatIf'])).Scheme).toBe('a#b');
    const r = await runspace().invoke(`${CMD} -WhatIf # x y z`);
    expect(r.errors).toEqual([]);
    expect(r.parameters.Scheme).toBe('Cookies');
  });
});

describe('§2 common parameters', () => {
  it('OutBuffer is ValidateRange 0..Int32.Max', async () => {
    expect((await bound(['-OutBuffer', '2147483647', '-WhatIf'])).OutBuffer).toBe(2147483647);
    const low = await failure(['-OutBuffer', '-1']);
    expect(low).toMatchObject({ errorId: FQ('ParameterArgumentValidationError'), category: 'InvalidData', exitCode: 2 });
    expect(low.message).toBe(
      "Cannot validate argument on parameter 'OutBuffer'. The -1 argument is less than the minimum allowed range of 0. Supply an argument that is greater than or equal to 0 and then try the command again.",
    );
  });

  it('ActionPreference names in any case; Suspend is reserved', async () => {
    for (const name of ['SilentlyContinue', 'Stop', 'Continue', 'Inquire', 'Ignore', 'Break']) {
      expect((await bound(['-ErrorAction', name.toUpperCase(), '-WhatIf'])).ErrorAction).toBe(name);
    }
    const r = await failure(['-ea', 'suspend']);
    expect(r).toMatchObject({ errorId: FQ('ParameterBindingFailed'), exitCode: 2 });
    expect(r.message).toContain('The Suspend ActionPreference value is reserved for future use and is not supported at this time.');
  });
});

describe('§2 ShouldProcess', () => {
  it('WhatIf wins over Confirm: no prompt, the WhatIf line', async () => {
    const host = new RecordingHost({ answers: [] });
    const r = await runspace(host).invoke([CMD, '-WhatIf', '-Confirm']);
    expect(r.whatIf).toEqual([WHATIF('Cookies')]);
    expect(host.prompts).toEqual([]);
    expect(r.exitCode).toBe(0);
  });

  it('$WhatIfPreference and $ConfirmPreference, by assignment and by env', async () => {
    const a = await runspace().invoke(`$WhatIfPreference = $true; ${CMD} -Scheme s`);
    expect(a.whatIf).toEqual([WHATIF('s')]);
    const b = await runspace(undefined, { KR_WHATIF_PREFERENCE: 'true' }).invoke([CMD]);
    expect(b.whatIf).toEqual([WHATIF('Cookies')]);
    const off = await runspace(undefined, { KR_WHATIF_PREFERENCE: 'true' }).invoke([CMD, '-WhatIf:$false']);
    expect(off.whatIf).toEqual([]);
    // Low threshold: ConfirmImpact Low asks; the host cannot: exit 3.
    for (const r of [
      await runspace().invoke(`$ConfirmPreference = 'Low'; ${CMD}`),
      await runspace(undefined, { KR_CONFIRM_PREFERENCE: 'low' }).invoke([CMD]),
      await runspace().invoke([CMD, '-Confirm']),
    ]) {
      expect(r.exitCode).toBe(3);
      expect(r.errors.map((e) => e.message)).toEqual(['kr is in NonInteractive mode. Read and Prompt functionality is not available.']);
    }
    // Medium or High threshold (the default) above Low: no prompt; -Confirm:$false never asks.
    expect((await runspace(undefined, { KR_CONFIRM_PREFERENCE: 'Medium' }).invoke([CMD])).exitCode).toBe(0);
    expect((await runspace(undefined, { KR_CONFIRM_PREFERENCE: 'Low' }).invoke([CMD, '-Confirm:$false'])).exitCode).toBe(0);
    expect((await runspace().invoke([CMD])).exitCode).toBe(0);
  });

  it('prompts with PowerShell caption, text, choices and help; No skips without error', async () => {
    const host = new RecordingHost({ answers: ['?', 'n'] });
    const r = await runspace(host).invoke([CMD, '-Confirm']);
    expect(r.exitCode).toBe(0);
    expect(r.errors).toEqual([]);
    expect(host.transcript).toEqual([
      'Confirm',
      'Are you sure you want to perform this action?',
      'Performing the operation "SignOut" on target "Cookies".',
      '[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): ?',
      'Y - Continue with only the next step of the operation.',
      'A - Continue with all the steps of the operation.',
      'N - Skip this operation and proceed with the next operation.',
      'L - Skip this operation and all subsequent operations.',
      'S - Pause the current pipeline and return to the command prompt. Type "exit" to resume the pipeline.',
      '[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): n',
    ]);
  });
});

class ThreeSteps extends Cmdlet {
  static override declaration: CommandDeclaration = {
    name: 'Invoke-ThreeSteps',
    synopsis: 's',
    description: 'd',
    supportsShouldProcess: true,
    confirmImpact: 'High',
    parameters: [
      { name: 'Name', type: 'string', position: 0, mandatory: true, help: 'h' },
      { name: 'Tags', type: 'string[]', mandatory: true, help: 'h' },
    ],
  };
  async invoke(): Promise<void> {
    for (const step of ['one', 'two', 'three']) if (await this.shouldProcess(step, 'Step')) this.writeObject(step);
  }
}

describe('§2 mandatory parameters and Yes/No to All (an embedder\'s cmdlet)', () => {
  const steps = (host = new RecordingHost({ interactive: false })) => createRunspace({ host, cmdlets: [ThreeSteps] });

  it('MissingMandatoryParameter lists every missing one; $null, empty string and @() are refused', async () => {
    const missing = await steps().invoke(['Invoke-ThreeSteps']);
    expect(missing.errors).toEqual([
      {
        errorId: 'MissingMandatoryParameter,Invoke-ThreeSteps',
        category: 'InvalidArgument',
        message: 'Cannot process command because of one or more missing mandatory parameters: Name Tags.',
      },
    ]);
    expect(missing.exitCode).toBe(2);
    const cases: [string, string, string][] = [
      ["Invoke-ThreeSteps -Name $null -Tags a", 'ParameterArgumentValidationErrorNullNotAllowed', "Cannot bind argument to parameter 'Name' because it is null."],
      ["Invoke-ThreeSteps '' -Tags a", 'ParameterArgumentValidationErrorEmptyStringNotAllowed', "Cannot bind argument to parameter 'Name' because it is an empty string."],
      ["Invoke-ThreeSteps x -Tags a,''", 'ParameterArgumentValidationErrorEmptyStringNotAllowed', "Cannot bind argument to parameter 'Tags' because it is an empty string."],
      ['Invoke-ThreeSteps x -Tags @()', 'ParameterArgumentValidationErrorEmptyArrayNotAllowed', "Cannot bind argument to parameter 'Tags' because it is an empty array."],
    ];
    for (const [line, id, message] of cases) {
      const r = await steps().invoke(line);
      expect([line, r.errors, r.exitCode]).toEqual([line, [{ errorId: `${id},Invoke-ThreeSteps`, category: 'InvalidData', message }], 2]);
    }
  });

  it('Yes to All and No to All answer the later steps; N skips one; an empty answer is the default Y', async () => {
    const run = async (answers: string[]) => {
      const host = new RecordingHost({ answers });
      const r = await steps(host).invoke('Invoke-ThreeSteps x -Tags a');
      return { output: r.output, prompts: host.prompts.length, exitCode: r.exitCode, pending: host.pendingAnswers.length };
    };
    expect(await run(['a'])).toEqual({ output: ['one', 'two', 'three'], prompts: 1, exitCode: 0, pending: 0 });
    expect(await run(['l'])).toEqual({ output: [], prompts: 1, exitCode: 0, pending: 0 });
    expect(await run(['n', '', 'Y'])).toEqual({ output: ['two', 'three'], prompts: 3, exitCode: 0, pending: 0 });
    expect(await run(['y', 'L'])).toEqual({ output: ['one'], prompts: 2, exitCode: 0, pending: 0 });
  });
});

describe('§2 Get-Help', () => {
  it('default and -Full sections in order, bodies indented 4, the syntax line', async () => {
    const host = new RecordingHost();
    const full = await runspace(host).invoke(['Get-Help', CMD, '-Full']);
    expect(full.exitCode).toBe(0);
    const text = full.output.join('\n');
    const headings = text.split('\n').filter((l) => /^[A-Z]/.test(l));
    expect(headings).toEqual(['NAME', 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'EXAMPLES', 'RELATED LINKS']);
    for (const line of text.split('\n')) if (line !== '' && !/^[A-Z]/.test(line)) expect(line).toMatch(/^ {4}/);
    expect(text).toContain(
      `SYNTAX\n    ${CMD} [[-Scheme] <string>] [[-AuthKind] {Cookies | OAuth2 | Oidc}] [[-RedirectUri] <string>] [[-Properties] <hashtable>] [-Redirect] [-Url <string>] [-Jar <string>] [-Verify] [-ServerLogout] [-OutJar <string>] [-WhatIf] [-Confirm] [<CommonParameters>]\n`,
    );
    const brief = (await runspace().invoke(['Get-Help', CMD])).output.join('\n');
    expect(brief.split('\n').filter((l) => /^[A-Z]/.test(l))).toEqual(['NAME', 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'RELATED LINKS', 'REMARKS']);
  });
});

describe('the kr executable', () => {
  beforeAll(() => ensureBuilt());

  const kr = (args: readonly string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [krBin, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: dir, KR_COOKIE_JAR: jar, NO_COLOR: '1', ...env },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('--json in argv and -c mode: parameters, errors as Id,Command, exit codes', () => {
    const ok = JSON.parse(kr(['--json', CMD, '-Redirect:0', '-WhatIf']).stdout);
    expect(ok).toMatchObject({ command: CMD, parameters: { ...DEFAULTS, WhatIf: true }, whatIf: [WHATIF('Cookies')], exitCode: 0 });
    const viaC = kr(['--json', '-c', `${CMD} -Scheme: 'it''s' -WhatIf`]);
    expect(JSON.parse(viaC.stdout)).toMatchObject({ parameters: { Scheme: "it's" }, whatIf: [WHATIF("it's")] });
    const bad = kr(['--json', CMD, '-R', 'x']);
    expect(bad.status).toBe(2);
    expect(JSON.parse(bad.stdout).errors).toEqual([
      {
        errorId: FQ('AmbiguousParameter'),
        category: 'InvalidArgument',
        message: "Parameter cannot be processed because the parameter name 'R' is ambiguous. Possible matches include: -Redirect -RedirectUri.",
      },
    ]);
    const unknown = kr(['--json', 'Get-Nothing']);
    expect(unknown.status).toBe(2);
    expect(JSON.parse(unknown.stdout).errors[0]).toMatchObject({
      errorId: 'CommandNotFoundException',
      message: "The term 'Get-Nothing' is not recognized as a name of a cmdlet, function, script file, or executable program.",
    });
  });

  it('a needed confirmation without a terminal: exit 3 and the NonInteractive text', () => {
    const r = kr(['--json', CMD], { KR_CONFIRM_PREFERENCE: 'Low' });
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout).errors[0].message).toBe('kr is in NonInteractive mode. Read and Prompt functionality is not available.');
    const w = kr(['--json', CMD], { KR_WHATIF_PREFERENCE: '1' });
    expect(JSON.parse(w.stdout).whatIf).toEqual([WHATIF('Cookies')]);
  });
});
