// Script functions: param blocks, typed and validated parameters, [CmdletBinding()] with
// ShouldProcess, pipeline input (begin/process/end, $_), comment-based help, and the one
// metadata model (Get-Command lists them, Get-Help documents them, the binder binds them).

import { newRunspace, out, run } from './run.js';

describe('parameters', () => {
  it.each([
    ['function f($a, $b = 2) { "$a $b" }; f 1', ['1 2']],
    ['function f { param([int]$n) $n * 2 }; f "21"', [42]],
    ['function f { param($Name) "hi $Name" }; f -Name kr; f -n x', ['hi kr', 'hi x']],
    ['function f { "$args" }; f a b c', ['a b c']],
    ['function f { param([switch]$Force) $Force }; f; f -Force', [false, true]],
    ['function f { param([string]$s) $s }; f 1, 2', ['1 2']],
    ['function f { param([Parameter(Mandatory)][string]$Name) $Name }; f -Name a', ['a']],
    ["function f { param([string]$a = 'x', [int]$b = 1, $c = @(1, 2)) \"$a$b\"; $c.Count }; f; f y 2", ['x1', 2, 'y2', 2]],
    ['function f { param([ValidateSet("A","B")]$k) $k }; f b', ['B']],
    ['function f { param([Alias("n")]$Name) $Name }; f -n z', ['z']],
    ['function f { param($a) $PSBoundParameters.ContainsKey("a") }; f; f 1', [false, true]],
  ])('%s', async (code, expected) => {
    expect(await out(code)).toEqual(expected);
  });

  it('an advanced function refuses an array for [string]: ParameterArgumentTransformationError', async () => {
    const ran = await run('function f { [CmdletBinding()] param([string]$s) $s }; f 1, 2');
    expect(ran.errors[0]).toMatchObject({ errorId: 'ParameterArgumentTransformationError,f' });
  });

  it('ValidateSet, ValidateRange and Mandatory give the binder\'s errors', async () => {
    expect((await run('function f { param([ValidateSet("A")]$k) }; f z')).errors[0].errorId).toBe('ParameterArgumentValidationError,f');
    expect((await run('function f { param([ValidateRange(1, 5)][int]$n) }; f 9')).errors[0].errorId).toBe('ParameterArgumentValidationError,f');
    expect((await run('function f { param([Parameter(Mandatory)]$n) }; f')).errors[0].errorId).toBe('MissingMandatoryParameter,f');
    expect((await run('function f { [CmdletBinding()] param([ValidateNotNullOrEmpty()]$n) }; f ""')).errors[0].errorId).toBe('ParameterArgumentValidationError,f');
  });
});

describe('ShouldProcess in a script function', () => {
  it('-WhatIf previews; $PSCmdlet.ShouldProcess is false and says What if', async () => {
    const code = 'function Remove-Thing { [CmdletBinding(SupportsShouldProcess, ConfirmImpact = "High")] param($Name) if ($PSCmdlet.ShouldProcess($Name, "Remove")) { "removed $Name" } }';
    const preview = await run(`${code}; Remove-Thing gear -WhatIf`);
    expect(preview.output).toEqual([]);
    expect(preview.whatIf).toEqual(['What if: Performing the operation "Remove" on target "gear".']);
    const real = await run(`${code}; Remove-Thing gear -Confirm:$false`);
    expect(real.output).toEqual(['removed gear']);
  });
});

describe('pipeline input', () => {
  it.each([
    ['function f { process { $_ * 2 } }; 1..3 | f', [2, 4, 6]],
    ['function f { begin { "b" } process { $_ } end { "e" } }; 1, 2 | f', ['b', 1, 2, 'e']],
    ['function f { $input | ForEach-Object { $_ + 1 } }; 1, 2 | f', [2, 3]],
    ['filter double { $_ * 2 }; 1, 2 | double', [2, 4]],
    ['function f { param([Parameter(ValueFromPipeline)]$x) process { "x=$x" } }; 1, 2 | f', ['x=1', 'x=2']],
    ['function f { param([Parameter(ValueFromPipelineByPropertyName)]$Name) process { $Name } }; [pscustomobject]@{ Name = "a" }, @{ Name = "b" } | f', ['a', 'b']],
  ])('%s', async (code, expected) => {
    expect(await out(code)).toEqual(expected);
  });
});

describe('one metadata model', () => {
  const code = `
<#
.SYNOPSIS
Greets someone.
.DESCRIPTION
Writes a greeting.
.PARAMETER Name
Who to greet.
.EXAMPLE
Send-Greeting -Name kr
#>
function Send-Greeting {
  [CmdletBinding()]
  param([Parameter(Mandatory, Position = 0)][string]$Name)
  "hello $Name"
}`;

  it('Get-Command lists a function and Get-Help documents it from its comment-based help', async () => {
    const { rs } = newRunspace();
    await rs.invoke(code);
    const listed = await rs.invoke('Get-Command Send-Greeting');
    expect(JSON.parse(JSON.stringify(listed.output))[0]).toMatchObject({ name: 'Send-Greeting', synopsis: 'Greets someone.' });
    const help = String((await rs.invoke('Get-Help Send-Greeting -Full')).output[0]);
    expect(help).toContain('Greets someone.');
    expect(help).toContain('Who to greet.');
    expect(help).toContain('Send-Greeting [-Name] <string> [<CommonParameters>]');
    expect((await rs.invoke('Send-Greeting you')).output).toEqual(['hello you']);
  });

  it('-? shows a command\'s help instead of running it', async () => {
    const ran = await run('Invoke-KrCookieSignOut -Scheme X -?');
    expect(ran.whatIf).toEqual([]);
    expect(String(ran.output[0])).toContain('SYNOPSIS');
  });

  it('a function calling itself forever is CallDepthOverflow, not a crash', async () => {
    const ran = await run('function f { f }; f');
    expect(ran.errors[0].errorId).toMatch(/^CallDepthOverflow/);
  });
});

describe('common parameters', () => {
  it('an ActionPreference takes a unique prefix (-ea Ig is Ignore); an ambiguous one and $null are refused', async () => {
    const ignored = await run('Write-Error x -ea Ig; "after"');
    expect(ignored.errors).toEqual([]);
    expect(ignored.output).toEqual(['after']);
    expect((await run('Write-Output 1 -ea S')).errors[0].errorId).toBe('CannotConvertArgumentNoMessage,Write-Output');
    expect((await run('Write-Output 1 -ea $null')).errors[0].errorId).toBe('ParameterBindingFailed,Write-Output');
  });
});

describe("an advanced function's common parameters reach the commands it calls (PowerShell's CommonParameters.Tests.ps1)", () => {
  it('-WhatIf and -Confirm become the function scope\'s preference variables', async () => {
    const { out } = await import('./run.js');
    expect(await out('function f { [CmdletBinding(SupportsShouldProcess)] param() $WhatIfPreference; $ConfirmPreference }; f -WhatIf; f -Confirm:$false; f')).toEqual([true, 'High', false, 'None', false, 'High']);
  });

  it('f -WhatIf previews what a ShouldProcess cmdlet inside would do: the jar is not touched', async () => {
    const { newRunspace } = await import('./run.js');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { rs } = newRunspace();
    const jar = join(rs.cwd, 'jar.txt');
    const text = '# Netscape HTTP Cookie File\nexample.test\tFALSE\t/\tFALSE\t0\tsid\tsecret\n';
    writeFileSync(jar, text);
    const ran = await rs.invoke(`function Clear-Session { [CmdletBinding(SupportsShouldProcess)] param($Jar) Remove-KrCookie -Jar $Jar -Name sid }; Clear-Session -Jar '${jar}' -WhatIf`);
    expect(ran.errors).toEqual([]);
    expect(ran.whatIf.join('\n')).toMatch(/What if/);
    expect(readFileSync(jar, 'utf8')).toBe(text);
    await rs.invoke(`Clear-Session -Jar '${jar}' -Confirm:$false`);
    expect(readFileSync(jar, 'utf8')).not.toContain('\tsid\t');
  });

  const fn = "function get-foo { [CmdletBinding()] param() write-output 'output foo'; write-verbose 'verbose foo'; write-error 'error foo'; write-warning 'warning foo'; 'after' }; ";
  it('-Verbose shows the Write-Verbose inside; without it nothing', async () => {
    const { run } = await import('./run.js');
    expect((await run(`${fn}get-foo -Verbose -ea 0`)).verbose).toEqual(['verbose foo']);
    expect((await run(`${fn}get-foo -ea 0`)).verbose).toEqual([]);
  });

  it('-ErrorAction SilentlyContinue hides the errors inside, Stop ends the function at the first', async () => {
    const { run } = await import('./run.js');
    const silent = await run(`${fn}get-foo -ErrorAction SilentlyContinue`);
    expect(silent.errors).toEqual([]);
    expect(silent.output).toEqual(['output foo', 'after']);
    const stop = await run(`${fn}get-foo -ErrorAction Stop`);
    expect(stop.output).toEqual(['output foo']);
    expect(stop.errors).toHaveLength(1);
  });

  it('-WarningAction SilentlyContinue hides the warnings inside; -ErrorVariable holds the errors written inside', async () => {
    const { run } = await import('./run.js');
    expect((await run(`${fn}get-foo -WarningAction SilentlyContinue -ea 0`)).warnings).toEqual([]);
    expect((await run(`${fn}get-foo -ErrorVariable e -ea 0 > $null; $e.Count; $e[0].Exception.Message`)).output).toEqual([1, 'error foo']);
  });
});
