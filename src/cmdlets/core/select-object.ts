// Select-Object (select): picks properties (wildcards, calculated `@{Name=..;Expression={..}}`,
// -ExcludeProperty), expands one (-ExpandProperty), or takes -First/-Last/-Skip/-SkipLast/-Index/
// -Unique objects (-First with -Last: the first n and the last m). -First stops the upstream
// commands once it has its objects (an endless producer ends), as PowerShell does, unless -Wait.

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
        { name: 'Property', type: 'object', position: 0, help: 'Property names (wildcards allowed), calculated properties @{ Name = ...; Expression = { ... } }, or script blocks.' },
        { name: 'ExcludeProperty', type: 'string[]', help: 'Properties to leave out (wildcards allowed); with no -Property, every other property.' },
        { name: 'ExpandProperty', type: 'string', help: 'Writes the value of this property (its items, for a collection).' },
        { name: 'First', type: 'int', validateRange: [0, 2147483647], help: 'Only the first n objects (with -Last, the first n and the last m).' },
        { name: 'Last', type: 'int', validateRange: [0, 2147483647], help: 'Only the last n objects.' },
        { name: 'Skip', type: 'int', validateRange: [0, 2147483647], help: 'Skips the first n objects.' },
        { name: 'SkipLast', type: 'int', validateRange: [0, 2147483647], help: 'Skips the last n objects.' },
        { name: 'Index', type: 'object', help: 'Only the objects at these positions (zero-based, in input order).' },
        { name: 'SkipIndex', type: 'object', help: 'All but the objects at these positions.' },
        { name: 'Unique', type: 'switch', help: 'Writes each distinct object once (case-sensitive unless -CaseInsensitive).' },
        { name: 'CaseInsensitive', type: 'switch', help: 'With -Unique, strings that differ only in case are the same.' },
        { name: 'Wait', type: 'switch', help: 'Reads all the input before stopping (with -First, the upstream commands run to their end).' },
        { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to select from.' },
      ],
      examples: [
        { title: 'The first three', code: '1..10 | Select-Object -First 3', remarks: 'Writes 1, 2 and 3.' },
        { title: 'Pick properties', code: "@{ a = 1; b = 2 } | Select-Object -Property a", remarks: 'Writes an object with only a.' },
      ],
    }));
  }

  /** Input position (for -Index, -SkipIndex and -Skip). */
  private position = 0;
  private firstTaken = 0;
  /** -Last's or -SkipLast's buffer. */
  private readonly held: PsValue[] = [];
  private readonly unique: PsValue[] = [];

  override async beginProcessing(): Promise<void> {
    const property = this.value('Property');
    const empty = (block: PsValue) => block instanceof ScriptBlock && block.psToString().replace(/^\{|\}$/g, '').trim() === '';
    for (const spec of Array.isArray(property) ? property : property === undefined || property === null ? [] : [property]) {
      const hasName = spec instanceof Hashtable && ['Name', 'N', 'Label', 'L'].some((k) => spec.get(k) !== undefined);
      if (empty(spec) || (spec instanceof Hashtable && !hasName && empty(spec.get('Expression') ?? spec.get('E') ?? null))) {
        throw new KrError('EmptyScriptBlockAndNoName', 'Script block is empty and no Name was specified for a calculated property.', { category: 'InvalidArgument', commandName: 'Select-Object' });
      }
    }
  }

  async invoke(): Promise<void> {
    if (this.pipelineObject === undefined && !this.isBound('InputObject')) return;
    const item = this.pipelineObject ?? (this.value('InputObject') ?? null);
    const position = this.position++;
    const ints = (name: string) => {
      const v = this.value(name) ?? [];
      return (Array.isArray(v) ? v : [v]).map(Number);
    };
    if (this.isBound('Index')) {
      const indexes = ints('Index');
      if (indexes.includes(position)) this.emit(await this.select(item));
      if (!this.switch('Wait') && position >= Math.max(-1, ...indexes)) this.stopUpstream();
      return;
    }
    if (this.isBound('SkipIndex') && ints('SkipIndex').includes(position)) return;
    if (position < (this.int('Skip') ?? 0)) return;
    const selected = await this.select(item);
    if (this.switch('Unique')) {
      const caseSensitive = !this.switch('CaseInsensitive');
      if (this.unique.some((u) => psEquals(u, selected, caseSensitive))) return;
      this.unique.push(selected);
    }
    const buffers = this.isBound('Last') || this.isBound('SkipLast');
    if (this.isBound('First')) {
      const first = this.int('First') ?? 0;
      if (this.firstTaken < first) {
        this.firstTaken++;
        this.emit(selected);
        if (!buffers && this.firstTaken >= first && !this.switch('Wait')) this.stopUpstream();
        return;
      }
      if (!buffers) {
        if (!this.switch('Wait')) this.stopUpstream();
        return;
      }
    }
    if (this.isBound('Last')) {
      // what -First did not take: the last ones are written at the end
      this.held.push(selected);
      if (this.held.length > (this.int('Last') ?? 0)) this.held.shift();
      return;
    }
    if (this.isBound('SkipLast')) {
      this.held.push(selected);
      if (this.held.length > (this.int('SkipLast') ?? 0)) this.emit(this.held.shift() ?? null);
      return;
    }
    this.emit(selected);
  }

  override async endProcessing(): Promise<void> {
    if (this.isBound('Last')) for (const item of this.held.splice(0)) this.emit(item);
  }

  private emit(value: PsValue): void {
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
    const excluded = (this.stringArray('ExcludeProperty') ?? []).map((p) => wildcardToRegex(p, false));
    const given = this.value('Property');
    if ((given === undefined || given === null) && excluded.length === 0) return item;
    const property = given === undefined || given === null ? '*' : given;
    const out = new PsCustomObject();
    const available = propertyNames(item).filter((n) => !excluded.some((x) => x.test(n)));
    for (const spec of Array.isArray(property) ? property : [property]) {
      if (spec instanceof ScriptBlock) {
        out.set(spec.psToString().replace(/^\{|\}$/g, '').trim(), unwrap(await this.invokeScriptBlock(spec, item)));
        continue;
      }
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
