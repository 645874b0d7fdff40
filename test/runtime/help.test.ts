// Get-Help's layout and the syntax line, from metadata alone.
import { resolveMetadata, type CommandDeclaration } from '../../src/params/metadata.js';
import {
  describeParameter,
  renderHelp,
  renderHelpOverview,
  renderParameterHelp,
  syntaxElement,
  syntaxLine,
  wildcardMatcher,
} from '../../src/runtime/help.js';
import { GetCommand } from '../../src/cmdlets/get-command.js';
import { GetHelp } from '../../src/cmdlets/get-help.js';

const testX: CommandDeclaration = {
  name: 'Test-X',
  synopsis: 'Signs out of a scheme (test double of Invoke-KrCookieSignOut).',
  description: 'Signs the user out.\nSecond line.',
  supportsShouldProcess: true,
  confirmImpact: 'Low',
  parameters: [
    { name: 'Scheme', type: 'string', position: 0, default: 'Cookies', help: 'The scheme to sign out.' },
    { name: 'AuthKind', type: 'string', position: 1, default: 'Cookies', validateSet: ['Cookies', 'OAuth2', 'Oidc'], help: 'Kind.' },
    { name: 'RedirectUri', type: 'string', position: 2, default: '/', help: 'Where to go.' },
    { name: 'Properties', type: 'hashtable', position: 3, help: 'Items.' },
    { name: 'Redirect', type: 'switch', help: 'Redirect after sign-out.' },
    { name: 'OidcScheme', type: 'string', dontShow: true, deprecated: 'Use -AuthKind Oidc.', help: 'Old.' },
  ],
  examples: [
    { title: 'Sign out', code: 'Test-X -WhatIf', remarks: 'Shows what would happen.' },
    { title: 'Two lines', code: 'Test-X\nTest-X -Redirect', remarks: '' },
  ],
  outputs: [{ type: 'System.Void', description: '' }],
  notes: 'A note.',
  relatedLinks: [{ text: 'Online Version:', uri: 'https://example.invalid/test-x' }],
};
const meta = resolveMetadata(testX);

test('the syntax line is drawn as PowerShell draws it', () => {
  expect(syntaxLine(meta)).toBe(
    'Test-X [[-Scheme] <string>] [[-AuthKind] {Cookies | OAuth2 | Oidc}] [[-RedirectUri] <string>] [[-Properties] <hashtable>] [-Redirect] [-WhatIf] [-Confirm] [<CommonParameters>]',
  );
});

test('mandatory parameters lose their outer brackets; positionals come first by position', () => {
  const m = resolveMetadata({
    name: 'Test-M',
    synopsis: '',
    description: '',
    parameters: [
      { name: 'Named', type: 'int', mandatory: true, help: '' },
      { name: 'Second', type: 'string', position: 1, help: '' },
      { name: 'First', type: 'string[]', position: 0, mandatory: true, help: '' },
      { name: 'On', type: 'switch', mandatory: true, help: '' },
    ],
  });
  expect(syntaxLine(m)).toBe('Test-M [-First] <string[]> [[-Second] <string>] -Named <int> -On [<CommonParameters>]');
  expect(syntaxElement(m.byName.get('named')!)).toBe('-Named <int>');
});

test('the default view has NAME, SYNOPSIS, SYNTAX, DESCRIPTION, RELATED LINKS, REMARKS', () => {
  expect(renderHelp(meta)).toBe(
    [
      '',
      'NAME',
      '    Test-X',
      '',
      'SYNOPSIS',
      '    Signs out of a scheme (test double of Invoke-KrCookieSignOut).',
      '',
      'SYNTAX',
      `    ${syntaxLine(meta)}`,
      '',
      'DESCRIPTION',
      '    Signs the user out.',
      '    Second line.',
      '',
      'RELATED LINKS',
      '    Online Version: https://example.invalid/test-x',
      '',
      'REMARKS',
      '    To see the examples, type: "Get-Help Test-X -Examples".',
      '    For technical information, type: "Get-Help Test-X -Full".',
      '',
    ].join('\n'),
  );
});

test('-Full adds PARAMETERS, INPUTS, OUTPUTS, NOTES, EXAMPLES in that order, without REMARKS', () => {
  const text = renderHelp(meta, 'full');
  const headers = text.split('\n').filter((l) => /^[A-Z][A-Z ]+$/.test(l));
  expect(headers).toEqual(['NAME', 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'EXAMPLES', 'RELATED LINKS']);
  expect(text).toContain(
    [
      '    -AuthKind <string>',
      '        Kind.',
      '        Possible values: Cookies, OAuth2, Oidc',
      '',
      '        Required?                    false',
      '        Position?                    1',
      '        Default value                Cookies',
      '        Accept pipeline input?       false',
      '        Aliases                      none',
      '        Accept wildcard characters?  false',
    ].join('\n'),
  );
  expect(text).toContain('    -Redirect [<SwitchParameter>]');
  expect(text).toContain('        Position?                    named\n        Default value                False');
  expect(text).toContain('    -WhatIf [<SwitchParameter>]');
  expect(text).toContain('        Aliases                      wi');
  expect(text).toContain('    <CommonParameters>\n        This cmdlet supports the common parameters: Verbose, Debug,');
  expect(text).not.toContain('OidcScheme');
  expect(text).toContain('INPUTS\n    None\n');
  expect(text).toContain('OUTPUTS\n    System.Void\n');
  expect(text).toContain('NOTES\n    A note.\n');
  expect(text).toContain('    PS > Test-X -WhatIf\n\n    Shows what would happen.');
  expect(text).toContain('    PS > Test-X\n    Test-X -Redirect');
  expect(text).toMatch(/ {4}-+ Example 1: Sign out -+\n/);
  expect(text).not.toContain('REMARKS');
});

test('-Examples shows NAME, SYNOPSIS and EXAMPLES only', () => {
  const text = renderHelp(meta, 'examples');
  const headers = text.split('\n').filter((l) => /^[A-Z][A-Z ]+$/.test(l));
  expect(headers).toEqual(['NAME', 'SYNOPSIS', 'EXAMPLES']);
  expect(text).toContain('PS > Test-X -WhatIf');
});

test('-Parameter shows one block; wildcards allowed; unknown is NoParmsFound', () => {
  expect(renderParameterHelp(meta, 'scheme')).toContain('    -Scheme <string>\n        The scheme to sign out.');
  expect(renderParameterHelp(meta, 'Re*')).toMatch(/-RedirectUri[\s\S]*-Redirect /);
  expect(() => renderParameterHelp(meta, 'Nope')).toThrow(expect.objectContaining({ errorId: 'NoParmsFound' }));
  expect(() => renderParameterHelp(meta, 'OidcScheme')).toThrow();
});

test('describeParameter exposes the values the doc generator needs', () => {
  expect(describeParameter(meta.byName.get('scheme')!)).toEqual({
    name: 'Scheme',
    typeName: 'string',
    description: 'The scheme to sign out.',
    required: false,
    position: '0',
    defaultValue: 'Cookies',
    acceptPipelineInput: 'false',
    aliases: 'none',
    acceptWildcardCharacters: false,
    validValues: undefined,
  });
  const getCommand = resolveMetadata(GetCommand.declaration);
  expect(describeParameter(getCommand.byName.get('name')!, 'Get-Command').acceptWildcardCharacters).toBe(true);
});

test('the built-in cmdlets have the expected syntax lines', () => {
  expect(syntaxLine(resolveMetadata(GetCommand.declaration))).toBe('Get-Command [[-Name] <string>] [-Syntax] [<CommonParameters>]');
  expect(syntaxLine(resolveMetadata(GetHelp.declaration))).toBe(
    'Get-Help [[-Name] <string>] [-Full] [-Examples] [-Parameter <string>] [<CommonParameters>]',
  );
});

test('the overview lists the commands', () => {
  const text = renderHelpOverview([
    { name: 'Get-Help', synopsis: 'Help.' },
    { name: 'Get-Command', synopsis: 'Commands.' },
  ]);
  expect(text).toContain('    Usage: kr [options] <Cmdlet> [arguments...]');
  expect(text).toContain('      Get-Help     Help.');
  expect(text).toContain('      Get-Command  Commands.');
});

test('wildcards: * and ?, case-insensitive, anchored', () => {
  expect(wildcardMatcher('get-*')('Get-Help')).toBe(true);
  expect(wildcardMatcher('*-Help')('Get-Help')).toBe(true);
  expect(wildcardMatcher('Get-H?lp')('Get-Help')).toBe(true);
  expect(wildcardMatcher('Help')('Get-Help')).toBe(false);
  expect(wildcardMatcher('a.b')('aXb')).toBe(false);
});
