// ConvertFrom-Json: JSON text to objects ([pscustomobject]s, or hashtables with -AsHashtable);
// a top-level array is enumerated. Lines piped in one by one are joined first, as PowerShell does.

import { KrError } from '../../params/errors.js';
import type { CommandDeclaration } from '../../params/metadata.js';
import { Hashtable, psToString, type PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { PsCustomObject } from '../../runtime/ps-objects.js';

export class ConvertFromJson extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(ConvertFromJson, () => ({
      name: 'ConvertFrom-Json',
      synopsis: 'Converts a JSON-formatted string to a custom object or a hash table.',
      description: 'Reads JSON text and writes the objects it holds.',
      parameters: [
        { name: 'InputObject', type: 'object', position: 0, mandatory: true, valueFromPipeline: true, help: 'The JSON text.' },
        { name: 'AsHashtable', type: 'switch', help: 'Objects become hashtables instead of [pscustomobject]s.' },
        { name: 'NoEnumerate', type: 'switch', help: 'Writes a top-level array as one object.' },
      ],
      examples: [{ title: 'Read JSON', code: `'{"a":1}' | ConvertFrom-Json`, remarks: 'Writes an object with a = 1.' }],
    }));
  }

  private readonly parts: string[] = [];

  async invoke(): Promise<void> {
    const value = this.pipelineObject !== undefined ? this.pipelineObject : this.value('InputObject');
    for (const part of Array.isArray(value) ? value : [value ?? null]) this.parts.push(psToString(part));
  }

  override async endProcessing(): Promise<void> {
    const text = this.parts.join('\n');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new KrError('System.ArgumentException', `Conversion from JSON failed with error: ${(error as Error).message.replace(/"[^"]*"/g, '"..."')}`, {
        category: 'InvalidArgument',
      });
    }
    const value = this.convert(parsed);
    if (Array.isArray(value) && !this.switch('NoEnumerate')) for (const item of value) this.writeObject(item);
    else this.writeObject(value);
  }

  private convert(value: unknown): PsValue {
    if (value === null || typeof value !== 'object') return value as PsValue;
    if (Array.isArray(value)) return value.map((v) => this.convert(v));
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]): [string, PsValue] => [k, this.convert(v)]);
    if (this.switch('AsHashtable')) {
      const table = new Hashtable();
      for (const [k, v] of entries) table.set(k, v);
      return table;
    }
    return PsCustomObject.from(entries);
  }
}
