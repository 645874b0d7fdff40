// Get-Member (gm): an object's type name and its properties (name, type, value's kind), one
// object per member, for the first object of each type in the input.

import type { CommandDeclaration } from '../../params/metadata.js';
import { Hashtable, type PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { PsCustomObject, getMember, propertyNames, typeNameOf } from '../../runtime/ps-objects.js';

export class GetMember extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(GetMember, () => ({
      name: 'Get-Member',
      aliases: ['gm'],
      synopsis: 'Gets the properties of objects.',
      description: 'Writes TypeName, Name, MemberType and Definition for each property of the first object of each type in the input.',
      parameters: [{ name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects.' }],
      examples: [{ title: 'The properties of an object', code: "[pscustomobject]@{ Name = 'a' } | Get-Member", remarks: 'Writes the Name property.' }],
    }));
  }

  private readonly seen = new Set<string>();

  async invoke(): Promise<void> {
    if (this.pipelineObject === undefined && !this.isBound('InputObject')) return;
    const item: PsValue = this.pipelineObject ?? (this.value('InputObject') ?? null);
    const type = typeNameOf(item);
    if (this.seen.has(type)) return;
    this.seen.add(type);
    const names = item instanceof Hashtable ? ['Count', 'Keys', 'Values'] : typeof item === 'string' ? ['Length'] : propertyNames(item);
    for (const name of names) {
      const value = getMember(item, name);
      this.writeObject(PsCustomObject.from([['TypeName', type], ['Name', name], ['MemberType', 'Property'], ['Definition', `${typeNameOf(value)} ${name}`]]));
    }
  }
}
