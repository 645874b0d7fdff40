// Sort-Object (sort): sorts the input objects by themselves or by properties (script blocks
// allowed), ascending or -Descending, -Unique; a stable sort, as PowerShell's.

import type { CommandDeclaration } from '../../params/metadata.js';
import { Hashtable, psToString, type PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { unwrap } from '../../runtime/evaluator.js';
import { psEquals, toBool } from '../../runtime/operators.js';
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
        { name: 'Property', type: 'object', position: 0, help: 'Property names, script blocks, or @{ Expression = ...; Descending = $true } (a direction per key).' },
        { name: 'Descending', type: 'switch', help: 'Largest first.' },
        { name: 'Unique', type: 'switch', help: 'Each distinct value once.' },
        { name: 'CaseSensitive', type: 'switch', help: 'Upper and lower case sort apart.' },
        { name: 'Top', type: 'int', validateRange: [1, 2147483647], help: 'Only the first n of the sorted objects.' },
        { name: 'Bottom', type: 'int', validateRange: [1, 2147483647], help: 'Only the last n of the sorted objects.' },
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
    // each key with its own direction: @{ Expression = ...; Descending = $true } (or Ascending) overrides -Descending
    const global = this.switch('Descending') ? -1 : 1;
    const specs = keys.map((key) => {
      if (key instanceof Hashtable) {
        const expression = key.get('Expression') ?? key.get('E') ?? null;
        const descending = key.get('Descending') ?? key.get('D');
        const ascending = key.get('Ascending') ?? key.get('A');
        const direction = descending !== undefined ? (toBool(descending) ? -1 : 1) : ascending !== undefined ? (toBool(ascending) ? 1 : -1) : global;
        return { expression, direction };
      }
      return { expression: key, direction: global };
    });
    const keyed: { item: PsValue; keys: PsValue[] }[] = [];
    for (const item of this.items) {
      const values: PsValue[] = [];
      for (const { expression } of specs) values.push(expression instanceof ScriptBlock ? unwrap(await this.invokeScriptBlock(expression, item)) : getMember(item, psToString(expression)));
      if (keys.length === 0) values.push(item);
      keyed.push({ item, keys: values });
    }
    const directions = keys.length === 0 ? [global] : specs.map((k) => k.direction);
    const caseSensitive = this.switch('CaseSensitive');
    keyed.sort((a, b) => {
      for (let k = 0; k < a.keys.length; k++) {
        const c = compareValues(a.keys[k], b.keys[k], caseSensitive);
        if (c !== 0) return c * directions[k];
      }
      return 0;
    });
    const top = this.int('Top');
    const bottom = this.int('Bottom');
    if (top !== undefined) keyed.splice(top);
    if (bottom !== undefined) keyed.splice(0, Math.max(0, keyed.length - bottom));
    const written: PsValue[] = [];
    for (const { item, keys: k } of keyed) {
      if (this.switch('Unique') && written.some((w) => psEquals(w, k.length === 1 ? k[0] : item))) continue;
      written.push(k.length === 1 ? k[0] : item);
      this.writeObject(item);
    }
  }
}
