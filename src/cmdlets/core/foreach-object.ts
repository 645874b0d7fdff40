// ForEach-Object (foreach, %): runs a script block per input object ($_), with -Begin and
// -End blocks, or reads a property / calls a method of each (`% Name`, `% ToUpper`).

import type { CommandDeclaration } from '../../params/metadata.js';
import { psToString, type PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { PsCustomObject, ScriptBlock, getMember, invokeMethod, propertyNames } from '../../runtime/ps-objects.js';
import { Hashtable } from '../../params/values.js';

export class ForEachObject extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(ForEachObject, () => ({
      name: 'ForEach-Object',
      aliases: ['foreach', '%'],
      synopsis: 'Performs an operation against each item in a collection of input objects.',
      description: 'Runs -Process (a script block, $_ the current object) for each input object, -Begin before the first and -End after the last; or, with -MemberName, writes a property of each object or the result of calling its method.',
      parameters: [
        { name: 'Process', type: 'object', position: 0, help: 'The script block run for each object, or (-MemberName form) the member name.' },
        { name: 'Begin', type: 'object', help: 'A script block run before the first object.' },
        { name: 'End', type: 'object', help: 'A script block run after the last object.' },
        { name: 'MemberName', type: 'string', help: 'The property or method of each object to use.' },
        { name: 'ArgumentList', type: 'object', position: 1, help: 'Arguments for the method -MemberName calls.' },
        { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to process.' },
      ],
      examples: [
        { title: 'Double each number', code: '1..3 | ForEach-Object { $_ * 2 }', remarks: 'Writes 2, 4 and 6.' },
        { title: 'A property of each object', code: "@{ Name = 'a' } | ForEach-Object -MemberName Name", remarks: 'Writes a.' },
      ],
    }));
  }

  override async beginProcessing(): Promise<void> {
    const begin = this.value('Begin');
    if (begin instanceof ScriptBlock) for (const item of await this.invokeScriptBlock(begin)) this.writeObject(item);
  }

  async invoke(): Promise<void> {
    const item: PsValue = this.pipelineObject ?? (this.isBound('InputObject') ? (this.value('InputObject') ?? null) : null);
    if (this.pipelineObject === undefined && !this.isBound('InputObject') && this.value('Process') instanceof ScriptBlock) {
      // first in the pipeline: the block runs once, with $_ unset
      for (const out of await this.invokeScriptBlock(this.value('Process') as ScriptBlock)) this.writeObject(out);
      return;
    }
    const process = this.value('Process');
    if (process instanceof ScriptBlock) {
      for (const out of await this.invokeScriptBlock(process, item)) this.writeObject(out);
      return;
    }
    const member = this.string('MemberName') ?? (process === undefined || process === null ? undefined : psToString(process));
    if (member === undefined) return;
    const hasProperty = item instanceof Hashtable ? item.has(member) : item instanceof PsCustomObject ? item.has(member) : propertyNames(item).some((n) => n.toLowerCase() === member.toLowerCase()) || typeof item === 'string' || Array.isArray(item);
    const args = this.value('ArgumentList');
    if (hasProperty && args === undefined && getMember(item, member) !== null) {
      this.writeObject(getMember(item, member));
      return;
    }
    this.writeObject(await invokeMethod(item, member, args === undefined || args === null ? [] : Array.isArray(args) ? args : [args]));
  }

  override async endProcessing(): Promise<void> {
    const end = this.value('End');
    if (end instanceof ScriptBlock) for (const item of await this.invokeScriptBlock(end)) this.writeObject(item);
  }
}
