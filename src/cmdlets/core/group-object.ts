// Group-Object (group): groups the input objects by a property's value; one object per group
// with Count, Name and Group, in the order the groups first appear.

import type { CommandDeclaration } from '../../params/metadata.js';
import { psToString, type PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { unwrap } from '../../runtime/evaluator.js';
import { PsCustomObject, ScriptBlock, getMember } from '../../runtime/ps-objects.js';

export class GroupObject extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(GroupObject, () => ({
      name: 'Group-Object',
      aliases: ['group'],
      synopsis: 'Groups objects that contain the same value for specified properties.',
      description: 'Writes one object per distinct value (Count, Name, Group).',
      parameters: [
        { name: 'Property', type: 'object', position: 0, help: 'The property (or script block) to group by.' },
        { name: 'NoElement', type: 'switch', help: 'Leaves the Group property out.' },
        { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to group.' },
      ],
      examples: [{ title: 'Group by length', code: "'a', 'bb', 'c' | Group-Object Length", remarks: 'Groups 1 (a, c) and 2 (bb).' }],
    }));
  }

  private readonly groups = new Map<string, { name: string; items: PsValue[] }>();

  async invoke(): Promise<void> {
    if (this.pipelineObject === undefined && !this.isBound('InputObject')) return;
    const item = this.pipelineObject ?? (this.value('InputObject') ?? null);
    const property = this.value('Property');
    const key = property instanceof ScriptBlock ? unwrap(await this.invokeScriptBlock(property, item)) : property === undefined || property === null ? item : getMember(item, psToString(property));
    const name = psToString(key);
    const group = this.groups.get(name.toLowerCase()) ?? { name, items: [] };
    group.items.push(item);
    this.groups.set(name.toLowerCase(), group);
  }

  override async endProcessing(): Promise<void> {
    for (const { name, items } of this.groups.values()) {
      const out = PsCustomObject.from([
        ['Count', items.length],
        ['Name', name],
      ]);
      if (!this.switch('NoElement')) out.set('Group', items);
      this.writeObject(out);
    }
  }
}
