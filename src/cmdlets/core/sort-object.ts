// Sort-Object (sort): sorts the input objects by themselves or by properties (script blocks
// allowed), ascending or -Descending, -Unique; a stable sort, as PowerShell's.

import type { CommandDeclaration } from '../../params/metadata.js';
import { psToString, type PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { unwrap } from '../../runtime/evaluator.js';
import { psEquals } from '../../runtime/operators.js';
import { ScriptBlock, getMember } from '../../runtime/ps-objects.js';

function compareValues(a: PsValue, b: PsValue, caseSensitive: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = psToString(a);
  const y = psToString(b);
  return caseSensitive ? (x < y ? -1 : x > y ? 1 : 0) : x.localeCompare(y, 'en', { sensitivity: 'base' });
}

export class SortObject extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(SortObject, () => ({
      name: 'Sort-Object',
      aliases: ['sort'],
      synopsis: 'Sorts objects by property values.',
      description: 'Collects the input objects and writes them sorted by the given properties (or by themselves).',
      parameters: [
        { name: 'Property', type: 'object', position: 0, help: 'Property names or script blocks to sort by.' },
        { name: 'Descending', type: 'switch', help: 'Largest first.' },
        { name: 'Unique', type: 'switch', help: 'Each distinct value once.' },
        { name: 'CaseSensitive', type: 'switch', help: 'Upper and lower case sort apart.' },
        { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to sort.' },
      ],
      examples: [{ title: 'Sort numbers', code: '3, 1, 2 | Sort-Object', remarks: 'Writes 1, 2 and 3.' }],
    }));
  }

  private readonly items: PsValue[] = [];

  async invoke(): Promise<void> {
    if (this.pipelineObject !== undefined) this.items.push(this.pipelineObject);
    else if (this.isBound('InputObject')) this.items.push(this.value('InputObject') ?? null);
  }

  override async endProcessing(): Promise<void> {
    const property = this.value('Property');
    const keys = property === undefined || property === null ? [] : Array.isArray(property) ? property : [property];
    const keyed: { item: PsValue; keys: PsValue[] }[] = [];
    for (const item of this.items) {
      const values: PsValue[] = [];
      for (const key of keys) values.push(key instanceof ScriptBlock ? unwrap(await this.invokeScriptBlock(key, item)) : getMember(item, psToString(key)));
      if (keys.length === 0) values.push(item);
      keyed.push({ item, keys: values });
    }
    const direction = this.switch('Descending') ? -1 : 1;
    const caseSensitive = this.switch('CaseSensitive');
    keyed.sort((a, b) => {
      for (let k = 0; k < a.keys.length; k++) {
        const c = compareValues(a.keys[k], b.keys[k], caseSensitive);
        if (c !== 0) return c * direction;
      }
      return 0;
    });
    const written: PsValue[] = [];
    for (const { item, keys: k } of keyed) {
      if (this.switch('Unique') && written.some((w) => psEquals(w, k.length === 1 ? k[0] : item))) continue;
      written.push(k.length === 1 ? k[0] : item);
      this.writeObject(item);
    }
  }
}
