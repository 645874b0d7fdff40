// Get-Command: lists the registered cmdlets (name, synopsis, syntax and parameter metadata;
// a table for a person, src/cmdlets/command-info.ts), or with -Syntax just their syntax lines. -Name accepts `*` wildcards; a plain name that matches nothing is a
// non-terminating CommandNotFoundException, a wildcard that matches nothing is no output.

import { BindingErrors } from '../params/errors.js';
import { resolveMetadata, type CommandDeclaration } from '../params/metadata.js';
import { Cmdlet } from '../runtime/cmdlet.js';
import { hasWildcard, syntaxLine, wildcardMatcher } from '../runtime/help.js';
import { CommandInfo, commandInfoData } from './command-info.js';
import { ScriptFunction } from '../runtime/script-function.js';

export class GetCommand extends Cmdlet {
  static override declaration: CommandDeclaration = {
    name: 'Get-Command',
    // PowerShell's own short names (help and man are a function and an alias there)
    aliases: ['gcm'],
    synopsis: 'Gets the kr commands.',
    description:
      'Lists the cmdlets registered in this kr session with their synopsis and syntax line.\n' +
      '-Name selects commands by name (wildcards allowed); -Syntax writes only the syntax lines.',
    parameters: [
      { name: 'Name', type: 'string', position: 0, help: 'Name of the commands to get. Wildcards (*) are permitted.' },
      { name: 'Syntax', type: 'switch', help: 'Writes only the syntax line of each command.' },
    ],
    examples: [
      { title: 'List every command', code: 'Get-Command', remarks: 'Writes one object per cmdlet (name, synopsis, syntax and its parameters), shown as a CommandType / Name / Synopsis table.' },
      { title: 'Show the syntax of a command', code: 'Get-Command -Name Get-Help -Syntax', remarks: 'Writes the syntax line.' },
      { title: 'Find commands by pattern', code: "Get-Command 'Get-*'", remarks: 'Lists the commands whose name starts with Get-.' },
    ],
    outputs: [
      { type: 'System.Management.Automation.CmdletInfo', description: 'An object with name, synopsis, syntax, aliases, ShouldProcess support and every parameter (type, position, aliases, mandatory, default, ValidateSet, ValidateRange, help).' },
      { type: 'System.String', description: 'With -Syntax, the syntax line.' },
    ],
    relatedLinks: [{ text: 'Get-Help' }],
  };

  async invoke(): Promise<void> {
    const { runspace } = this.context;
    const pattern = this.string('Name') ?? '*';
    const wildcard = hasWildcard(pattern);
    const exact = wildcard ? undefined : runspace.getCommand(pattern);
    const matches = wildcard ? runspace.commands().filter((c) => wildcardMatcher(pattern)(c.declaration.name)) : exact ? [exact] : [];
    if (matches.length === 0 && !wildcard) {
      await this.writeError(BindingErrors.commandNotFound(pattern, { token: pattern, exitCode: 1 }));
      return;
    }
    for (const c of matches) {
      const metadata = resolveMetadata(c.declaration);
      const commandType = c.prototype instanceof ScriptFunction ? 'Function' : 'Cmdlet';
      this.writeObject(this.switch('Syntax') ? syntaxLine(metadata) : new CommandInfo(commandInfoData(metadata, commandType)));
    }
  }
}
