// PowerShell's formatting: Out-Default's views (a table for up to 4 properties, a list for
// more, Name/Value for dictionaries, scalars as they are), Format-Table, Format-List,
// Format-Wide and Out-String. The cases marked (Pester) are PowerShell's own
// Format-Table.Tests.ps1 / Format-List.Tests.ps1 / Out-String.Tests.ps1 cases that kr supports.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { formatObjects } from '../../src/runtime/out-default.js';
import { fitColumnWidths } from '../../src/runtime/table-view.js';
import { run } from './run.js';

/** The single string a script writes (`... | Out-String`). */
async function text(code: string): Promise<string> {
  const ran = await run(code);
  if (ran.errors.length > 0) throw new Error(ran.errors.map((e) => e.message).join('; '));
  expect(ran.output).toHaveLength(1);
  return ran.output[0] as string;
}

/** PowerShell's tests compare with spaces as '.' and newlines as '^'. */
const shape = (s: string) => s.replace(/\r/g, '').replace(/ /g, '.').replace(/\n/g, '^');

describe('Out-Default: the view an object gets', () => {
  it('an object with up to 4 properties is a table; more is a list', async () => {
    expect(await text("[pscustomobject]@{ a = 1; b = 'x' } | Out-String")).toBe('\na b\n- -\n1 x\n\n');
    expect(await text('[pscustomobject]@{ a = 1; b = 2; c = 3; d = 4; e = 5 } | Out-String')).toBe('\na : 1\nb : 2\nc : 3\nd : 4\ne : 5\n\n');
  });

  it('objects of one type share a table: one header, columns from the first object, widths from every row', async () => {
    const out = await text("[pscustomobject]@{ Name = 'a'; N = 1 }, [pscustomobject]@{ Name = 'bbbb'; N = 22; Extra = 'x' } | Out-String");
    expect(out.split('\n')).toEqual(['', 'Name  N', '----  -', 'a     1', 'bbbb 22', '', '']);
  });

  it('a string between rows is shown in place and does not end the table', async () => {
    expect(formatObjects([{ a: 1 }, 'text', { a: 2 }])).toEqual(['', 'a', '-', '1', 'text', '2', '']);
  });

  it('a hashtable is its entries under Name (30 wide) and Value', async () => {
    const lines = formatObjects((await run('@{ x = 1 }')).output);
    expect(lines).toEqual(['', `Name${' '.repeat(27)}Value`, `----${' '.repeat(27)}-----`, `x${' '.repeat(30)}1`, '']);
  });

  it("objects of one type keep the first one's columns (PowerShell's rule): another shape's values are not shown", () => {
    expect(formatObjects([{ a: 1 }, { b: 1, c: 2, d: 3, e: 4, f: 5 }])).toEqual(['', 'a', '-', '1', '', '']);
  });

  it('a type of another kind starts a new view', async () => {
    const lines = formatObjects((await run("[pscustomobject]@{ a = 1 }; @{ k = 'v' }; Get-Command Get-Date")).output);
    expect(lines).toEqual([
      '', 'a', '-', '1', '',
      '', `Name${' '.repeat(27)}Value`, `----${' '.repeat(27)}-----`, `k${' '.repeat(30)}v`, '',
      '', 'CommandType Name     Synopsis', '----------- ----     --------', 'Cmdlet      Get-Date Gets the current date and time.', '',
    ]);
  });

  it('columns are fitted to the screen: the last shrinks, values are cut with an ellipsis', () => {
    const lines = formatObjects([{ a: 'x'.repeat(10), b: 'y'.repeat(30) }], undefined, 20);
    expect(lines).toEqual(['', 'a          b', '-          -', `${'x'.repeat(10)} ${'y'.repeat(8)}…`, '']);
  });

  it("ColumnWidthManager: free columns share the screen, a table too wide hides its last columns", () => {
    expect(fitColumnWidths([30, 0], 120)).toEqual([30, 89]);
    expect(fitColumnWidths([10, 10, 10], 20)).toEqual([10, 9, -1]);
    expect(fitColumnWidths([5, 5], 9)).toEqual([5, 3]);
  });

  it('kr -c shows a table on stdout, 120 wide when stdout is not a terminal', () => {
    const kr = join(process.cwd(), 'dist/bin/kr.cjs');
    const long = 'v'.repeat(200);
    const ran = spawnSync(process.execPath, [kr, '-c', `[pscustomobject]@{ a = 1; b = '${long}' }`], { encoding: 'utf8' });
    expect(ran.status).toBe(0);
    const lines = ran.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['', 'a b', '- -']);
    expect(lines[3]).toHaveLength(120);
    expect(lines[3].endsWith('…')).toBe(true);
  });
});

describe('Format-Table (Pester)', () => {
  it('Format-Table with array should work: {0, 1, 2, 3…}', async () => {
    expect(await text('$info = @{}; $info.array = 0..255; $info | Format-Table | Out-String')).toMatch(/array\s+\{0, 1, 2, 3\u2026\}/);
  });

  it('$FormatEnumerationLimit: -1 shows all, 1 one, 10 all of two', async () => {
    expect(await text("$FormatEnumerationLimit = -1; Format-Table -InputObject @{'test' = 1, 2} | Out-String")).toMatch(/test\s+\{1, 2\}/);
    expect(await text("$FormatEnumerationLimit = 1; Format-Table -InputObject @{'test' = 1, 2} | Out-String")).toMatch(/test\s+\{1\u2026\}/);
    expect(await text("$FormatEnumerationLimit = 10; Format-Table -InputObject @{'test' = 1, 2} | Out-String")).toMatch(/test\s+\{1, 2\}/);
    expect(await text("$FormatEnumerationLimit = 2; Format-Table -InputObject @{'test' = 1, 2} | Out-String")).toMatch(/test\s+\{1, 2\}/);
  });

  it('Format-Table with Autosize should work', async () => {
    const out = await text("$IP1 = [PSCustomObject]@{'name'='Bob';'size'=1234;'booleanValue'=$true}; $IP2 = [PSCustomObject]@{'name'='Jim';'size'=5678;'booleanValue'=$false}; $IP1, $IP2 | Format-Table -AutoSize | Out-String");
    expect(out).toMatch(/name size booleanValue/);
    expect(out).toMatch(/---- ---- ------------/);
    expect(out).toMatch(/Bob\s+1234\s+True/);
    expect(out).toMatch(/Jim\s+5678\s+False/);
  });

  it('an empty hashtable or $null gives nothing', async () => {
    expect((await run("@{} | Format-Table -Property 'foo','bar' | Out-String")).output).toEqual([]);
    expect((await run("$null | Format-Table -Property 'foo','bar' | Out-String")).output).toEqual([]);
  });

  it('strings with -Property and -Force: a table of the asked properties', async () => {
    for (const input of ["'single line string'", '"line1`nline2"', "'line1','line2'"]) {
      const out = await text(`${input} | Format-Table -Property 'fox','bar' -Force | Out-String`);
      expect(out.replace(/ /g, '').replace(/\n/g, '')).toBe('foxbar------');
    }
  });

  it('complex object: arrays as {1, 2, 3, 4}', async () => {
    const out = await text("$info = @{}; $info.intArray = 1,2,3,4; $info.arrayList = 'string1','string2'; $info | Format-Table | Out-String");
    expect(out).toMatch(/intArray\s+\{1, 2, 3, 4\}/);
    expect(out).toMatch(/arrayList\s+\{string1, string2\}/);
  });

  it('no trailing whitespace on the header or on rows', async () => {
    expect((await text("'hello' | Format-Table -Property foo -Force | Out-String")).replace(/\n/g, '')).toBe('foo---');
    expect((await text('[pscustomobject]@{a=1;b=2} | Format-Table -HideTableHeaders | Out-String')).replace(/\n/g, '')).toBe('1 2');
  });

  it('header and rows where values are wider than the header (implicit autosize)', async () => {
    const cases: [string, string][] = [
      ["[pscustomobject]@{abc='1234';bcd='123'},[pscustomobject]@{abc='1';bcd='1234'}", 'abc  bcd\n---  ---\n1234 123\n1    1234'],
      ["[pscustomobject]@{abc='1234';bcd='1234'},[pscustomobject]@{abc='1';bcd='1'}", 'abc  bcd\n---  ---\n1234 1234\n1    1'],
      ["[pscustomobject]@{abc='123';bcd='1234'},[pscustomobject]@{abc='1';bcd='123'}", 'abc bcd\n--- ---\n123 1234\n1   123'],
    ];
    for (const [objects, table] of cases) expect(shape(await text(`${objects} | Format-Table | Out-String`))).toBe(shape(`\n${table}\n\n`));
  });

  it('headers shorter than the column follow its alignment: numbers right, text left', async () => {
    const cases: [string, string][] = [
      ["[PSCustomObject]@{a='abc';b=123}", 'a     b\n-     -\nabc 123'],
      ["[PSCustomObject]@{a='abc';b='abc'}", 'a   b\n-   -\nabc abc'],
      ["[PSCustomObject]@{a=123;b='abc'}", '  a b\n  - -\n123 abc'],
      ['[PSCustomObject]@{a=123;b=123}', '  a   b\n  -   -\n123 123'],
    ];
    for (const [object, table] of cases) expect(shape(await text(`${object} | Format-Table | Out-String`))).toBe(shape(`\n${table}\n\n`));
  });

  it('rows wrapped with -Wrap: a multi-line value takes its own lines, its column as wide as the whole value', async () => {
    const cases: [string, string][] = [
      ['[pscustomobject] @{A=1;B=2;Name="This`nIs some random`nmultiline content"}', 'A B Name\n- - ----\n1 2 This\n    Is some random\n    multiline content'],
      ['[pscustomobject] @{Name="This`nIs some random`nmultiline content";A=1;B=2}', `Name${' '.repeat(34)}A B\n----${' '.repeat(34)}- -\nThis${' '.repeat(34)}1 2\nIs some random\nmultiline content`],
      ['[pscustomobject] @{A=1;Name="This`nIs some random`nmultiline content";B=2}', `A Name${' '.repeat(34)}B\n- ----${' '.repeat(34)}-\n1 This${' '.repeat(34)}2\n  Is some random\n  multiline content`],
    ];
    for (const [object, table] of cases) expect(shape(await text(`${object} | Format-Table -Wrap | Out-String`))).toBe(shape(`\n${table}\n\n`));
  });

  it('a calculated property with a width and center alignment', async () => {
    expect(shape(await text("[pscustomobject] @{ one = 1 } | Format-Table @{ l='one'; e='one'; width=10; alignment='center' } | Out-String"))).toBe(shape('\n   one\n   ---\n    1\n\n'));
  });

  it('double-width characters count two cells', async () => {
    const out = await text("[pscustomobject]@{ '哇' = '62'; 'dbda' = 'KM'; '消息' = '千' } | Format-Table | Out-String");
    expect(out).toBe('\n哇 dbda 消息\n-- ---- ----\n62 KM   千\n\n');
  });

  it('a fractional number in a table shows two decimals', async () => {
    expect(await text('[pscustomobject]@{ double = 1234.56789 } | Format-Table | Out-String')).toMatch(/^1234\.57$/m);
  });

  it('a string wider than the screen of a hashtable value is cut at 120 columns', async () => {
    const ran = await run("Format-Table -InputObject @{ test = '1' * 200 } | Out-String -Stream");
    expect(Math.max(...(ran.output as string[]).map((l) => l.length))).toBe(120);
  });
});

describe('Format-List (Pester)', () => {
  it('Should produce the expected output', async () => {
    expect(await text("[pscustomobject]@{ testName = 'testValue' } | Format-List | Out-String")).toBe('\ntestName : testValue\n\n');
  });

  it('fl is Format-List', async () => {
    expect(await text("[pscustomobject]@{ testName = 'testValue' } | fl | Out-String")).toBe(await text("[pscustomobject]@{ testName = 'testValue' } | Format-List | Out-String"));
  });

  it('Format-List with array should work: a hashtable entry as Name/Value', async () => {
    expect(await text('$info = @{}; $info.array = 0..255; $info | Format-List | Out-String')).toMatch(/Name {2}: array\s+Value : \{0, 1, 2, 3\u2026\}/);
  });

  it('nothing for strings, $null or an empty hashtable when properties are asked', async () => {
    for (const input of ['@{}', '$null', "'single line string'", "'Line1','Line2'"]) {
      const ran = await run(`${input} | Format-List -Force -Property 'foo','bar' | Out-String`);
      expect(((ran.output[0] as string | undefined) ?? '').trim()).toBe('');
    }
  });

  it('double-width characters and untruncated fractional numbers', async () => {
    expect(await text("[pscustomobject]@{ '哇' = '62'; 'dbda' = 'KM'; '消息' = '千' } | Format-List | Out-String")).toBe('\n哇   : 62\ndbda : KM\n消息 : 千\n\n');
    expect(await text('[PSCustomObject]@{ double = 1234.56789 } | Format-List | Out-String')).toBe('\ndouble : 1234.56789\n\n');
  });

  it('-ExcludeProperty leaves properties out, with wildcards, with or without -Property', async () => {
    expect(await text("[pscustomobject]@{ Name = 'Test'; Age = 30; City = 'Seattle' } | Format-List -ExcludeProperty Age | Out-String")).not.toMatch(/Age/);
    const out = await text('[pscustomobject]@{ Prop1 = 1; Prop2 = 2; Other = 3 } | Format-List -ExcludeProperty Prop* | Out-String');
    expect(out).toMatch(/Other/);
    expect(out).not.toMatch(/Prop/);
    expect(await text("[pscustomobject]@{ Name = 'Test'; Age = 30; City = 'Seattle'; Country = 'USA' } | Format-List -Property Name, Age, City, Country -ExcludeProperty Age | Out-String")).not.toMatch(/Age/);
  });

  it('objects of different shapes each show their own properties', async () => {
    const out = await text("[pscustomobject]@{Name='name1';Length=1},[pscustomobject]@{Name='name2';Value='value2';Length=2} | Format-List | Out-String");
    expect(out).toMatch(/Name {3}: name1/);
    expect(out).toMatch(/Value {2}: value2/);
  });
});

describe('Out-String (Pester)', () => {
  it('accumulates the strings and returns them as a single string', async () => {
    expect(await text("'a', ' b' | Out-String")).toBe('a\n b\n');
  });

  it('-Stream writes a string per line; the whole string is longer', async () => {
    expect((await run("'a', 'b' | Out-String -Stream")).output).toEqual(['a', 'b']);
    expect((await run('"a`nb" | Out-String -Stream')).output).toEqual(['a', 'b']);
  });

  it('-NoNewline: no newline added, embedded ones kept', async () => {
    expect(await text("'a', 'b' | Out-String -NoNewline")).toBe('ab');
    expect(await text('"a`n", "b" | Out-String -NoNewline')).toBe('a\nb');
  });

  it('-NoNewline with -Stream is AmbiguousParameterSet', async () => {
    const ran = await run("'a', 'b' | Out-String -NoNewline -Stream");
    expect(ran.errors[0].errorId).toBe('AmbiguousParameterSet,Out-String');
  });

  it('-Width fits a table to it', async () => {
    const out = await text(`[pscustomobject]@{ a = '${'x'.repeat(50)}' } | Out-String -Width 20`);
    expect(out.split('\n')[3]).toBe(`${'x'.repeat(19)}…`);
  });
});

describe('Format-Wide', () => {
  it('-Column n spreads n values a line over the screen; -AutoSize fits as many as the widest allows', async () => {
    const lines = (await run("'a', 'b', 'c', 'd' | Format-Wide -Column 3")).output as string[];
    expect(lines.map((l) => l.replace(/ +/g, ' '))).toEqual(['', 'a b c', 'd', '']);
    const auto = (await run("'aaaa', 'bbbb', 'cccc' | Format-Wide -AutoSize")).output as string[];
    expect(auto[1].replace(/ +/g, ' ')).toBe('aaaa bbbb cccc');
  });
});

describe('redirection to a file (Out-File)', () => {
  it('writes objects as the screen shows them; >> appends', async () => {
    const ran = await run("[pscustomobject]@{ a = 1; b = 2 } > out.txt; 'x', 'y' >> out.txt; Get-Content out.txt -Raw");
    expect(ran.output).toEqual(['\na b\n- -\n1 2\n\nx\ny\n']);
  });
});
