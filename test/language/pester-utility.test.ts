// Cases from PowerShell's own Pester tests of the utility cmdlets kr has (test/powershell/Modules/
// Microsoft.PowerShell.Utility: Select-Object, Sort-Object, Measure-Object, Group-Object;
// Microsoft.PowerShell.Core: Where-Object, ForEach-Object), run as written there.

import { errorOf, out } from './run.js';

const EMPLOYEES = `$employees = @(
  [pscustomobject]@{"FirstName" = "joseph"; "LastName" = "smith"; "YearsInMS" = 15 }
  [pscustomobject]@{"FirstName" = "paul"; "LastName" = "smith"; "YearsInMS" = 15 }
  [pscustomobject]@{"FirstName" = "mary"; "LastName" = "soe"; "YearsInMS" = 5 }
  [pscustomobject]@{"FirstName" = "edmund"; "LastName" = "bush"; "YearsInMS" = 9 }
); `;

describe('Select-Object.Tests.ps1', () => {
  const cases: [string, unknown[]][] = [
    ['("a", "b", "c", "a", "a", "a" | Select-Object -Unique).Length', [3]],
    ['$r = "abc", "Abc" | Select-Object -Unique -CaseInsensitive; $r.Count; $r', [1, 'abc']],
    ['("abc", "Abc" | Select-Object -Unique).Count', [2]],
    ['$r = 1..10 | Select-Object -Index 2, 4; $r -join ","', ['3,5']],
    ['(1..10 | Select-Object -SkipIndex 0, 9) -join ","', ['2,3,4,5,6,7,8,9']],
    ['1, 2 | Select-Object -First 1 -ErrorVariable err; $err.Count', [1, 0]],
    [EMPLOYEES + '($employees | Select-Object -Property "YearsInMS", "L*" -First 2 -Last 3).Count', [4]],
    ['("bar" | Select-Object -Prop foo | Measure-Object).Count', [1]],
    [EMPLOYEES + '$r = $employees | Select-Object -Property "YearsInMS", "L*" -First 2 -Last 1; $r.Count; $r[2].LastName; $r[2].YearsInMS', [3, 'bush', 9]],
    [EMPLOYEES + '($employees | Select-Object -Property "YearsInMS", "L*" -First 0).Count', [0]],
    [EMPLOYEES + '($employees | Select-Object -Property "YearsInMS", "L*" -Last 0).Count', [0]],
    [EMPLOYEES + '$r = $employees | Select-Object -Property "YearsInMS", "L*" -Unique:$true; $r.Count', [3]],
    [EMPLOYEES + '($employees | Select-Object -ExcludeProperty FirstName)[0].psobject.Properties.Name -join ","', ['LastName,YearsInMS']],
    [EMPLOYEES + '($employees | Select-Object -Property * -ExcludeProperty Y*)[0].psobject.Properties.Name -join ","', ['FirstName,LastName']],
    [EMPLOYEES + '($employees | Select-Object -SkipLast 1).Count; ($employees | Select-Object -Skip 1 -First 1).FirstName', [3, 'paul']],
    ['(1..3 | Select-Object -Property { $_ * 2 })[1].psobject.Properties.Name; (1..3 | Select-Object -Property @{ n = "d"; e = { $_ * 2 } }).d -join ","', ['$_ * 2', '2,4,6']],
  ];
  it.each(cases)('%s', async (script, expected) => {
    expect(await out(script)).toEqual(expected);
  });

  it('Select-Object with empty script block property should throw EmptyScriptBlockAndNoName', async () => {
    expect((await errorOf('"bar" | Select-Object -Prop {} -ErrorAction Stop')).errorId).toBe('EmptyScriptBlockAndNoName,Select-Object');
  });
});

describe('Sort-Object, Measure-Object, Group-Object, Where-Object, ForEach-Object', () => {
  const cases: [string, unknown[]][] = [
    [EMPLOYEES + '($employees | Sort-Object YearsInMS, FirstName | ForEach-Object FirstName) -join ","', ['mary,edmund,joseph,paul']],
    [EMPLOYEES + '($employees | Sort-Object -Property @{ Expression = "YearsInMS"; Descending = $true }, FirstName | ForEach-Object FirstName) -join ","', ['joseph,paul,edmund,mary']],
    ['(5, 3, 9, 1 | Sort-Object -Top 2) -join ","; (5, 3, 9, 1 | Sort-Object -Bottom 2) -join ","; (5, 3, 9, 1 | Sort-Object -Descending -Top 1)', ['1,3', '5,9', 9]],
    [EMPLOYEES + '($employees | Group-Object LastName | Sort-Object Count -Descending)[0].Name', ['smith']],
    [EMPLOYEES + '$m = $employees | Measure-Object -Property YearsInMS -Sum -Average -Maximum -Minimum; "$($m.Sum) $($m.Average) $($m.Maximum) $($m.Minimum) $($m.Count)"', ['44 11 15 5 4']],
    [EMPLOYEES + '($employees | Where-Object YearsInMS -gt 10 | ForEach-Object FirstName) -join ","; ($employees | Where-Object -Property LastName -EQ -Value bush).FirstName', ['joseph,paul', 'edmund']],
    ['(1..3 | ForEach-Object -Begin { "b" } -Process { $_ } -End { "e" }) -join ","', ['b,1,2,3,e']],
    ['("a", "b" | ForEach-Object ToUpper) -join ","', ['A,B']],
    // PowerShell's surrogate Count and Length: 0 for $null, 1 for a scalar
    ['$null.Count; @().Count; $null.Length; "abc".Count; (5).Count; $true.Length', [0, 0, 0, 1, 1, 1]],
  ];
  it.each(cases)('%s', async (script, expected) => {
    const { run } = await import('./run.js');
    const ran = await run(script);
    expect(ran.output).toEqual(expected);
  });
});

describe('Where-Object.Tests.ps1', () => {
  const COMPUTERS = `$Computers = @(
    [PSCustomObject]@{ ComputerName = "SPC-1234"; IPAddress = "192.168.0.1"; NumberOfCores = 1; Drives = 'C','D' }
    [PSCustomObject]@{ ComputerName = "BGP-5678"; IPAddress = ""; NumberOfCores = 2; Drives = 'C','D','E' }
    [PSCustomObject]@{ ComputerName = "MGC-9101"; NumberOfCores = 3; Drives = 'C' }
  ); `;
  const TEST_DATA = `$testData = @(
    [PSCustomObject]@{ Name = 'Alice'; Age = 25; City = 'New York' }
    [PSCustomObject]@{ Name = 'Bob'; Age = 30; City = 'Boston' }
    [PSCustomObject]@{ Name = 'Charlie'; Age = 35; City = 'Chicago' }
  ); $testData2 = @([PSCustomObject]@{ Name = ''; Value = 1 }, [PSCustomObject]@{ Name = 'Test'; Value = 2 }); `;
  const cases: [string, unknown[]][] = [
    [COMPUTERS + "@($Computers | Where-Object -Not 'IPAddress').Count; @($Computers | Where-Object 'IPAddress').Count", [2, 1]],
    [COMPUTERS + "@($Computers | Where-Object -FilterScript {$true -ne $_.IPAddress}).Count; @($Computers | Where-Object Drives -Contains 'D').Count", [2, 2]],
    [COMPUTERS + "$Array = 'SPC-1234','BGP-5678'; @($Computers | Where-Object ComputerName -In $Array).Count", [2]],
    [COMPUTERS + '@($Computers | Where-Object NumberOfCores -GE 2).Count; @($Computers | Where-Object NumberOfCores -GT 2).Count; @($Computers | Where-Object NumberOfCores -LE 2).Count; @($Computers | Where-Object NumberOfCores -LT 2).Count', [2, 1, 2, 1]],
    [COMPUTERS + "@($Computers | Where-Object ComputerName -Like 'MGC-9101').Count; @($Computers | Where-Object ComputerName -Match '^MGC.+').Count", [1, 1]],
    [TEST_DATA + '@($testData | Where-Object Name -EQ:$false).Count; @($testData | Where-Object Age -CGT:$false).Count; @($testData | Where-Object City -NotLike:$false).Count', [3, 3, 3]],
    [TEST_DATA + '$r = @($testData2 | Where-Object Name -Not:$false); $r.Count; $r.Name', [1, 'Test']],
    [TEST_DATA + '@($testData | Where-Object Name -Is ([string])).Count; @($testData | Where-Object Age -IsNot ([string])).Count; @($testData | Where-Object Name -Is:$false).Count', [3, 3, 3]],
  ];
  it.each(cases)('%s', async (script, expected) => {
    expect(await out(script)).toEqual(expected);
  });

  it('-GT:$false (no operator in force) with -Value is OperatorNotSpecified', async () => {
    expect((await errorOf(`${TEST_DATA}$testData | Where-Object Age -GT:$false -Value 25`)).errorId).toBe('OperatorNotSpecified,Where-Object');
    expect((await errorOf(`${TEST_DATA}$testData | Where-Object Name -CEQ:$false -Value 'Alice'`)).errorId).toBe('OperatorNotSpecified,Where-Object');
  });
});

describe('ConvertTo-Json.Tests.ps1', () => {
  const cases: [string, unknown[]][] = [
    [
      "$o = [PSCustomObject] @{ FirstLevel1 = @{ Child1_1 = 0; Bool = $True }; FirstLevel2 = @{ Child2_1 = 'x' }; Integer = 10; Bool = $False }; $o | ConvertTo-Json -Depth 0",
      ['{\n  "FirstLevel1": "System.Collections.Hashtable",\n  "FirstLevel2": "System.Collections.Hashtable",\n  "Integer": 10,\n  "Bool": false\n}'],
    ],
    ['1 | ConvertTo-Json -AsArray -Compress; 1,2 | ConvertTo-Json -AsArray -Compress; 1 | ConvertTo-Json', ['[1]', '[1,2]', '1']],
    [`@{ 'abc' = "'def'" } | ConvertTo-Json; @{ 'abc' = "'def'" } | ConvertTo-Json -EscapeHandling EscapeHtml`, [`{\n  "abc": "'def'"\n}`, '{\n  "abc": "\\u0027def\\u0027"\n}']],
    ['[pscustomobject] @{ prop=$null } | ConvertTo-Json -Compress; $null | ConvertTo-Json -Compress; ConvertTo-Json -Compress $null; 1, $null, 2 | ConvertTo-Json -Compress', ['{"prop":null}', 'null', 'null', '[1,null,2]']],
    ['@{a=@{b=@{c=@{d=1}}}} | ConvertTo-Json -Compress -WarningAction SilentlyContinue', ['{"a":{"b":{"c":"System.Collections.Hashtable"}}}']],
  ];
  it.each(cases)('%s', async (script, expected) => {
    expect(await out(script)).toEqual(expected);
  });

  it('past -Depth it warns that the JSON is truncated', async () => {
    const { run } = await import('./run.js');
    expect((await run('@{a=@{b=@{c=@{d=1}}}} | ConvertTo-Json -Compress')).warnings).toEqual(['Resulting JSON is truncated as serialization has exceeded the set depth of 2.']);
  });
});

describe('Group-Object.Tests.ps1 and Measure-Object.Tests.ps1', () => {
  const cases: [string, unknown[]][] = [
    ["$r = 'aA', 'aA', 'AA', 'AA' | Group-Object -CaseSensitive; $r.Count; $r.Name -join ','; $r.Group.Count; ($r.Group) -join ','", [2, 'aA,AA', 4, 'aA,aA,AA,AA']],
    ["$r = 'aA', 'aA', 'AA', 'AA' | Group-Object; $r.Name; $r.Count", ['aA', 4]],
    ['(1,1,2 | Group-Object -NoElement).Group.Count', [0]],
    ["$r = [pscustomobject] @{a='one'; b=2}, [pscustomobject] @{a='two'; b=10} | Group-Object -AsHashTable -Property a; $r.one.b; $r['two'].b", [2, 10]],
    ["$r = 1..9 | ForEach-Object {[PSCustomObject]@{ErrorMessage = if ($_ % 2) {'SomeError'} else {''}}} | Group-Object -Property {if ($_.ErrorMessage) {'Failed'} else {'Successful'}} -AsHashTable; $r['Failed'].ErrorMessage.Count; $r['Failed'].ErrorMessage[0]; $r['Successful'].ErrorMessage.Count", [5, 'SomeError', 4]],
    ["(1,2,3 | Measure-Object -Sum -Average).Average; ('a','bb','ccc' | Measure-Object -Property Length -Maximum).Maximum", [2, 3]],
    ["$t = 'one two','three' | Measure-Object -Word -Line -Character; $t.Lines; $t.Words; $t.Characters", [2, 3, 12]],
    ['(1,5,3 | Measure-Object -AllStats).StandardDeviation', [2]],
  ];
  it.each(cases)('%s', async (script, expected) => {
    expect(await out(script)).toEqual(expected);
  });

  it('-AsString without -AsHashTable is an error', async () => {
    expect((await errorOf('1, 2 | Group-Object -AsString')).errorId).toBe('ArgumentException,Group-Object');
  });
});
