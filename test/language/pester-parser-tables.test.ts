// PowerShell's own Parser.Tests.ps1 behaviour tables (Boolean, Comparison operator, Arithmetic and
// String Comparison, Comparison Operators with Arrays): the output of each script as Pester's
// Should -Be sees it ($null: no output).

import { run } from './run.js';

const CASES: [string, unknown][] = [
  [
    "if (\"A\") { $true } else { $false }",
    true
  ],
  [
    "if (\" \") { $true } else { $false }",
    true
  ],
  [
    "if (\"String with spaces\") { $true } else { $false }",
    true
  ],
  [
    "if (\"DoubleQuoted\") { $true } else { $false }",
    true
  ],
  [
    "if (\"StringWithNullVar$aEmbedded\") { $true } else { $false }",
    true
  ],
  [
    "if (0) { $true } else { $false }",
    false
  ],
  [
    "$a = $(0);if ($a) { $true } else { $false }",
    false
  ],
  [
    "if (1 -and 1) { $true } else { $false }",
    true
  ],
  [
    "if (1 -and 0) { $true } else { $false }",
    false
  ],
  [
    "if (0 -and 1) { $true } else { $false }",
    false
  ],
  [
    "if (0 -and 0) { $true } else { $false }",
    false
  ],
  [
    "if (1 -or 1) { $true } else { $false }",
    true
  ],
  [
    "if (1 -or 0) { $true } else { $false }",
    true
  ],
  [
    "if (0 -or 1) { $true } else { $false }",
    true
  ],
  [
    "if (0 -or 0) { $true } else { $false }",
    false
  ],
  [
    "if ($false -eq $true -and $false) { $true } else { $false }",
    false
  ],
  [
    "if ($false -and $true -eq $false) { $true } else { $false }",
    false
  ],
  [
    "if ($false -ieq $true -and $false) { $true } else { $false }",
    false
  ],
  [
    "if ($false -and $true -ieq $false) { $true } else { $false }",
    false
  ],
  [
    "if ($false -le $true -and $false) { $true } else { $false }",
    false
  ],
  [
    "if ($false -and $true -le $false) { $true } else { $false }",
    false
  ],
  [
    "if ($false -ile $true -and $false) { $true } else { $false }",
    false
  ],
  [
    "if ($false -and $true -ile $false) { $true } else { $false }",
    false
  ],
  [
    "if ($false -ge $true -and $false) { $true } else { $false }",
    false
  ],
  [
    "if ($false -and $true -ge $false) { $true } else { $false }",
    false
  ],
  [
    "if ($false -ige $true -and $false) { $true } else { $false }",
    false
  ],
  [
    "if ($false -and $true -ige $false) { $true } else { $false }",
    false
  ],
  [
    "if ($false -like $true -and $false) { $true } else { $false }",
    false
  ],
  [
    "if ($false -and $true -like $false) { $true } else { $false }",
    false
  ],
  [
    "if (!$true -and $false) { $true } else { $false }",
    false
  ],
  [
    "$a=10; if( !$a -eq 10) { $a=1 } else {$a=2};$a",
    2
  ],
  [
    "!3",
    false
  ],
  [
    "$a=10; if($a -lt 15) { $a=1 } else {$a=2};$a",
    1
  ],
  [
    "'aaa' -ilt 'AAA'",
    false
  ],
  [
    "'aaa' -lt 'AAA'",
    false
  ],
  [
    "'aaa' -clt 'AAA'",
    true
  ],
  [
    "$a=10; if($a -gt 15) { $a=1 } else {$a=2};$a",
    2
  ],
  [
    "'AAA' -igt 'aaa'",
    false
  ],
  [
    "'AAA' -gt 'aaa'",
    false
  ],
  [
    "'AAA' -cgt 'aaa'",
    true
  ],
  [
    "$a=10; if($a -ge 10) { $a=1 } else {$a=2};$a",
    1
  ],
  [
    "'aaa' -ge 'aaa'",
    true
  ],
  [
    "$a=10; if($a -ne 10) { $a=1 } else {$a=2};$a",
    2
  ],
  [
    "'aaa' -ine 'AAA'",
    false
  ],
  [
    "'aaa' -ne 'AAA'",
    false
  ],
  [
    "'aaa' -cne 'AAA'",
    true
  ],
  [
    "$a=\"abc\"; if($a -ieq \"ABC\") { $a=1 } else {$a=2};$a",
    1
  ],
  [
    "'aaa' -ieq 'AAA'",
    true
  ],
  [
    "$a=\"abc\"; if($a -igt \"bbc\") { $a=1 } else {$a=2};$a",
    2
  ],
  [
    "'aaa' -igt 'AAA'",
    false
  ],
  [
    "$a=\"abc\"; if($a -ile \"bbc\") { $a=1 } else {$a=2};$a",
    1
  ],
  [
    "'aaa' -ile 'AAA'",
    true
  ],
  [
    "@(3) -eq 3",
    "3"
  ],
  [
    "@(4) -eq 3",
    null
  ],
  [
    "@() -eq 3",
    null
  ],
  [
    "$test = 1,2,@(3,4);$test -eq 3",
    null
  ],
  [
    "$test = 1,2,@(3,4);$test -eq 2",
    "2"
  ],
  [
    "$test = 1,2,@(3,4);$test -eq 0",
    null
  ]
];

describe('Parser.Tests.ps1: behaviour tables', () => {
  it.each(CASES)('%s gives %j', async (script, expected) => {
    const ran = await run(script);
    expect(ran.errors).toEqual([]);
    const got = ran.output.length === 0 ? null : ran.output.length === 1 ? ran.output[0] : ran.output;
    if (expected === null) expect(got).toBeNull();
    else expect(String(got)).toBe(String(expected));
  });
});
