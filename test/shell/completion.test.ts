// The completion engine (src/shell/completion.ts) over real declarations: cmdlet names,
// parameter names (prefixes, common ones, dontShow hidden, bound ones gone), ValidateSet
// values after -Name, in -Name: and by position, scheme names from the config file; the
// line lexer it relies on; and `kr __complete` / `kr completion` of the built executable.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeLine, completeWords, type CompletionContext } from '../../src/shell/completion.js';
import { completeCliWords } from '../../src/shell/cli-completion.js';
import { configSchemeNames } from '../../src/shell/config-schemes.js';
import { wordsAtEnd } from '../../src/shell/words.js';
import { krOptionSpecs } from '../../src/cli/program.js';
import { builtinCmdlets } from '../../src/cmdlets/index.js';
import type { CommandDeclaration } from '../../src/params/metadata.js';
import { ensureBuilt, runKr } from './kr-process.js';

const signOut: { declaration: CommandDeclaration } = {
  declaration: {
    name: 'Invoke-TestSignOut',
    synopsis: 's',
    description: 'd',
    supportsShouldProcess: true,
    aliases: ['itso'],
    parameters: [
      { name: 'Scheme', type: 'string', position: 0, help: 'h' },
      { name: 'AuthKind', type: 'string', position: 1, validateSet: ['Cookies', 'OAuth2', 'Oidc'], help: 'h' },
      { name: 'RedirectUri', type: 'string', position: 2, help: 'h' },
      { name: 'Redirect', type: 'switch', help: 'h' },
      { name: 'OidcScheme', type: 'string', dontShow: true, help: 'h' },
      { name: 'Strict', type: 'bool', help: 'h' },
    ],
  },
};
const other: { declaration: CommandDeclaration } = {
  declaration: { name: 'Get-TestThing', synopsis: 's', description: 'd', parameters: [] },
};
const context: CompletionContext = { commands: [signOut, other, ...builtinCmdlets], schemeNames: () => ['Cookies', 'oidc', 'My App'] };
const complete = (...words: string[]): string[] => completeWords(words, context);

describe('command names', () => {
  test('case-insensitive prefix, canonical spelling, aliases too', () => {
    expect(complete('invoke-t')).toEqual(['Invoke-TestSignOut']);
    expect(complete('GET-')).toEqual(['Get-Command', 'Get-Content', 'Get-Date', 'Get-Help', 'Get-KrCookie', 'Get-Member', 'Get-TestThing', 'Get-Variable']);
    expect(complete('itS')).toEqual(['itso']);
    expect(complete('Nothing-')).toEqual([]);
  });
});

describe('parameter names', () => {
  test('after -: prefixes, declared first, then common and ShouldProcess parameters', () => {
    expect(complete('Invoke-TestSignOut', '-Red')).toEqual(['-RedirectUri', '-Redirect']);
    expect(complete('Invoke-TestSignOut', '-w')).toEqual(['-WarningAction', '-WarningVariable', '-WhatIf']);
    expect(complete('invoke-testsignout', '-ERRORA')).toEqual(['-ErrorAction']);
    const all = complete('Invoke-TestSignOut', '-');
    expect(all.slice(0, 5)).toEqual(['-Scheme', '-AuthKind', '-RedirectUri', '-Redirect', '-Strict']);
    expect(all).toEqual(expect.arrayContaining(['-Verbose', '-OutBuffer', '-Confirm']));
  });

  test('dontShow parameters are hidden; parameters already bound (by name or position) are not offered again', () => {
    expect(complete('Invoke-TestSignOut', '-Oidc')).toEqual([]);
    expect(complete('Invoke-TestSignOut', '-Scheme', 'x', '-S')).toEqual(['-Strict']);
    expect(complete('Invoke-TestSignOut', 'x', '-S')).toEqual(['-Strict']);
    expect(complete('Invoke-TestSignOut', '-WhatIf', '-Wh')).toEqual([]);
  });
});

describe('values', () => {
  test('ValidateSet values after -Name (also a unique prefix of it) and in -Name:', () => {
    expect(complete('Invoke-TestSignOut', '-AuthKind', 'O')).toEqual(['OAuth2', 'Oidc']);
    expect(complete('Invoke-TestSignOut', '-AuthKind', 'oi')).toEqual(['Oidc']);
    expect(complete('Invoke-TestSignOut', '-Auth', '')).toEqual(['Cookies', 'OAuth2', 'Oidc']);
    expect(complete('Invoke-TestSignOut', '-AuthKind:o')).toEqual(['-AuthKind:OAuth2', '-AuthKind:Oidc']);
    expect(complete('Invoke-TestSignOut', '-AuthKind', "'O")).toEqual(["'OAuth2'", "'Oidc'"]);
  });

  test('positional AuthKind: the second positional value, or the first once -Scheme is named', () => {
    expect(complete('Invoke-TestSignOut', 'oidc', 'O')).toEqual(['OAuth2', 'Oidc']);
    expect(complete('Invoke-TestSignOut', '-Scheme', 'oidc', 'o')).toEqual(['OAuth2', 'Oidc']);
    expect(complete('Invoke-TestSignOut', '-Redirect', 'oidc', 'Co')).toEqual(['Cookies']);
    expect(complete('Invoke-TestSignOut', 'a', 'Oidc', '/', '')).toEqual([]);
  });

  test('scheme names for -Scheme (quoted when needed), ActionPreference names, $true/$false', () => {
    expect(complete('Invoke-TestSignOut', '-Scheme', '')).toEqual(['Cookies', 'oidc', "'My App'"]);
    expect(complete('Invoke-TestSignOut', 'm')).toEqual(["'My App'"]);
    expect(complete('Invoke-TestSignOut', '-ErrorAction', 's')).toEqual(['SilentlyContinue', 'Stop']);
    expect(complete('Invoke-TestSignOut', '-Strict', '')).toEqual(['$true', '$false']);
    expect(complete('Invoke-TestSignOut', '-Redirect', '-RedirectUri', '')).toEqual([]);
  });

  test('the real Invoke-KrCookieSignOut: its ValidateSet comes from its metadata', () => {
    expect(complete('Invoke-KrCookieSignOut', '-AuthKind', 'O')).toEqual(['OAuth2', 'Oidc']);
    expect(complete('Invoke-KrCookieSignOut', '-Sch')).toEqual(['-Scheme']);
  });
});

describe('lines', () => {
  test('the statement after the last ; or newline, quotes and hashtables kept whole', () => {
    expect(wordsAtEnd("Get-Help; Invoke-TestSignOut -Properties @{ a = 'x y'; b = 1 } -Au").map((w) => w.text)).toEqual([
      'Invoke-TestSignOut',
      '-Properties',
      "@{ a = 'x y'; b = 1 }",
      '-Au',
    ]);
    expect(wordsAtEnd("x 'a b' ").map((w) => w.text)).toEqual(['x', "'a b'", '']);
    expect(wordsAtEnd('x # comment\ny').map((w) => w.text)).toEqual(['y']);
  });

  test('completeLine names the word each candidate replaces', () => {
    expect(completeLine('$s = 1; invoke-test', context)).toEqual({ word: 'invoke-test', candidates: ['Invoke-TestSignOut'] });
    expect(completeLine('Invoke-TestSignOut -AuthKind O', context)).toEqual({ word: 'O', candidates: ['OAuth2', 'Oidc'] });
    expect(completeLine('Invoke-TestSignOut ', context).candidates).toEqual(['Cookies', 'oidc', "'My App'"]);
  });

  test('a $ word completes variable names, as the first word and as a value; names that need it get ${}', () => {
    const withVariables: CompletionContext = { ...context, variableNames: () => ['WhatIfPreference', 'WarningPreference', 'scheme', 'my var', '?'] };
    expect(completeLine('$Wh', withVariables)).toEqual({ word: '$Wh', candidates: ['$WhatIfPreference'] });
    expect(completeLine('Invoke-TestSignOut -Scheme $s', withVariables).candidates).toEqual(['$scheme']);
    expect(completeLine('Invoke-TestSignOut -Redirect:$f', withVariables).candidates).toEqual(['-Redirect:$false']);
    expect(completeLine('Invoke-TestSignOut -Redirect:', withVariables).candidates).toEqual(['-Redirect:$true', '-Redirect:$false']);
    expect(completeWords(['Invoke-TestSignOut', '$t'], withVariables)).toEqual(['$true']);
    expect(completeWords(['$m'], withVariables)).toEqual(['${my var}']);
    expect(completeWords(['$'], withVariables)).toEqual(['$?', '$false', '${my var}', '$null', '$scheme', '$true', '$WarningPreference', '$WhatIfPreference']);
    // without a session's variables (kr __complete), the constants still complete
    expect(completeWords(['$nu'], context)).toEqual(['$null']);
  });
});

describe('kr command line words (kr __complete)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kr-complete-'));
    writeFileSync(join(dir, 'kr.config.json'), JSON.stringify({ schemes: { Cookies: { kind: 'Cookies' }, oidc: { kind: 'Oidc' } } }));
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ schemes: { github: { kind: 'OAuth2' } } }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (words: string[], env: Record<string, string> = {}): string[] =>
    completeCliWords(words, { commands: context.commands, options: krOptionSpecs(), env, cwd: dir });

  test("kr's options before the cmdlet, then the engine; --config and KR_CONFIG say where schemes come from", () => {
    expect(cli(['--js'])).toEqual(['--json']);
    expect(cli(['--json', '--jar', 'c.txt', 'Invoke-TestS'])).toEqual(['Invoke-TestSignOut']);
    expect(cli(['Invoke-TestSignOut', '-Scheme', ''])).toEqual(['Cookies', 'oidc']);
    expect(cli(['--config', 'other.json', 'Invoke-TestSignOut', ''])).toEqual(['github']);
    expect(cli(['--config=other.json', 'Invoke-TestSignOut', ''])).toEqual(['github']);
    expect(cli(['Invoke-TestSignOut', ''], { KR_CONFIG: join(dir, 'other.json') })).toEqual(['github']);
    expect(cli(['--jar', ''])).toEqual([]);
    expect(cli(['-c', 'Get-'])).toEqual([]);
    expect(cli(['comp'])).toEqual(['completion']);
    expect(cli(['completion', 'z'])).toEqual(['zsh']);
    expect(configSchemeNames({ configPath: 'missing.json', env: {}, cwd: dir })).toEqual([]);
  });

  test('the built kr answers __complete and prints completion scripts', () => {
    ensureBuilt();
    const run = (args: string[]) => runKr(args, { cwd: dir });
    expect(run(['__complete', '--', 'Invoke-KrCookieSignOut', '-AuthKind', 'O']).stdout).toBe('OAuth2\nOidc\n');
    expect(run(['__complete', '--', 'Invoke-KrCookieSignOut', '-Scheme', '']).stdout).toBe('Cookies\noidc\n');
    expect(run(['__complete', 'get-h']).stdout).toBe('Get-Help\n');
    for (const shell of ['bash', 'zsh', 'fish', 'pwsh']) {
      const r = run(['completion', shell]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('kr __complete');
    }
    const bad = run(['completion', 'tcsh']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('bash|zsh|fish|pwsh');
  }, 120000);
});
