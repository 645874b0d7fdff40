// The pipeline: objects stream one at a time through begin/process/end, Select-Object -First
// stops an endless producer, pipeline binding by value and by property name with
// InputObjectNotBound per object, redirections, && and ||.

import { run } from './run.js';

describe('streaming', () => {
  it('an object reaches the next command before the previous one has produced the rest', async () => {
    const ran = await run("function gen { foreach ($i in 1..3) { \"make $i\"; $i } }; gen | ForEach-Object { if ($_ -is [int]) { \"use $_\" } else { $_ } }");
    expect(ran.output).toEqual(['make 1', 'use 1', 'make 2', 'use 2', 'make 3', 'use 3']);
  });

  it('an endless generator piped to Select-Object -First 3 ends', async () => {
    const ran = await run('function gen { $i = 0; while ($true) { $i++; $i } }; gen | Select-Object -First 3; "after"');
    expect(ran.output).toEqual([1, 2, 3, 'after']);
    expect(ran.exitCode).toBe(0);
  });

  it('begin for all, process per object, end for all, in order', async () => {
    const code = 'function a { begin { "a-begin" } process { "a-$_" } end { "a-end" } }; function b { begin { "b-begin" } process { "b($_)" } end { "b-end" } }; 1, 2 | a | b';
    expect((await run(code)).output).toEqual(['b-begin', 'b(a-begin)', 'b(a-1)', 'b(a-2)', 'b(a-end)', 'b-end']);
  });
});

describe('pipeline binding', () => {
  it('a command that takes no pipeline input: InputObjectNotBound per object, non-terminating', async () => {
    const ran = await run("1, 2 | Get-Date; 'after'");
    expect(ran.errors.map((e) => e.errorId)).toEqual(['InputObjectNotBound,Get-Date', 'InputObjectNotBound,Get-Date']);
    expect(ran.errors[0].message).toBe(
      'The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.',
    );
    expect(ran.output).toEqual(['after']);
  });

  it('by property name, with the binding trace showing the pipeline stage', async () => {
    const ran = await run("[pscustomobject]@{ Scheme = 'Web'; Url = 'http://127.0.0.1/' } | Invoke-KrCookieSignOut -WhatIf -Debug");
    expect(ran.whatIf).toEqual(['What if: Performing the operation "SignOut" on target "Web".']);
    expect(ran.debug.join('\n')).toMatch(/BIND PIPELINE: Scheme, Url/);
  });
});

describe('chains and redirections', () => {
  it.each([
    ["Write-Output a && Write-Output b", ['a', 'b']],
    ["Write-Error x 2>$null || Write-Output recovered", ['recovered']],
    ["Write-Output a || Write-Output never", ['a']],
    ["Write-Warning w 3>&1", ['w']],
  ])('%s', async (code, expected) => {
    expect((await run(code)).output).toEqual(expected);
  });

  it('> and >> write the output to a file', async () => {
    const { rs } = (await import('./run.js')).newRunspace();
    await rs.invoke("'one' > out.txt; 'two' >> out.txt");
    expect((await rs.invoke('Get-Content out.txt')).output).toEqual(['one', 'two']);
  });
});
