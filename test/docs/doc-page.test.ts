// The generated doc pages: PlatyPS layout, no placeholders, the corrections and the
// "Differences from Kestrun" note, determinism, the checked-in pages matching a fresh
// generation, `generate-docs --check` failing on a stale page, and Get-Help showing the same
// metadata. The --check tests spawn dist/scripts/generate-docs.js (built by `npm test`).

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinCmdlets } from '../../src/cmdlets/index.js';
import { createRunspace } from '../../src/index.js';
import { resolveMetadata } from '../../src/params/metadata.js';
import { renderDocPages } from '../../src/runtime/doc-page.js';

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const pages = () => renderDocPages(builtinCmdlets.map((c) => resolveMetadata(c.declaration)));
const page = pages().get('Invoke-KrCookieSignOut.md')!;

const SECTIONS = ['## SYNOPSIS', '## SYNTAX', '## ALIASES', '## DESCRIPTION', '## EXAMPLES', '## PARAMETERS', '## INPUTS', '## OUTPUTS', '## NOTES', '## RELATED LINKS'];

/** The body of `### -Name` up to the next heading. */
function parameterBlock(text: string, name: string): string {
  const start = text.indexOf(`### -${name}\n`);
  expect(start).toBeGreaterThan(-1);
  const end = text.indexOf('\n### ', start + 1);
  return text.slice(start, end);
}

describe('Invoke-KrCookieSignOut.md', () => {
  it('has the PlatyPS sections in order, front matter first, and no placeholders', () => {
    expect(page.startsWith('---\nlayout: default\n')).toBe(true);
    expect(page).toContain('\ndocument type: cmdlet\n');
    expect(page).toContain('\ntitle: Invoke-KrCookieSignOut\n---\n\n# Invoke-KrCookieSignOut\n');
    const positions = SECTIONS.map((s) => page.indexOf(`\n${s}\n`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(page).not.toMatch(/\{\{/);
  });

  it('shows the syntax under the SimpleIdentity parameter set', () => {
    expect(page).toContain(
      '### SimpleIdentity (Default)\n\n```powershell\nInvoke-KrCookieSignOut [[-Scheme] <string>] [[-AuthKind] {Cookies | OAuth2 | Oidc}]\n [[-RedirectUri] <string>] [[-Properties] <hashtable>] [-Redirect] [-Url <string>] [-Jar <string>]\n [-Verify] [-ServerLogout] [-OutJar <string>] [-WhatIf] [-Confirm] [<CommonParameters>]\n```',
    );
  });

  it('documents every shown parameter with its YAML block, -WhatIf/-Confirm and the common parameters', () => {
    for (const name of ['AuthKind', 'Confirm', 'Properties', 'Redirect', 'RedirectUri', 'Scheme', 'WhatIf']) {
      expect(parameterBlock(page, name)).toContain('```yaml\nType: ');
    }
    expect(parameterBlock(page, 'AuthKind')).toContain('DefaultValue: Cookies');
    expect(parameterBlock(page, 'AuthKind')).toContain('  Position: 1\n');
    expect(parameterBlock(page, 'AuthKind')).toContain('AcceptedValues:\n- Cookies\n- OAuth2\n- Oidc\n');
    expect(parameterBlock(page, 'Confirm')).toContain('Aliases:\n- cf\n');
    expect(parameterBlock(page, 'Redirect')).toContain('DefaultValue: False\n');
    expect(parameterBlock(page, 'Properties')).toContain('Type: System.Collections.Hashtable\n');
    expect(page).toContain('### CommonParameters\n\nThis cmdlet supports the common parameters: -Debug, -ErrorAction');
    // the deprecated parameter is hidden (dontShow) but explained in the notes
    expect(page).not.toContain('### -OidcScheme');
  });

  it("corrects the upstream page's errors and lists the differences from Kestrun", () => {
    const redirectUri = parameterBlock(page, 'RedirectUri');
    expect(redirectUri).toMatch(/Used by Oidc .* and OAuth2/);
    expect(redirectUri).not.toMatch(/Only used when OidcScheme/);
    const notes = page.slice(page.indexOf('## NOTES'), page.indexOf('## RELATED LINKS'));
    expect(notes).toContain('Differences from Kestrun:');
    for (const topic of ['OAuth2 works', '-Properties is honoured for every AuthKind', '-OidcScheme still works', 'Authenticated', "'state'", 'token store', 'id_token_hint']) {
      expect(notes).toContain(topic);
    }
    expect(page).toContain('### Kr.SignOutReport');
    expect(page).toContain("```powershell\nInvoke-KrCookieSignOut -OidcScheme 'oidc' -RedirectUri '/'\n```");
  });

  it('is deterministic and the checked-in pages match a fresh generation', () => {
    const fresh = pages();
    expect(pages()).toEqual(fresh);
    expect([...fresh.keys()].sort()).toEqual(builtinCmdlets.map((c) => `${c.declaration.name}.md`).sort());
    for (const [file, text] of fresh) expect(readFileSync(join(root, 'docs', 'cmdlets', file), 'utf8')).toBe(text);
  });
});

describe('generate-docs --check', () => {
  const script = join(root, 'dist', 'scripts', 'generate-docs.js');
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kr-docs-'));
    cpSync(join(root, 'docs', 'cmdlets'), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const check = () => spawnSync(process.execPath, [script, '--check', '--dir', dir], { encoding: 'utf8', timeout: 20000 });

  it('passes on pages that match the metadata', () => {
    const r = check();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('exits 1 naming the stale page and the first differing line', () => {
    const file = join(dir, 'Invoke-KrCookieSignOut.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('## SYNOPSIS\n\nSigns out', '## SYNOPSIS\n\nLogs out'));
    const r = check();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Invoke-KrCookieSignOut.md differs from its metadata (line 20:');
    expect(r.stderr).toContain('Run `npm run docs`');
  });

  it('exits 1 for a missing page and for a page of no cmdlet', () => {
    rmSync(join(dir, 'Get-Help.md'));
    writeFileSync(join(dir, 'Remove-Gone.md'), '# gone\n');
    const r = check();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Get-Help.md is missing');
    expect(r.stderr).toContain('Remove-Gone.md documents no registered cmdlet');
  });
});

describe('Get-Help Invoke-KrCookieSignOut', () => {
  const help = async (args: string) => String((await createRunspace().invoke(`Get-Help Invoke-KrCookieSignOut ${args}`)).output[0]);

  it('-Full shows the parameters, examples with remarks, and the notes', async () => {
    const text = await help('-Full');
    expect(text).toContain('    Invoke-KrCookieSignOut [[-Scheme] <string>] [[-AuthKind] {Cookies | OAuth2 | Oidc}]');
    expect(text).toContain('    -RedirectUri <string>');
    expect(text).toContain("PS > Invoke-KrCookieSignOut -OidcScheme 'oidc' -RedirectUri '/'");
    expect(text).toContain('    Removes the linked Cookies.github session cookie and answers 302 with Location /bye.');
    expect(text).toContain('    Differences from Kestrun:');
    expect(text).not.toContain('-OidcScheme <string>');
  });

  it('-Examples shows every example of the metadata', async () => {
    const text = await help('-Examples');
    const examples = resolveMetadata(builtinCmdlets.find((c) => c.declaration.name === 'Invoke-KrCookieSignOut')!.declaration).declaration.examples!;
    for (const e of examples) expect(text).toContain(`PS > ${e.code}`);
    expect(text).not.toContain('PARAMETERS');
  });
});
