// Group-Object (group): groups the input objects by a property's value; one object per group
// with Count, Name and Group, in the order the groups first appear.

import type { CommandDeclaration } from '../../params/metadata.js';
import { KrError } from '../../params/errors.js';
import { Hashtable, psToString, type PsValue } from '../../params/values.js';
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
        { name: 'Property', type: 'object', position: 0, help: 'The properties (or script blocks) to group by; several make a key "a, b".' },
        { name: 'NoElement', type: 'switch', help: 'Leaves the Group property out.' },
        { name: 'CaseSensitive', type: 'switch', help: 'Values that differ only in case are different groups.' },
        { name: 'AsHashTable', type: 'switch', help: 'Writes one hashtable: each key (the grouping value) to its objects.' },
        { name: 'AsString', type: 'switch', help: 'With -AsHashTable, the keys are strings.' },
        { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to group.' },
      ],
      examples: [{ title: 'Group by length', code: "'a', 'bb', 'c' | Group-Object Length", remarks: 'Groups 1 (a, c) and 2 (bb).' }],
    }));
  }

  private readonly groups = new Map<string, { name: string; key: PsValue; items: PsValue[] }>();

  override async beginProcessing(): Promise<void> {
    if (this.switch('AsString') && !this.switch('AsHashTable')) {
      throw new KrError('ArgumentException', 'The -AsString parameter can be used only with the -AsHashTable parameter.', { category: 'InvalidArgument', commandName: 'Group-Object' });
    }
  }

  async invoke(): Promise<void> {
    if (this.pipelineObject === undefined && !this.isBound('InputObject')) return;
    const item = this.pipelineObject ?? (this.value('InputObject') ?? null);
    const property = this.value('Property');
    const specs = property === undefined || property === null ? [] : Array.isArray(property) ? property : [property];
    const values: PsValue[] = [];
    for (const spec of specs) values.push(spec instanceof ScriptBlock ? unwrap(await this.invokeScriptBlock(spec, item)) : getMember(item, psToString(spec)));
    const key = specs.length === 0 ? item : values.length === 1 ? values[0] : values;
    const name = specs.length > 1 ? values.map(psToString).join(', ') : psToString(key);
    const id = this.switch('CaseSensitive') ? name : name.toLowerCase();
    const group = this.groups.get(id) ?? { name, key, items: [] };
    group.items.push(item);
    this.groups.set(id, group);
  }

  override async endProcessing(): Promise<void> {
    if (this.switch('AsHashTable')) {
      const table = new Hashtable();
      for (const { name, key, items } of this.groups.values()) table.set(this.switch('AsString') || typeof key !== 'string' ? name : key, items);
      this.writeObject(table);
      return;
    }
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
