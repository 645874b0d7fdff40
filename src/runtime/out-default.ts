// PowerShell's Out-Default: how the objects reaching the end of a pipeline are shown to a
// person. Consecutive objects of one type share a view: a table for objects with up to 4
// properties (PowerShell's PropertyCountForTable), a list for more, or the view a type declares
// (`[tableView]`, like a format.ps1xml table view; `[displayLines]`, a custom view). A table's
// columns come from its first object, as in PowerShell, and its widths from the rows that
// arrive in its first 300 ms (PowerShell's grouping delay), so a fast pipeline is sized to all
// its rows and a slow one starts showing rows without waiting for its end. Strings and numbers
// are shown as they are, without ending the table they interrupt; a hashtable is its entries
// under Name (30 wide, as PowerShell's view) and Value.

import { Hashtable, type PsValue } from '../params/values.js';
import { displayLines, isSelfFormatting, tableView } from './format.js';
import { propertyNames, getMember, typeNameOf } from './ps-objects.js';
import { alignmentOf, cellText, DEFAULT_SCREEN_WIDTH, listLines, TableLayout, type TableColumn } from './table-view.js';

/** A type's own table view: its columns, what each shows, and the name its objects group by. */
export interface TableViewDefinition {
  columns: readonly (TableColumn & { value(item: unknown): PsValue })[];
}

export { tableView };

export interface DeclaresTableView {
  [tableView](): TableViewDefinition;
}

function declaresTableView(value: unknown): value is DeclaresTableView {
  return typeof value === 'object' && value !== null && typeof (value as Partial<DeclaresTableView>)[tableView] === 'function';
}

/** PowerShell's PropertyCountForTable: objects with more properties are shown as lists. */
export const PROPERTY_COUNT_FOR_TABLE = 4;
/** PowerShell's grouping delay: rows arriving within it size a table's columns. */
export const TABLE_GROUPING_MS = 300;

export interface FormatSettings {
  /** $FormatEnumerationLimit. */
  enumerationLimit: number;
}

export interface OutDefaultOptions {
  write(line: string): void;
  /** The screen's width in cells, read when a table's widths are decided. */
  screenWidth(): number;
  now?(): number;
}

const DICTIONARY_COLUMNS: readonly TableColumn[] = [
  { label: 'Name', width: 30, alignment: 'left' },
  { label: 'Value', alignment: 'left' },
];

type Pending = { row: string[] } | { text: string[] };

interface TableGroup {
  kind: 'table';
  key: string;
  columns: readonly TableColumn[];
  /** The cell texts of one object; undefined for the dictionary view, whose rows are the entries. */
  cells?: (item: unknown) => string[];
  layout?: TableLayout;
  /** Whether its widths wait for the first rows (PowerShell caches only when the first column has no width of its own). */
  sized: boolean;
  pending: Pending[];
  started: number;
}

interface ListGroup {
  kind: 'list';
  key: string;
}

/** Scalars are shown as text (PowerShell's out-of-band formatting): they never start a view. */
function isScalar(value: unknown): boolean {
  return typeof value !== 'object' || value instanceof Date || value instanceof URL;
}

export class OutDefault {
  private group: TableGroup | ListGroup | undefined;
  private readonly now: () => number;
  settings: FormatSettings = { enumerationLimit: 4 };

  constructor(private readonly options: OutDefaultOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Shows one object that reached the end of a pipeline (arrays: each element). */
  push(value: unknown, settings?: FormatSettings): void {
    if (settings) this.settings = settings;
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      for (const v of value) this.push(v);
      return;
    }
    if (isSelfFormatting(value)) {
      this.end();
      for (const line of value[displayLines]()) this.options.write(line);
      return;
    }
    if (isScalar(value)) {
      // one write, embedded newlines kept (Out-String -NoNewline keeps them; -Stream splits them)
      const text = cellText(value as PsValue);
      const group = this.group;
      if (group?.kind === 'table' && group.layout === undefined) group.pending.push({ text: [text] });
      else this.options.write(text);
      return;
    }
    if (value instanceof Hashtable || value instanceof Map) {
      const entries: [string, PsValue][] = value instanceof Hashtable ? [...value] : [...value.entries()].map(([k, v]) => [String(k), v as PsValue]);
      if (entries.length === 0) return;
      const group = this.tableGroup('System.Collections.DictionaryEntry', DICTIONARY_COLUMNS, undefined);
      for (const [k, v] of entries) this.addRow(group, [cellText(k, this.cellOptions()), cellText(v, this.cellOptions())]);
      return;
    }
    const key = typeNameOf(value);
    if (this.group?.key === key) {
      if (this.group.kind === 'table') this.addRow(this.group, this.group.cells!(value));
      else this.writeList(value);
      return;
    }
    if (declaresTableView(value)) {
      const view = value[tableView]();
      const columns = view.columns;
      const group = this.tableGroup(key, columns, (item) => columns.map((c) => cellText(c.value(item), this.cellOptions())));
      this.addRow(group, group.cells!(value));
      return;
    }
    const names = propertyNames(value);
    if (names.length === 0) return;
    if (names.length > PROPERTY_COUNT_FOR_TABLE) {
      this.end();
      this.group = { kind: 'list', key };
      this.options.write('');
      this.writeList(value);
      return;
    }
    // the first object's values decide the alignment (PowerShell's ComputeDefaultAlignment)
    const columns = names.map((n) => ({ label: n, alignment: alignmentOf(getMember(value as PsValue, n)) }));
    const group = this.tableGroup(key, columns, (item) => names.map((n) => cellText(getMember(item as PsValue, n), this.cellOptions())));
    this.addRow(group, group.cells!(value));
  }

  /** Draws the rows a table is still holding back, so what another stream writes next comes after them. */
  flush(): void {
    const group = this.group;
    if (group?.kind !== 'table' || group.layout !== undefined) return;
    const rows = group.pending.flatMap((p) => ('row' in p ? [p.row] : []));
    const requested = group.sized ? TableLayout.contentWidths(group.columns, rows) : group.columns.map((c) => c.width ?? 0);
    group.layout = new TableLayout(group.columns, requested, this.options.screenWidth());
    this.options.write('');
    for (const line of group.layout.header()) this.options.write(line);
    for (const p of group.pending) {
      if ('row' in p) for (const line of group.layout.row(p.row)) this.options.write(line);
      else for (const line of p.text) this.options.write(line);
    }
    group.pending = [];
  }

  /** Ends the current view (a table ends with a blank line); the next object starts a new one. */
  end(): void {
    const group = this.group;
    if (group === undefined) return;
    this.flush();
    if (group.kind === 'table') this.options.write('');
    this.group = undefined;
  }

  private cellOptions() {
    return { enumerationLimit: this.settings.enumerationLimit, table: true };
  }

  private tableGroup(key: string, columns: readonly TableColumn[], cells: TableGroup['cells']): TableGroup {
    if (this.group?.kind === 'table' && this.group.key === key) return this.group;
    this.end();
    const sized = !(columns[0]?.width !== undefined && columns[0].width > 0);
    const group: TableGroup = { kind: 'table', key, columns, cells, sized, pending: [], started: this.now() };
    this.group = group;
    if (!sized) this.flush();
    return group;
  }

  private addRow(group: TableGroup, row: string[]): void {
    if (group.layout !== undefined) {
      for (const line of group.layout.row(row)) this.options.write(line);
      return;
    }
    group.pending.push({ row });
    if (this.now() - group.started > TABLE_GROUPING_MS) this.flush();
  }

  private writeList(value: unknown): void {
    const options = { enumerationLimit: this.settings.enumerationLimit };
    const entries = propertyNames(value).map((n) => [n, cellText(getMember(value as PsValue, n), options)] as const);
    for (const line of listLines(entries)) this.options.write(line);
    this.options.write('');
  }
}

/** Objects as Out-Default shows them, as lines (Out-String, Format-* and tests): every row sizes its table. */
export function formatObjects(values: Iterable<unknown>, settings?: FormatSettings, screenWidth = DEFAULT_SCREEN_WIDTH): string[] {
  const lines: string[] = [];
  const out = new OutDefault({ write: (line) => lines.push(line), screenWidth: () => screenWidth, now: () => 0 });
  for (const value of values) out.push(value, settings);
  out.end();
  return lines;
}

/** One object as Out-Default shows it. */
export function formatOutputObject(value: unknown): string[] {
  return formatObjects([value]);
}
