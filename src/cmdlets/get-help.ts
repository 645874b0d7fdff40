// Get-Help: a command's help page from its metadata (src/runtime/help.ts lays it out), or
// kr's overview when no name is given. Writes the page as one string object.

import { ExitCode, KrError } from '../params/errors.js';
import { resolveMetadata, type CommandDeclaration } from '../params/metadata.js';
import { Cmdlet } from '../runtime/cmdlet.js';
import { hasWildcard, renderHelp, renderHelpOverview, renderParameterHelp, wildcardMatcher } from '../runtime/help.js';

export class GetHelp extends Cmdlet {
  static override declaration: CommandDeclaration = {
    name: 'Get-Help',
    // PowerShell's own short names (help and man are a function and an alias there)
    aliases: ['help', 'man'],
    synopsis: 'Displays information about kr commands.',
    description:
      'Shows the help of a kr cmdlet: its syntax, description and related links, built from the same\n' +
      'metadata the parameter binder uses. -Full adds every parameter, inputs, outputs, notes and examples;\n' +
      '-Examples shows only the examples; -Parameter shows one parameter. With no name, Get-Help shows an\n' +
      'overview of kr and its commands.',
    parameters: [
      { name: 'Name', type: 'string', position: 0, help: 'The command to show help for. Wildcards (*) list the matching commands.' },
      { name: 'Full', type: 'switch', help: 'Shows the entire help page, with parameters, inputs, outputs, notes and examples.' },
      { name: 'Examples', type: 'switch', help: 'Shows only the name, synopsis and examples.' },
      { name: 'Parameter', type: 'string', help: 'Shows only the description of the named parameter (wildcards allowed).' },
    ],
    examples: [
      { title: 'Show the help of a command', code: 'Get-Help Get-Command', remarks: 'Shows the name, synopsis, syntax and description.' },
      { title: 'Show everything', code: 'Get-Help Get-Command -Full', remarks: 'Adds parameters, inputs, outputs, notes and examples.' },
      { title: 'Show one parameter', code: 'Get-Help Get-Command -Parameter Name', remarks: 'Shows the description of -Name.' },
    ],
    outputs: [{ type: 'System.String', description: 'The help text.' }],
    relatedLinks: [{ text: 'Get-Command' }],
  };

  async invoke(): Promise<void> {
    const name = this.string('Name');
    const { runspace } = this.context;
    if (name === undefined || name === '') {
      this.writeObject(
        renderHelpOverview(runspace.commands().map((c) => ({ name: c.declaration.name, synopsis: c.declaration.synopsis }))),
      );
      return;
    }
    if (this.switch('Full') && this.switch('Examples')) {
      throw new KrError('AmbiguousParameterSet', 'Parameter set cannot be resolved using the specified named parameters.', {
        category: 'InvalidArgument',
        exitCode: ExitCode.Usage,
      });
    }
    const exact = hasWildcard(name) ? undefined : runspace.getCommand(name);
    const matches = exact ? [exact] : runspace.commands().filter((c) => wildcardMatcher(name)(c.declaration.name));
    if (matches.length === 0) {
      await this.writeError(
        new KrError('HelpNotFound', `Get-Help could not find ${name} in a help file in this session.`, {
          category: 'ResourceUnavailable',
          token: name,
        }),
      );
      return;
    }
    if (matches.length > 1) {
      for (const c of matches) this.writeObject({ name: c.declaration.name, category: 'Cmdlet', synopsis: c.declaration.synopsis });
      return;
    }
    const metadata = resolveMetadata(matches[0].declaration);
    const parameter = this.string('Parameter');
    if (parameter !== undefined) {
      this.writeObject(renderParameterHelp(metadata, parameter));
      return;
    }
    this.writeObject(renderHelp(metadata, this.switch('Full') ? 'full' : this.switch('Examples') ? 'examples' : 'default'));
  }
}
