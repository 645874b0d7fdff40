// Format-Table (ft), Format-List (fl) and Format-Wide (fw): the input objects as the text
// PowerShell draws for them, written as lines (strings), so `| Format-Table` shows a table and
// `| Format-Table | Out-String` gives its text. Grouped: one job (text views of objects).

import type { CommandDeclaration } from '../../params/metadata.js';
import { Hashtable, psToString, type PsValue } from '../../params/values.js';
import { Cmdlet } from '../../runtime/cmdlet.js';
import { inputItems } from './input.js';
import { unwrap } from '../../runtime/evaluator.js';
import { wildcardToRegex } from '../../runtime/operators.js';
import { ScriptBlock, getMember, propertyNames } from '../../runtime/ps-objects.js';

interface Column {
  label: string;
  value: (item: PsValue) => Promise<PsValue>;
}

/** Scalars show as themselves; objects by their properties. */
const isScalar = (v: PsValue) => v === null || typeof v !== 'object' || v instanceof Date;

abstract class FormatCmdlet extends Cmdlet {
  protected readonly items: PsValue[] = [];

  async invoke(): Promise<void> {
    this.items.push(...inputItems(this));
  }

  /** The columns -Property asks for (names with wildcards, or @{ Label/Name; Expression }), else every property of the first object. */
  protected columns(): Column[] {
    const spec = this.value('Property');
    const first = this.items.find((i) => !isScalar(i)) ?? null;
    const available = first === null ? [] : propertyNames(first);
    const specs = spec === undefined || spec === null ? available : Array.isArray(spec) ? spec : [spec];
    const columns: Column[] = [];
    for (const s of specs) {
      if (s instanceof Hashtable) {
        const label = psToString(s.get('Label') ?? s.get('Name') ?? s.get('N') ?? s.get('L') ?? null);
        const expression = s.get('Expression') ?? s.get('E') ?? null;
        columns.push({
          label,
          value: async (item) => (expression instanceof ScriptBlock ? unwrap(await this.invokeScriptBlock(expression, item)) : getMember(item, psToString(expression))),
        });
        continue;
      }
      const pattern = psToString(s);
      const names = /[*?[]/.test(pattern) ? available.filter((n) => wildcardToRegex(pattern, false).test(n)) : [available.find((n) => n.toLowerCase() === pattern.toLowerCase()) ?? pattern];
      for (const name of names) columns.push({ label: name, value: async (item) => (item instanceof Hashtable ? (item.get(name) ?? null) : getMember(item, name)) });
    }
    return columns;
  }
}

const cell = (v: PsValue): string => (Array.isArray(v) ? `{${v.map(psToString).join(', ')}}` : psToString(v)).replace(/\r?\n/g, ' ');

export class FormatTable extends FormatCmdlet {
  static override declaration: CommandDeclaration = {
    name: 'Format-Table',
    aliases: ['ft'],
    synopsis: 'Formats the output as a table.',
    description: 'Writes the objects as a table: one column per property (-Property picks them; wildcards and calculated properties allowed), a header and a dashed line, columns as wide as their widest value, numbers right-aligned.',
    parameters: [
      { name: 'Property', type: 'object', position: 0, help: 'The properties to show.' },
      { name: 'AutoSize', type: 'switch', help: 'Columns as wide as their content (kr always sizes them so).' },
      { name: 'HideTableHeaders', type: 'switch', help: 'Leaves the header out.' },
      { name: 'Wrap', type: 'switch', help: 'Accepted; kr does not truncate cells.' },
      { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to format.' },
    ],
    examples: [{ title: 'A table of two objects', code: "[pscustomobject]@{ Name = 'a'; N = 1 }, [pscustomobject]@{ Name = 'bb'; N = 22 } | Format-Table", remarks: 'Writes a table with the columns Name and N.' }],
  };

  override async endProcessing(): Promise<void> {
    if (this.items.every(isScalar)) {
      for (const item of this.items) this.writeObject(psToString(item));
      return;
    }
    const columns = this.columns();
    const rows: PsValue[][] = [];
    for (const item of this.items) rows.push(await Promise.all(columns.map((c) => c.value(item))));
    const numeric = columns.map((_, k) => rows.every((r) => typeof r[k] === 'number' || r[k] === null));
    const texts = rows.map((r) => r.map(cell));
    const widths = columns.map((c, k) => Math.max(c.label.length, ...texts.map((t) => t[k].length)));
    const pad = (text: string, k: number, last: boolean) => (numeric[k] ? text.padStart(widths[k]) : last ? text : text.padEnd(widths[k]));
    const line = (cells: string[]) => cells.map((t, k) => pad(t, k, k === cells.length - 1)).join(' ').replace(/\s+$/, '');
    this.writeObject('');
    if (!this.switch('HideTableHeaders')) {
      this.writeObject(line(columns.map((c) => c.label)));
      this.writeObject(line(columns.map((c) => '-'.repeat(c.label.length))));
    }
    for (const t of texts) this.writeObject(line(t));
    this.writeObject('');
  }
}

export class FormatList extends FormatCmdlet {
  static override declaration: CommandDeclaration = {
    name: 'Format-List',
    aliases: ['fl'],
    synopsis: 'Formats the output as a list of properties in which each property appears on a new line.',
    description: 'Writes each object as "Name : value" lines, names padded to the longest.',
    parameters: [
      { name: 'Property', type: 'object', position: 0, help: 'The properties to show (* for all).' },
      { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to format.' },
    ],
    examples: [{ title: 'An object as a list', code: "[pscustomobject]@{ Name = 'a'; N = 1 } | Format-List", remarks: 'Writes Name : a and N    : 1.' }],
  };

  override async endProcessing(): Promise<void> {
    const columns = this.columns();
    const width = Math.max(0, ...columns.map((c) => c.label.length));
    for (const item of this.items) {
      this.writeObject('');
      if (isScalar(item)) {
        this.writeObject(psToString(item));
        continue;
      }
      for (const c of columns) this.writeObject(`${c.label.padEnd(width)} : ${cell(await c.value(item))}`);
    }
    this.writeObject('');
  }
}

export class FormatWide extends FormatCmdlet {
  static override declaration: CommandDeclaration = {
    name: 'Format-Wide',
    aliases: ['fw'],
    synopsis: 'Formats objects as a wide table that displays only one property of each object.',
    description: 'Writes one property of each object (the first, or -Property) in -Column columns (2 by default).',
    parameters: [
      { name: 'Property', type: 'object', position: 0, help: 'The property to show.' },
      { name: 'Column', type: 'int', validateRange: [1, 100], default: 2, help: 'How many columns.' },
      { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to format.' },
    ],
    examples: [{ title: 'Names in three columns', code: "'a', 'b', 'c', 'd' | Format-Wide -Column 3", remarks: 'Writes a, b and c on one line, d on the next.' }],
  };

  override async endProcessing(): Promise<void> {
    const columns = this.columns();
    const values: string[] = [];
    for (const item of this.items) values.push(isScalar(item) ? psToString(item) : cell(await (columns[0]?.value(item) ?? Promise.resolve(null))));
    const perLine = this.int('Column') ?? 2;
    const width = Math.max(0, ...values.map((v) => v.length));
    this.writeObject('');
    for (let k = 0; k < values.length; k += perLine) {
      this.writeObject(values.slice(k, k + perLine).map((v) => v.padEnd(width)).join('  ').replace(/\s+$/, ''));
    }
    this.writeObject('');
  }
}
