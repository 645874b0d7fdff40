// A differential test of kr's parser against an independent PowerShell grammar
// (tree-sitter-powershell, run from its WebAssembly build: used only here). A corpus of
// hand-written scripts and 600 generated ones (a fixed seed) is parsed by both; every script one
// accepts and the other rejects is listed in test/language/differential-report.md (regenerated
// each run), and the hand-written corpus must agree except for the differences the README
// names as deliberate.

import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { Language, Parser } from 'web-tree-sitter';
import { isKrError } from '../../src/params/errors.js';
import { parseScriptBlock } from '../../src/params/parser.js';

const require = createRequire(import.meta.url);
let treeSitter: Parser;

beforeAll(async () => {
  await Parser.init();
  const language = await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
  treeSitter = new Parser();
  treeSitter.setLanguage(language);
});

const krAccepts = (text: string): boolean => {
  try {
    parseScriptBlock(text);
    return true;
  } catch (error) {
    if (!isKrError(error)) throw error;
    return false;
  }
};
const treeSitterAccepts = (text: string): boolean => !treeSitter.parse(text)!.rootNode.hasError;

/** Scripts both must accept. */
const VALID = [
  'Get-Command',
  "Invoke-KrCookieSignOut -Scheme 'oidc' -AuthKind Oidc -RedirectUri /bye -WhatIf",
  '$x = 1 + 2 * 3',
  '$h = @{ a = 1; b = "two" }; $h.a',
  'if ($x -gt 1) { "big" } elseif ($x -eq 1) { "one" } else { "small" }',
  'foreach ($i in 1..3) { $i }',
  'for ($i = 0; $i -lt 3; $i++) { $i }',
  'while ($true) { break }',
  'do { $i++ } while ($i -lt 3)',
  'try { throw "x" } catch { $_ } finally { "done" }',
  '1..5 | Where-Object { $_ -gt 2 } | ForEach-Object { $_ * 2 }',
  '"value: $($x.Name) and $y"',
  "@'\nliteral $x\n'@",
  '@"\nexpanded $x\n"@',
  '[int]"5" + [string]6',
  "'a,b' -split ',' -join '+'",
  '$a = @(1, 2, 3); $a[0..1]',
  '$env:CI',
  'Write-Output @args',
  'Get-Thing -Name:$true -Verbose',
  '& { param($a) $a } 1',
  'exit 3',
  '"a" -match "^(?<n>a)$"; $Matches.n',
  'function Get-Greeting {\n  param([string]$Name)\n  "hello $Name"\n}',
  'function f { [CmdletBinding()]\n param([Parameter(Mandatory)][string]$x)\n process { $x } }',
];

/** Scripts both must reject. */
const INVALID = ['@{ a = 1', '$x = (1 + ', 'if ($x { }', '"unterminated', 'foreach ($i 1..3) { }', '1 +', 'function { }', '$(1'];

/**
 * Deliberate differences (the README lists them): scripts tree-sitter's grammar rejects that
 * PowerShell itself runs, so kr runs them too.
 */
const KR_ONLY = new Set(['function f { param($a) $a }', "switch ($x) { 1 { 'one' } default { 'other' } }", '$x ?? "default"']);

describe('kr and tree-sitter-powershell agree on the hand-written corpus', () => {
  it.each(VALID)('both accept %j', (text) => {
    expect([text, krAccepts(text), treeSitterAccepts(text) || KR_ONLY.has(text)]).toEqual([text, true, true]);
  });

  it.each(INVALID)('both reject %j', (text) => {
    expect([text, krAccepts(text), treeSitterAccepts(text)]).toEqual([text, false, false]);
  });

  it.each([...KR_ONLY])('a deliberate difference stays one: %j (kr accepts, the grammar does not)', (text) => {
    expect([krAccepts(text), treeSitterAccepts(text)]).toEqual([true, false]);
  });
});

describe('600 generated scripts', () => {
  it('are parsed by both; every disagreement is listed, and there are few', () => {
    const word = fc.constantFrom('Get-Thing', '$x', '$y.Name', "'s'", '"d $x"', '1', '2.5', '@{ a = 1 }', '@(1, 2)', '(1 + 2)', '$(3)', '-Name', '-Flag:$true', 'x,y', '[int]$x', '$h.Keys', '1..3', '{ $_ }');
    const op = fc.constantFrom(' + ', ' -eq ', ' -and ', ' -join ', ' -f ', ' | ', '; ', ', ', ' = ', ' ');
    const script = fc
      .tuple(fc.array(fc.tuple(word, op), { minLength: 1, maxLength: 5 }), word)
      .map(([pairs, last]) => pairs.map(([w, o]) => w + o).join('') + last);
    const corpus = fc.sample(script, { numRuns: 600, seed: 20261204 });
    const disagreements = corpus
      .map((text) => ({ text, kr: krAccepts(text), treeSitter: treeSitterAccepts(text) }))
      .filter((r) => r.kr !== r.treeSitter);
    const lines = ['# kr parser vs tree-sitter-powershell: disagreements on the generated corpus', '', `${disagreements.length} of ${corpus.length} scripts.`, '', '| script | kr | tree-sitter |', '|---|---|---|'];
    for (const d of disagreements) lines.push(`| \`${d.text.replace(/\|/g, '\\|')}\` | ${d.kr ? 'accepts' : 'rejects'} | ${d.treeSitter ? 'accepts' : 'rejects'} |`);
    writeFileSync(new URL('./differential-report.md', import.meta.url), `${lines.join('\n')}\n`);
    expect(corpus.length).toBeGreaterThanOrEqual(500);
    // the two grammars agree on nearly all of it (the report says where and why not)
    expect(disagreements.length / corpus.length).toBeLessThan(0.2);
  });
});
