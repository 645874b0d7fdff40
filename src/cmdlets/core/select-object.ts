// Select-Object (select): picks properties (wildcards, calculated `@{Name=..;Expression={..}}`),
// expands one (-ExpandProperty), or takes -First/-Last/-Skip/-Unique objects. -First stops the
// upstream commands once it has its objects (an endless producer ends), as PowerShell does.

import { KrError } from '../../params/errors.js';
import type { CommandDeclaration } from '../../params/metadata.js';
import { Hashtable, psToString, type PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { unwrap } from '../../runtime/evaluator.js';
import { psEquals, wildcardToRegex } from '../../runtime/operators.js';
import { PsCustomObject, ScriptBlock, getMember, propertyNames } from '../../runtime/ps-objects.js';

export class SelectObject extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(SelectObject, () => ({
      name: 'Select-Object',
      aliases: ['select'],
      synopsis: 'Selects objects or object properties.',
      description: 'Writes new objects with the chosen properties, the value of one property, or the first, last or unique input objects.',
      parameters: [
        { name: 'Property', type: 'object', position: 0, help: 'Property names (wildcards allowed) or calculated properties @{ Name = ...; Expression = { ... } }.' },
        { name: 'ExpandProperty', type: 'string', help: 'Writes the value of this property (its items, for a collection).' },
        { name: 'First', type: 'int', validateRange: [0, 2147483647], help: 'Only the first n objects.' },
        { name: 'Last', type: 'int', validateRange: [0, 2147483647], help: 'Only the last n objects.' },
        { name: 'Skip', type: 'int', validateRange: [0, 2147483647], help: 'Skips the first n objects.' },
        { name: 'Unique', type: 'switch', help: 'Writes each distinct object once.' },
        { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to select from.' },
      ],
      examples: [
        { title: 'The first three', code: '1..10 | Select-Object -First 3', remarks: 'Writes 1, 2 and 3.' },
        { title: 'Pick properties', code: "@{ a = 1; b = 2 } | Select-Object -Property a", remarks: 'Writes an object with only a.' },
      ],
    }));
  }

  private seen = 0;
  private written = 0;
  private readonly kept: PsValue[] = [];
  private readonly unique: PsValue[] = [];

  async invoke(): Promise<void> {
    if (this.pipelineObject === undefined && !this.isBound('InputObject')) return;
    const item = this.pipelineObject ?? (this.value('InputObject') ?? null);
    this.seen++;
    if (this.seen <= (this.int('Skip') ?? 0)) return;
    const selected = await this.select(item);
    if (this.switch('Unique')) {
      if (this.unique.some((u) => psEquals(u, selected))) return;
      this.unique.push(selected);
    }
    if (this.isBound('Last')) {
      this.kept.push(selected);
      if (this.kept.length > (this.int('Last') ?? 0)) this.kept.shift();
      return;
    }
    const first = this.isBound('First') ? (this.int('First') ?? 0) : undefined;
    if (first !== undefined && this.written >= first) this.stopUpstream();
    this.emit(selected);
    if (first !== undefined && this.written >= first) this.stopUpstream();
  }

  override async endProcessing(): Promise<void> {
    for (const item of this.kept.splice(0)) this.emit(item);
  }

  private emit(value: PsValue): void {
    this.written++;
    if (this.isBound('ExpandProperty')) {
      const name = this.string('ExpandProperty') ?? '';
      if (!propertyNames(value).some((n) => n.toLowerCase() === name.toLowerCase()) && !(value instanceof Hashtable && value.has(name))) {
        void this.writeError(new KrError('ExpandPropertyNotFound', `Property "${name}" cannot be found.`, { category: 'InvalidArgument' }));
        return;
      }
      const expanded = getMember(value, name);
      for (const item of Array.isArray(expanded) ? expanded : [expanded]) this.writeObject(item);
      return;
    }
    this.writeObject(value);
  }

  /** The object with only the chosen properties (the object itself without -Property). */
  private async select(item: PsValue): Promise<PsValue> {
    const property = this.value('Property');
    if (property === undefined || property === null) return item;
    const out = new PsCustomObject();
    const available = propertyNames(item);
    for (const spec of Array.isArray(property) ? property : [property]) {
      if (spec instanceof Hashtable) {
        const name = psToString(spec.get('Name') ?? spec.get('N') ?? spec.get('Label') ?? spec.get('L') ?? null);
        const expression = spec.get('Expression') ?? spec.get('E') ?? null;
        const value = expression instanceof ScriptBlock ? unwrap(await this.invokeScriptBlock(expression, item)) : getMember(item, psToString(expression));
        out.set(name, value);
        continue;
      }
      const pattern = psToString(spec);
      if (/[*?[]/.test(pattern)) {
        const regex = wildcardToRegex(pattern, false);
        for (const name of available) if (regex.test(name)) out.set(name, getMember(item, name));
      } else {
        out.set(available.find((n) => n.toLowerCase() === pattern.toLowerCase()) ?? pattern, getMember(item, pattern));
      }
    }
    return out;
  }
}
