// Cases from PowerShell's own Pester tests (test/powershell/Language/Operators/*.Tests.ps1:
// Range, Split, Replace, Ternary, NullConditional, PipelineChain) that kr supports, each run
// as written there (.NET-only cases, classes and Get-Process left out). One `it` per Pester
// `It`, named after it.

import { out } from './run.js';

const cases = (table: [string, unknown[]][]) => {
  for (const [code, expected] of table) {
    it(code, async () => {
      expect(await out(code)).toEqual(expected);
    });
  }
};

describe('RangeOperator.Tests.ps1', () => {
  cases([
    ['$Range = 5..8; $Range.count; $Range[0]; $Range[3]; $Range[0] -is [int]', [4, 5, 8, true]],
    ['$Range = -8..-5; $Range.count; $Range[0]; $Range[3]', [4, -8, -5]],
    ['$Range = 0..0; $Range.count; $Range[0]', [1, 0]],
    ['$Range = 4..3; $Range.count; $Range[0]; $Range[1]', [2, 4, 3]],
    ['$Range = -2..2; $Range.count; $Range -join ","', [5, '-2,-1,0,1,2']],
    ['$a = -1; $b = 1; $Range = $a..$b; $Range -join ","; $Range = $b..$a; $Range -join ","', ['-1,0,1', '1,0,-1']],
  ]);
});

describe('SplitOperator.Tests.ps1', () => {
  cases([
    ['$res = "a b", "c d" -split " "; $res.count; $res -join "|"', [4, 'a|b|c|d']],
    ['$res = "a b c d" -split " "; $res.count', [4]],
    ['$res = "a b c d" -split " ", 2; $res.count; $res[1]', [2, 'b c d']],
    ['$res = "a b c d" -split " ", 0; $res.count', [4]],
    ['$res = "a b c d" -split " ", -2; $res.count; $res[0]; $res[1]', [2, 'a b c', 'd']],
    ['$res = "a b c d" -split " ", -1; $res.count; $res[0]', [1, 'a b c d']],
    ['$res = "a b c d" -split " ", 8; $res.count', [4]],
    ['$res = "a b c d" -split " ", -8; $res.count', [4]],
    ['$res = " " -split " ", -2; $res.count; $res[0]; $res[1]', [2, '', '']],
    ["$res = \"a b c d\" -split {$_ -like ' '}, -2; $res.count; $res[0]; $res[1]", [2, 'a b c', 'd']],
    ["$res = \"folder/path/to/file\" -split {$_ -like '/'}, -2; $res[0]; $res[1]", ['folder/path/to', 'file']],
    ["$res = \"a2b3c4d\" -split '\\d+', 2; $res.count; $res[1]", [2, 'b3c4d']],
    ["$res = \"a2b3c4d\" -split '\\d+', -2; $res[0]; $res[1]", ['a2b3c', 'd']],
    ['$res = "a::b::c::d" -split "::"; $res.count', [4]],
    ['$res = "a1:b1:c1:d" -split "(1:)"; $res.count; $res -join "|"', [7, 'a|1:|b|1:|c|1:|d']],
    ['$res = "a1:b1:c1:d" -split "1(:)"; $res.count; $res[1]', [7, ':']],
    ['$res = "abcdA" -split "A"; $res.count; $res = "abcdA" -csplit "A"; $res.count; $res = "abcdA" -isplit "A"; $res.count', [3, 2, 3]],
    ['$res = -split "a b c d"; $res.count; $res[3]', [4, 'd']],
    ['$res = -split " a  b `t c `n d "; $res.count; $res -join "|"', [4, 'a|b|c|d']],
  ]);
});

describe('ReplaceOperator.Tests.ps1', () => {
  cases([
    ['"Get-Process" -replace "Get", "Stop"; "image.gif" -replace "\\.gif$",".jpg"', ['Stop-Process', 'image.jpg']],
    ['"book" -replace "B","C"; "book" -ireplace "B","C"; "book" -creplace "B","C"', ['Cook', 'Cook', 'book']],
    ['"PowerPoint" -replace "Point","Shell"; "PowerPoint" -replace "Point"', ['PowerShell', 'Power']],
    ['$res = "PowerPoint1","PowerPoint2" -replace "Point","Shell"; $res.Count; $res[1]', [2, 'PowerShell2']],
    ["\"domain.example\" -replace \".*\\.(\\w+)$\",\"Tld of '`$0' is - '`$1'\"", ["Tld of 'domain.example' is - 'example'"]],
    ['"domain.example" -replace ".*\\.(?<tld>\\w+)$","`${tld}"', ['example']],
    ['"ID ABC123" -replace "\\b[A-C]+", {return "X" * $_.Value.Length}', ['ID XXX123']],
  ]);
});

describe('TernaryOperator.Tests.ps1', () => {
  cases([
    ['$true ? 1 : 2', [1]],
    ['${true}?1:2', [1]],
    ['1 ? 1kb : 0xf', [1024]],
    ['0 ?1kb:0xf', [15]],
    ["'s' ?1kb:0xf", [1024]],
    ['$null ?1kb:0xf', [15]],
    ["'' ?1kb:0xf", [15]],
    ["1,2,3,4 ? 'Core' : 'Desktop'", ['Core']],
    ["@{name = 'name'}.name ? 'Core' : 'Desktop'", ['Core']],
    ['($a = 1) ? 2 : 3', [2]],
    ['$($a = 1) ? 2 : 3', [3]],
    ["(Write-Warning -Message warning -WarningAction SilentlyContinue) ? 1 : 2", [2]],
    ["(Write-Error -Message error -ErrorAction SilentlyContinue) ? 1 : 2", [2]],
    ["1,2,3 -contains 2 ? 'Core' : 'Desktop'", ['Core']],
    ["$true ? $false ? 'nested-if-true' : 'nested-if-false' : 'if-false'", ['nested-if-false']],
    ["$true ? $false ? 'nested-if-true' : $true ? 'nested-nested-if-true' : 'nested-nested-if-false' : 'if-false'", ['nested-nested-if-true']],
    ["($true ? 'Core' : 'Desktop') -eq 'Core'", [true]],
  ]);
});

describe('NullConditional.Tests.ps1', () => {
  cases([
    ['$x = $null; $x ??= 100; $x', [100]],
    ['$x = 1; $x ??= 100; $x', [1]],
    ["$x = ''; $x ??= 100; $x", ['']],
    ['$x = 0; $x ??= 100; $x', [0]],
    ['$x = $null; $x ?? 100', [100]],
    ["$x = 'abc'; $x ?? 100", ['abc']],
    ['$x = $false; $x ?? 100', [false]],
    ['$null ?? $null ?? 5', [5]],
    // Should -BeNullOrEmpty: the value is $null
    ['$x = $null; ${x}?.Length', [null]],
    ['$x = $null; ${x}?.MyMethod()', [null]],
    ['$x = "abc"; ${x}?.Length', [3]],
    ['$x = $null; ${x}?[0]', [null]],
    ['$x = 1, 2; ${x}?[1]', [2]],
  ]);
});

describe('PipelineChainOperator.Tests.ps1', () => {
  cases([
    ["Write-Output 'Hi' && Write-Output 'Bye'", ['Hi', 'Bye']],
    ["Write-Output 'Hi' || Write-Output 'Bye'", ['Hi']],
    ["Write-Error 'Bad' -ErrorAction SilentlyContinue && Write-Output 'Bye'", []],
    ["Write-Error 'Bad' -ErrorAction SilentlyContinue || Write-Output 'Bye'", ['Bye']],
    ["Write-Output 'Hi' && Write-Output 'Bye' && Write-Output 'Third'", ['Hi', 'Bye', 'Third']],
    ["Write-Error 'Bad' -ErrorAction SilentlyContinue || Write-Output 'Bye' && Write-Output 'Third'", ['Bye', 'Third']],
  ]);
});

describe('ComparisonOperator.Tests.ps1', () => {
  cases([
    ['1 -lt 2; 1 -gt 2; 1 -le 2; 1 -le 1; 1 -ge 2; 1 -ge 1; 1 -eq 1; 1 -ne 2', [true, false, true, true, false, true, true, true]],
    ["'abc' -ceq 'abc'; 'abc' -ceq 'Abc'", [true, false]],
    ['1 -and 1; 1 -and 0; 0 -and 0; 1 -or 1; 1 -or 0; 0 -or 0', [true, false, false, true, true, false]],
    ['-not 1; -not 0; ! 1; ! 0; !1; !0', [false, true, false, true, false, true]],
    ["'Hello' -contains 'Hello'; 'Hello' -notcontains 'Hello'; 'Hello','world' -ccontains 'hello'; 'Hello','world' -ccontains 'Hello'; 'Hello','world' -cnotcontains 'Hello'", [true, false, false, true, false]],
    ["'Hello world' -match 'Hello*'; 'Hello world' -like 'Hello*'; 'Hello world' -notmatch 'Hello*'; 'Hello world' -notlike 'Hello*'", [true, true, false, false]],
    ["[pscustomobject]@{foo=1} -is [pscustomobject]; [pscustomobject]@{foo=1} -is [psobject]; 'hello' -is [string]; 'hello' -is [system.string]; 100 -is [int]; 100 -is [system.int32]; 'hello' -isnot [int]", [true, true, true, true, true, true, true]],
    ["[pscustomobject]@{foo=1} -is [string]; 'hello' -isnot [string]", [false, false]],
    ["'abc`def' -like 'abc`def'; 'abc`def' -like 'abc``def'; 'abc`def' -like 'abc````def'; 'abc``def' -like 'abc````def'", [false, true, false, true]],
  ]);

  it("'Hello' -is [foo] is TypeNotFound; 'Hello' -is 'foo' a runtime error", async () => {
    const { errorOf } = await import('./run.js');
    expect((await errorOf("'Hello' -is [foo]")).errorId).toMatch(/^TypeNotFound/);
    expect((await errorOf("'Hello' -isnot [foo]")).errorId).toMatch(/^TypeNotFound/);
  });
});
