// Get-Member (gm): an object's type name and its properties (name, type, value's kind), one
// object per member, for the first object of each type in the input.

import type { CommandDeclaration } from '../../params/metadata.js';
import { Hashtable, type PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { wildcardToRegex } from '../../runtime/operators.js';
import { PsCustomObject, getMember, propertyNames, typeNameOf } from '../../runtime/ps-objects.js';

export class GetMember extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(GetMember, () => ({
      name: 'Get-Member',
      aliases: ['gm'],
      synopsis: 'Gets the properties of objects.',
      description:
        'Writes TypeName, Name, MemberType and Definition for each property of the first object of each type in the input: NoteProperty for a custom object\'s own properties, Property otherwise. -Name and -MemberType select members (wildcards allowed).',
      parameters: [
        { name: 'Name', type: 'string[]', position: 0, help: 'Only members with these names (wildcards allowed).' },
        { name: 'MemberType', type: 'string[]', aliases: ['Type'], validateSet: ['All', 'Property', 'NoteProperty', 'Properties', 'Method', 'Methods'], help: 'Only members of these kinds.' },
        { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects.' },
      ],
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
    const kind = item instanceof PsCustomObject ? 'NoteProperty' : 'Property';
    const wanted = (this.stringArray('MemberType') ?? ['All']).map((k) => k.toLowerCase());
    const kinds = new Set(wanted.flatMap((k) => (k === 'all' ? ['noteproperty', 'property'] : k === 'properties' ? ['noteproperty', 'property'] : [k])));
    if (!kinds.has(kind.toLowerCase())) return;
    const patterns = (this.stringArray('Name') ?? ['*']).map((p) => wildcardToRegex(p, false));
    for (const name of names) {
      if (!patterns.some((p) => p.test(name))) continue;
      const value = getMember(item, name);
      this.writeObject(PsCustomObject.from([['TypeName', type], ['Name', name], ['MemberType', kind], ['Definition', `${typeNameOf(value)} ${name}`]]));
    }
  }
}
