// ConvertTo-Json: the input as JSON text, PowerShell's way: -Depth 2 by default (deeper values
// become their text, with PowerShell's warning), -Compress for one line, a single input object
// as itself and several as an array (-AsArray always an array).

import type { CommandDeclaration } from '../../params/metadata.js';
import { Hashtable, psToString, type PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { inputItems } from './input.js';
import { PsCustomObject, ScriptBlock, propertyNames, getMember } from '../../runtime/ps-objects.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** -EscapeHandling: the characters written as \u escapes beyond JSON's own (in string values and keys alike, as Json.NET does). */
function escaped(text: string, mode: string): string {
  const hex = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  if (mode === 'EscapeHtml') return text.replace(/[<>&'+]/g, hex);
  if (mode === 'EscapeNonAscii') return text.replace(/[\u0080-\uffff]/g, hex);
  return text;
}

export class ConvertToJson extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(ConvertToJson, () => ({
      name: 'ConvertTo-Json',
      synopsis: 'Converts an object to a JSON-formatted string.',
      description: 'Writes the input objects as JSON. Objects nested deeper than -Depth (default 2) are written as their text, with a warning.',
      parameters: [
        { name: 'InputObject', type: 'object', position: 0, valueFromPipeline: true, help: 'The objects to convert.' },
        { name: 'Depth', type: 'int', validateRange: [0, 100], default: 2, help: 'How many levels of contained objects are included (default 2).' },
        { name: 'Compress', type: 'switch', help: 'Omits white space and indentation.' },
        { name: 'AsArray', type: 'switch', help: 'Writes an array even for one object.' },
        { name: 'EscapeHandling', type: 'string', validateSet: ['Default', 'EscapeNonAscii', 'EscapeHtml'], default: 'Default', help: "Which characters are written as \\u escapes: only what JSON needs (Default), also non-ASCII (EscapeNonAscii), also HTML's < > & ' + (EscapeHtml)." },
      ],
      examples: [{ title: 'A hashtable as JSON', code: "@{ a = 1 } | ConvertTo-Json -Compress", remarks: 'Writes {"a":1}.' }],
    }));
  }

  private readonly items: PsValue[] = [];
  private truncated = false;

  async invoke(): Promise<void> {
    this.items.push(...inputItems(this));
  }

  override async endProcessing(): Promise<void> {
    if (this.items.length === 0) return;
    const depth = this.int('Depth') ?? 2;
    // the objects given are level 0; a value more than -Depth levels below them is written as its text
    const root = this.items.length === 1 && !this.switch('AsArray') ? this.toJson(this.items[0], depth) : this.items.map((i) => this.toJson(i, depth));
    if (this.truncated) this.writeWarning(`Resulting JSON is truncated as serialization has exceeded the set depth of ${depth}.`);
    const text = this.switch('Compress') ? JSON.stringify(root) : JSON.stringify(root, null, 2);
    this.writeObject(escaped(text, this.string('EscapeHandling') ?? 'Default'));
  }

  /** `value` with `depth` levels left to expand (at -1 an object is its text). */
  private toJson(value: PsValue, depth: number): Json {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') return Number.isFinite(value) ? value : psToString(value);
    if (value instanceof Date) return value.toISOString();
    if (value instanceof ScriptBlock) return value.psToString();
    // an array is no level of its own: its items are at the array's depth
    if (Array.isArray(value)) return value.map((v) => this.toJson(v, depth));
    if (depth < 0) {
      this.truncated = true;
      return psToString(value);
    }
    const out: { [key: string]: Json } = {};
    const names = value instanceof Hashtable ? value.keys() : value instanceof PsCustomObject ? value.names() : propertyNames(value);
    for (const name of names) out[name] = this.toJson(value instanceof Hashtable ? (value.get(name) ?? null) : getMember(value, name), depth - 1);
    return out;
  }
}
