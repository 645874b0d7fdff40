// Cases from PowerShell's own Pester tests under test/powershell/Language/Scripting/ that kr
// supports (HashtableToPSCustomObjectConversion.Tests.ps1), run as written there.

import { errorOf, out } from './run.js';

describe('HashtableToPSCustomObjectConversion.Tests.ps1', () => {
  it('Hashtable conversion to PSCustomObject succeeds, from a literal or a variable', async () => {
    expect(await out('([pscustomobject][hashtable]@{one=1;two=2}) -is [psobject]; $ht = @{one=1;two=2}; ([pscustomobject]$ht) -is [psobject]')).toEqual([true, true]);
  });

  it('Hashtable conversion to PSCustomObject retains insertion order of hashtable keys when passed a hashliteral', async () => {
    expect(await out('$x = [pscustomobject]@{one=1;two=2}; $x -is [psobject]; $x.psobject.Properties | ForEach-Object { $_.Name }')).toEqual([true, 'one', 'two']);
  });

  it('Conversion of Ordered hashtable to PSCustomObject should succeed', async () => {
    expect(await out('$x = [pscustomobject][ordered]@{one=1;two=2}; $x -is [psobject]; ($x.psobject.Properties | Select-Object -First 1).Name')).toEqual([true, 'one']);
  });

  it('Conversion from PSCustomObject to hashtable should fail: InvalidCastConstructorException', async () => {
    expect((await errorOf('[hashtable][pscustomobject]@{one=1;two=2}')).errorId).toBe('InvalidCastConstructorException');
  });

  it('the PSObject view: Properties with Name, Value and MemberType; Get-Member -MemberType NoteProperty agrees', async () => {
    expect(await out("$x = [pscustomobject]@{a=1;b='x'}; $x.psobject.Properties.Name -join ','; ($x.psobject.Properties | ? Name -eq 'b').Value; $x.psobject.Properties[0].MemberType")).toEqual(['a,b', 'x', 'NoteProperty']);
    expect(await out("[pscustomobject]@{a=1;b=2} | Get-Member -MemberType NoteProperty | ForEach-Object Name")).toEqual(['a', 'b']);
    expect(await out("[pscustomobject]@{a=1;b=2} | Get-Member -MemberType Method | ForEach-Object Name")).toEqual([]);
    expect(await out("[pscustomobject]@{alpha=1;beta=2} | Get-Member -Name a* | ForEach-Object Name")).toEqual(['alpha']);
  });
});

describe('Array.Tests.ps1', () => {
  it('@([object[]](1,2,3)) and @([int[]](1,2,3)) are 3-element object[]; @([int[]]$a) a new array', async () => {
    expect(await out('$r = @([object[]](1,2,3)); $r.GetType().FullName; $r.Length; $r = @([int[]](1,2,3)); $r.GetType().FullName; $r.Length; $a = 1,2,3; $r = @([int[]]$a); $r.Length')).toEqual(['System.Object[]', 3, 'System.Object[]', 3, 3]);
  });

  it('@([object[]]$null), @([int[]]$null) and @($null) are 1-element arrays holding $null', async () => {
    expect(await out('$r = @([object[]]$null); $r.Length; $r[0] -eq $null; $r = @([int[]]$null); $r.Length; $r = @($null); $r.Length; $r.GetType().FullName')).toEqual([1, true, 1, 1, 'System.Object[]']);
  });

  it('@([void](...)) is empty', async () => {
    expect(await out('$r = @([void](1)); $r.Count')).toEqual([0]);
  });
});
