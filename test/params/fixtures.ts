// Test cmdlet declarations for the params tests (the real cmdlets live in src/cmdlets).

import { isKrError, type KrError } from '../../src/params/errors.js';
import { resolveMetadata, type CommandDeclaration } from '../../src/params/metadata.js';
import { parseScript, type CommandElement } from '../../src/params/tokenizer.js';

/**
 * Shaped like Invoke-KrCookieSignOut (REFERENCE.md §1), in upstream's declaration order
 * (Scheme, AuthKind, Redirect, RedirectUri, Properties): the order PowerShell lists
 * ambiguous candidates in.
 */
export const signOutDeclaration: CommandDeclaration = {
  name: 'Invoke-TestSignOut',
  synopsis: 'Test cmdlet shaped like Invoke-KrCookieSignOut.',
  description: '',
  supportsShouldProcess: true,
  confirmImpact: 'Low',
  parameters: [
    { name: 'Scheme', type: 'string', position: 0, default: 'Cookies', help: '' },
    { name: 'AuthKind', type: 'string', position: 1, default: 'Cookies', validateSet: ['Cookies', 'OAuth2', 'Oidc'], help: '' },
    { name: 'Redirect', type: 'switch', help: '' },
    { name: 'RedirectUri', type: 'string', position: 2, default: '/', help: '' },
    { name: 'Properties', type: 'hashtable', position: 3, help: '' },
  ],
};

/** Mandatory, int, string[], bool, enum, object and sensitive parameters; no ShouldProcess. */
export const typedDeclaration: CommandDeclaration = {
  name: 'Set-TestThing',
  synopsis: 'Test cmdlet with typed parameters.',
  description: '',
  parameters: [
    { name: 'Name', type: 'string', position: 0, mandatory: true, aliases: ['n'], help: '' },
    { name: 'Count', type: 'int', position: 1, validateRange: [1, 10], help: '' },
    { name: 'Tags', type: 'string[]', help: '' },
    { name: 'Path', type: 'string', mandatory: true, aliases: ['FilePath'], help: '' },
    { name: 'Enabled', type: 'bool', help: '' },
    { name: 'Token', type: 'string', sensitive: true, validateSet: ['alpha', 'beta'], help: '' },
    { name: 'Mode', type: 'ActionPreference', help: '' },
    { name: 'Anything', type: 'object', help: '' },
  ],
};

export const signOut = resolveMetadata(signOutDeclaration);
export const typed = resolveMetadata(typedDeclaration);

/** The elements of `<command> <args>` read as a script. */
export function elementsOf(args: string): CommandElement[] {
  const [statement] = parseScript(`Invoke-X ${args}`);
  if (statement?.kind !== 'command') throw new Error(`not a command: ${args}`);
  return statement.elements;
}

/** Runs `fn` and returns the KrError it threw (failing the test when it throws nothing, or something else). */
export function thrown(fn: () => unknown): KrError {
  try {
    fn();
  } catch (error) {
    if (isKrError(error)) return error;
    throw error;
  }
  throw new Error('expected a KrError, none was thrown');
}
