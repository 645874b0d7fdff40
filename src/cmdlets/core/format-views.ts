// Format-Table (ft), Format-List (fl) and Format-Wide (fw): the input objects as the text
// PowerShell draws for them (src/runtime/table-view.ts), written as lines (strings), so
// `| Format-Table` shows a table and `| Format-Table | Out-String` gives its text. Grouped:
// one job (text views of objects), one way of choosing what to show (-Property).

import type { CommandDeclaration } from '../../params/metadata.js';
import { Hashtable, psToString, type PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { inputItems } from './input.js';
import { unwrap } from '../../runtime/evaluator.js';
import { wildcardToRegex } from '../../runtime/operators.js';
import { PsCustomObject, ScriptBlock, getMember, propertyNames } from '../../runtime/ps-objects.js';
import { alignmentOf, cellText, displayWidth, listLines, TableLayout, type Alignment, type TableColumn } from '../../runtime/table-view.js';

interface Column extends TableColumn {
  value: (item: PsValue) => Promise<PsValue>;
}

/** Scalars show as themselves; objects by their properties. */
const isScalar = (v: PsValue) => v === null || typeof v !== 'object' || v instanceof Date;

/** A hashtable is shown as its entries (PowerShell enumerates a dictionary into Name/Value pairs); $null is nothing. */
function expanded(items: readonly PsValue[]): PsValue[] {
  return items.flatMap((item) => (item === null ? [] : item instanceof Hashtable ? [...item].map(([Name, Value]) => PsCustomObject.from([['Name', Name], ['Value', Value]])) : [item]));
}

const ALIGNMENTS: Record<string, Alignment> = { left: 'left', right: 'right', center: 'center' };

abstract class FormatCmdlet extends Cmdlet {
  protected readonly items: PsValue[] = [];

  async invoke(): Promise<void> {
    this.items.push(...inputItems(this));
  }

  /**
   * The columns -Property asks for (names with wildcards, or @{ Label/Name; Expression; Width;
   * Alignment }) minus -ExcludeProperty, else every property of `model` (the first object).
   */
  protected columns(model: PsValue): Column[] {
    const spec = this.value('Property');
    const available = model === null || isScalar(model) ? [] : propertyNames(model);
    const specs = spec === undefined || spec === null ? available : Array.isArray(spec) ? spec : [spec];
    const excluded = this.excluded();
    const columns: Column[] = [];
    for (const s of specs) {
      if (s instanceof Hashtable) {
        const get = (...keys: string[]) => keys.map((k) => s.get(k)).find((v) => v !== undefined) ?? null;
        const expression = get('Expression', 'E');
        const width = Number(get('Width', 'W') ?? 0);
        columns.push({
          label: psToString(get('Label', 'Name', 'L', 'N') ?? (expression instanceof ScriptBlock ? expression.psToString() : expression)),
          width: Number.isInteger(width) && width > 0 ? width : undefined,
          alignment: ALIGNMENTS[psToString(get('Alignment', 'A')).toLowerCase()] ?? 'left',
          value: async (item) => (expression instanceof ScriptBlock ? unwrap(await this.invokeScriptBlock(expression, item)) : getMember(item, psToString(expression))),
        });
        continue;
      }
      const pattern = psToString(s);
      const names = /[*?[]/.test(pattern) ? available.filter((n) => wildcardToRegex(pattern, false).test(n)) : [available.find((n) => n.toLowerCase() === pattern.toLowerCase()) ?? pattern];
      for (const name of names) {
        if (excluded.some((x) => x.test(name))) continue;
        const first = model !== null && !isScalar(model) ? getMember(model, name) : null;
        columns.push({ label: name, alignment: alignmentOf(first), value: async (item) => (isScalar(item) ? null : getMember(item, name)) });
      }
    }
    return columns;
  }

  /** -ExcludeProperty's patterns (Format-Wide has none). */
  protected excluded(): RegExp[] {
    const spec = this.value('ExcludeProperty');
    if (spec === undefined || spec === null) return [];
    return (Array.isArray(spec) ? spec : [spec]).map((p) => wildcardToRegex(psToString(p), false));
  }
}

export class FormatTable extends FormatCmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(FormatTable, () => ({
      name: 'Format-Table',
      aliases: ['ft'],
      synopsis: 'Formats the output as a table.',
      description:
        'Writes the objects as a table: one column per property of the first object (-Property picks them; wildcards and calculated properties with Label, Expression, Width and Alignment allowed), a header and a dashed line. Columns are as wide as their label and widest value, fitted to the screen (the last columns shrink or drop out), values cut with an ellipsis unless -Wrap; numbers are right-aligned. A hashtable is shown as its Name/Value entries.',
      parameters: [
        { name: 'Property', type: 'object', position: 0, help: 'The properties to show.' },
        { name: 'ExcludeProperty', type: 'string[]', help: 'Properties to leave out (wildcards allowed).' },
        { name: 'AutoSize', type: 'switch', help: 'Columns as wide as their content (kr sizes them so whenever a column has no width of its own).' },
        { name: 'HideTableHeaders', type: 'switch', help: 'Leaves the header out.' },
        { name: 'Wrap', type: 'switch', help: 'Shows long and multi-line values on further lines instead of cutting them.' },
        { name: 'Force', type: 'switch', help: 'With -Property, shows strings and numbers as rows of the asked properties too.' },
        { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to format.' },
      ],
      examples: [{ title: 'A table of two objects', code: "[pscustomobject]@{ Name = 'a'; N = 1 }, [pscustomobject]@{ Name = 'bb'; N = 22 } | Format-Table", remarks: 'Writes a table with the columns Name and N.' }],
    }));
  }

  override async endProcessing(): Promise<void> {
    const asked = this.value('Property') !== undefined && this.switch('Force');
    const items = expanded(this.items);
    if (items.length === 0) return;
    if (!asked && items.every(isScalar)) {
      for (const item of items) this.writeObject(psToString(item));
      return;
    }
    const { screenWidth, enumerationLimit } = this.formatting;
    const columns = this.columns(items.find((i) => !isScalar(i)) ?? null);
    if (columns.length === 0) return;
    const rows: string[][] = [];
    const out: ({ row: string[] } | { text: string })[] = [];
    for (const item of items) {
      if (isScalar(item) && !asked) {
        out.push({ text: psToString(item) });
        continue;
      }
      const row: string[] = [];
      for (const c of columns) row.push(cellText(await c.value(item), { enumerationLimit, table: true }));
      rows.push(row);
      out.push({ row });
    }
    const layout = new TableLayout(columns, TableLayout.contentWidths(columns, rows), screenWidth);
    const wrap = this.switch('Wrap');
    this.writeObject('');
    if (!this.switch('HideTableHeaders')) for (const line of layout.header()) this.writeObject(line);
    for (const o of out) {
      if ('text' in o) this.writeObject(o.text);
      else for (const line of layout.row(o.row, wrap)) this.writeObject(line);
    }
    this.writeObject('');
  }
}

export class FormatList extends FormatCmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(FormatList, () => ({
      name: 'Format-List',
      aliases: ['fl'],
      synopsis: 'Formats the output as a list of properties in which each property appears on a new line.',
      description:
        'Writes each object as "Name : value" lines, names padded to the longest, a blank line after each object. -Property picks the properties (wildcards and calculated properties allowed), -ExcludeProperty leaves some out. A hashtable is shown as its Name/Value entries; a string as itself (with -Property: nothing, as it has none of them).',
      parameters: [
        { name: 'Property', type: 'object', position: 0, help: 'The properties to show (* for all).' },
        { name: 'ExcludeProperty', type: 'string[]', help: 'Properties to leave out (wildcards allowed).' },
        { name: 'Force', type: 'switch', help: 'Accepted for PowerShell compatibility.' },
        { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to format.' },
      ],
      examples: [{ title: 'An object as a list', code: "[pscustomobject]@{ Name = 'a'; N = 1 } | Format-List", remarks: 'Writes Name : a and N    : 1.' }],
    }));
  }

  override async endProcessing(): Promise<void> {
    const { enumerationLimit } = this.formatting;
    const asked = this.value('Property') !== undefined;
    const lines: string[] = [];
    for (const item of expanded(this.items)) {
      if (isScalar(item)) {
        if (!asked) lines.push(psToString(item));
        continue;
      }
      const entries: [string, string][] = [];
      for (const c of this.columns(item)) entries.push([c.label, cellText(await c.value(item), { enumerationLimit })]);
      if (entries.length === 0) continue;
      lines.push('', ...listLines(entries));
    }
    if (lines.length === 0) return;
    for (const line of lines) this.writeObject(line);
    this.writeObject('');
  }
}

export class FormatWide extends FormatCmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(FormatWide, () => ({
      name: 'Format-Wide',
      aliases: ['fw'],
      synopsis: 'Formats objects as a wide table that displays only one property of each object.',
      description: 'Writes one property of each object (the first, or -Property) in -Column columns (2 by default), or with -AutoSize as many as fit the screen.',
      parameters: [
        { name: 'Property', type: 'object', position: 0, help: 'The property to show.' },
        { name: 'Column', type: 'int', validateRange: [1, 2147483647], help: 'How many columns (2 by default).' },
        { name: 'AutoSize', type: 'switch', help: 'As many columns as fit the screen.' },
        { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to format.' },
      ],
      examples: [{ title: 'Names in three columns', code: "'a', 'b', 'c', 'd' | Format-Wide -Column 3", remarks: 'Writes a, b and c on one line, d on the next.' }],
    }));
  }

  protected override excluded(): RegExp[] {
    return [];
  }

  override async endProcessing(): Promise<void> {
    const items = expanded(this.items);
    if (items.length === 0) return;
    const { screenWidth, enumerationLimit } = this.formatting;
    const column = this.columns(items.find((i) => !isScalar(i)) ?? null)[0];
    const values: string[] = [];
    for (const item of items) values.push(isScalar(item) ? psToString(item) : cellText(column ? await column.value(item) : null, { enumerationLimit }));
    // PowerShell's ComputeWideViewBestItemsPerRowFit: as many as fit with a separator each
    const widest = Math.max(1, ...values.map(displayWidth));
    let fit = 1;
    while ((fit + 1) * (widest + 1) - 1 < screenWidth) fit++;
    const perLine = this.switch('AutoSize') ? fit : (this.int('Column') ?? 2);
    // the columns share the screen, as PowerShell's wide view spreads them
    const layout = new TableLayout(Array.from({ length: perLine }, () => ({ label: '', alignment: 'left' as const })), Array(perLine).fill(0), screenWidth);
    this.writeObject('');
    for (let k = 0; k < values.length; k += perLine) for (const line of layout.row(values.slice(k, k + perLine))) this.writeObject(line);
    this.writeObject('');
  }
}
