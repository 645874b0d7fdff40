// Get-Variable (gv), Set-Variable (set) and Remove-Variable (rv): the session's variables as
// Name/Value objects, set one by name, remove one. Grouped: one job (the variable table).

import { KrError } from '../../params/errors.js';
import type { CommandDeclaration } from '../../params/metadata.js';
import { psToString, type PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { wildcardToRegex } from '../../runtime/operators.js';
import { PsCustomObject } from '../../runtime/ps-objects.js';

export class GetVariable extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(GetVariable, () => ({
      name: 'Get-Variable',
      aliases: ['gv'],
      synopsis: 'Gets the variables in the current console.',
      description: 'Writes Name/Value objects for the variables whose names match -Name (wildcards), or only the values with -ValueOnly.',
      parameters: [
        { name: 'Name', type: 'string[]', position: 0, help: 'Variable names; wildcards allowed.' },
        { name: 'ValueOnly', type: 'switch', help: 'Writes only the values.' },
      ],
      examples: [{ title: 'A variable\'s value', code: "$answer = 42; Get-Variable answer -ValueOnly", remarks: 'Writes 42.' }],
    }));
  }

  async invoke(): Promise<void> {
    const patterns = this.stringArray('Name') ?? ['*'];
    const visible = this.context.runspace.global.visible();
    for (const pattern of patterns) {
      const found = visible.filter((v) => wildcardToRegex(pattern, false).test(v.name)).sort((a, b) => a.name.localeCompare(b.name));
      if (found.length === 0 && !/[*?[]/.test(pattern)) {
        await this.writeError(new KrError('VariableNotFound', `Cannot find a variable with the name '${pattern}'.`, { category: 'ObjectNotFound' }));
        continue;
      }
      for (const v of found) this.writeObject(this.switch('ValueOnly') ? v.value : PsCustomObject.from([['Name', v.name], ['Value', v.value]]));
    }
  }
}

export class SetVariable extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(SetVariable, () => ({
      name: 'Set-Variable',
      aliases: ['set'],
      synopsis: 'Sets the value of a variable.',
      description: 'Sets the variable -Name (created when missing) to -Value.',
      parameters: [
        { name: 'Name', type: 'string', position: 0, mandatory: true, help: 'The variable name (without $).' },
        { name: 'Value', type: 'object', position: 1, valueFromPipeline: true, help: 'The value.' },
      ],
      examples: [{ title: 'Set a variable by name', code: 'Set-Variable target https://app.example; $target', remarks: 'Writes https://app.example.' }],
    }));
  }

  async invoke(): Promise<void> {
    const value: PsValue = this.pipelineObject ?? (this.value('Value') ?? null);
    this.context.runspace.setVariable(psToString(this.string('Name') ?? ''), value);
  }
}

export class RemoveVariable extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(RemoveVariable, () => ({
      name: 'Remove-Variable',
      aliases: ['rv'],
      synopsis: 'Deletes a variable and its value.',
      description: 'Removes the variable -Name from the session.',
      parameters: [{ name: 'Name', type: 'string[]', position: 0, mandatory: true, help: 'The variable names (without $).' }],
      examples: [{ title: 'Forget a variable', code: '$tmp = 1; Remove-Variable tmp; $null -eq $tmp', remarks: 'Writes True.' }],
    }));
  }

  async invoke(): Promise<void> {
    for (const name of this.stringArray('Name') ?? []) {
      if (!this.context.runspace.global.remove(name)) {
        await this.writeError(new KrError('VariableNotFound', `Cannot find a variable with the name '${name}'.`, { category: 'ObjectNotFound' }));
      }
    }
  }
}
