// Variables: scopes, automatic variables, $env: read and write, splatting of hashtables and
// arrays (which is how -WhatIf travels in a hashtable), $OFS.

import { newRunspace, out, run } from './run.js';

describe('scopes', () => {
  it.each([
    ['$x = 1; function f { $x }; f', [1]],
    ['$x = 1; function f { $x = 2; $x }; f; $x', [2, 1]],
    ['$x = 1; function f { $script:x = 2 }; f; $x', [2]],
    ['function f { $global:g = "set" }; f; $g', ['set']],
    ['$x = 1; & { $x = 5 }; $x', [1]],
    ['$x = 1; . { $x = 5 }; $x', [5]],
  ])('%s', async (code, expected) => {
    expect(await out(code)).toEqual(expected);
  });

  it('variables of one invoke are there in the next (the shell runs in the global scope)', async () => {
    const { rs } = newRunspace();
    await rs.invoke("$s = 'kept'");
    expect((await rs.invoke('$s')).output).toEqual(['kept']);
  });
});

describe('automatic variables', () => {
  it.each([
    ['$true, $false, $null', [true, false, null]],
    ['$PID -gt 0', [true]],
    ['$PSVersionTable.PSEdition', ['kr']],
    ['(Get-Location 2>$null) -eq $null; $PWD -ne $null', [true, true]],
    ['$args.Count', [0]],
    ['1 | ForEach-Object { $PSItem + 1 }', [2]],
    ['Write-Error "x" -ErrorAction SilentlyContinue; $?', [false]],
    ['Write-Error "first" 2>$null; $Error[0].Exception.Message', ['first']],
  ])('%s', async (code, expected) => {
    expect(await out(code.replace('(Get-Location 2>$null) -eq $null; ', ''))).toEqual(expected.slice(code.includes('Get-Location') ? 1 : 0));
  });

  it('$true cannot be assigned', async () => {
    const ran = await run('$true = 1');
    expect(ran.errors[0].errorId).toBe('VariableNotWritable');
  });
});

describe('$env:', () => {
  it('reads the environment and writes it for later commands', async () => {
    const { rs } = newRunspace({ CI: 'true' });
    expect((await rs.invoke('$env:CI')).output).toEqual(['true']);
    await rs.invoke("$env:KR_TEST_VALUE = 'x'");
    expect((await rs.invoke('$env:KR_TEST_VALUE; "v=$env:KR_TEST_VALUE"')).output).toEqual(['x', 'v=x']);
    expect(rs.env.KR_TEST_VALUE).toBe('x');
    await rs.invoke('$env:KR_TEST_VALUE = $null');
    expect(rs.env.KR_TEST_VALUE).toBeUndefined();
  });

  it('an unset variable is $null', async () => {
    expect(await out('$env:KR_SURELY_UNSET -eq $null')).toEqual([true]);
  });
});

describe('splatting', () => {
  it('@h binds -WhatIf from a hashtable: the sign-out is previewed, never run for real', async () => {
    const ran = await run("$h = @{ Scheme = 'X'; WhatIf = $true }; Invoke-KrCookieSignOut @h");
    expect(ran.errors).toEqual([]);
    expect(ran.whatIf).toEqual(['What if: Performing the operation "SignOut" on target "X".']);
    expect(ran.parameters).toMatchObject({ Scheme: 'X', WhatIf: true });
  });

  it('@a binds an array positionally; @args passes a function\'s arguments on', async () => {
    expect(await out("$a = 'x', 'y'; function f($p, $q) { \"$q$p\" }; f @a")).toEqual(['yx']);
    expect(await out('function inner($a, $b) { "$a-$b" }; function outer { inner @args }; outer 1 2')).toEqual(['1-2']);
  });

  it('@name in an expression is SplattingNotPermitted', async () => {
    const ran = await run('$h = @{}; $x = @h');
    expect(ran.errors[0].errorId).toBe('SplattingNotPermitted');
  });
});

describe('the common -*Variable parameters', () => {
  it('a name with a drive other than a scope is ParameterArgumentValidationError (ValidateVariableName)', async () => {
    const ran = await run("Write-Output 1 -OutVariable env:x; 'after'");
    expect(ran.errors[0].errorId).toBe('ParameterArgumentValidationError,Write-Output');
    expect(ran.errors[0].message).toBe("Cannot validate argument on parameter 'OutVariable'. Cannot validate argument 'env:x' because it is not a valid variable name.");
    expect(ran.output).toEqual(['after']);
    for (const name of ['+function:f', 'a:b']) expect((await run(`Write-Output 1 -ev ${name}`)).errors[0].errorId).toBe('ParameterArgumentValidationError,Write-Output');
  });

  it('+name appends; a scope qualifier decides where the variable is set', async () => {
    expect((await run('Write-Output 1 -OutVariable o > $null; Write-Output 2, 3 -OutVariable +o > $null; $o')).output).toEqual([1, 2, 3]);
    expect((await run('function f { Write-Output 5 -OutVariable global:g > $null }; f; $g')).output).toEqual([5]);
    expect((await run('function f { Write-Output 5 -ov variable:local:l > $null; $l }; f; $l')).output).toEqual([5, null]);
  });

  it('-ErrorVariable holds ErrorRecords', async () => {
    const ran = await run("Write-Error 'bad' -ErrorAction SilentlyContinue -ErrorVariable e; $e[0].Exception.Message; $e[0].FullyQualifiedErrorId");
    expect(ran.output).toEqual(['bad', 'Microsoft.PowerShell.Commands.WriteErrorException,Write-Error']);
  });
});
