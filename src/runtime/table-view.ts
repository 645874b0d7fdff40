// PowerShell's table and list drawing, shared by the default output (out-default.ts),
// Format-Table, Format-List and Out-String: the cell text of a value ($FormatEnumerationLimit,
// `{[key, value]}` for dictionaries, two decimals for a fractional number in a table), column
// widths fitted to the screen as PowerShell's ColumnWidthManager does (the last visible column
// shrinks, then hides), cells cut with `…` or wrapped (-Wrap), headers wrapped when a column is
// narrower than its label, the last column never padded, numbers right-aligned, and widths
// counted in display cells (a CJK character takes two).

import { Hashtable, psToString, type PsValue } from '../params/values.js';

/** PowerShell's default $FormatEnumerationLimit: a collection shows its first 4 elements, then `…`. */
export const FORMAT_ENUMERATION_LIMIT = 4;
const ELLIPSIS = '\u2026';
/** Screen width when the output is not a terminal (PowerShell's fallback for a host without a console). */
export const DEFAULT_SCREEN_WIDTH = 120;

export type Alignment = 'left' | 'right' | 'center';

export interface TableColumn {
  label: string;
  /** A fixed width from a view or a calculated property's `Width`; 0 or undefined: from the content. */
  width?: number;
  alignment: Alignment;
}

export interface CellOptions {
  /** $FormatEnumerationLimit; negative: no limit. */
  enumerationLimit?: number;
  /** A table cell: a fractional number shows two decimals (PowerShell's "F" format). */
  table?: boolean;
}

/** East Asian wide and fullwidth characters take two cells on a terminal. */
function cellsOf(codePoint: number): number {
  return (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf && codePoint !== 0x303f) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1f64f) ||
    (codePoint >= 0x1f900 && codePoint <= 0x1f9ff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
    ? 2
    : 1;
}

/** How many terminal cells a text takes. */
export function displayWidth(text: string): number {
  let cells = 0;
  for (const ch of text) cells += cellsOf(ch.codePointAt(0)!);
  return cells;
}

/** The longest head of `text` that fits `cells` cells. */
function headFitting(text: string, cells: number): string {
  let used = 0;
  let out = '';
  for (const ch of text) {
    const w = cellsOf(ch.codePointAt(0)!);
    if (used + w > cells) break;
    used += w;
    out += ch;
  }
  return out;
}

/** The longest tail of `text` that fits `cells` cells. */
function tailFitting(text: string, cells: number): string {
  const chars = [...text];
  let used = 0;
  let k = chars.length;
  while (k > 0) {
    const w = cellsOf(chars[k - 1].codePointAt(0)!);
    if (used + w > cells) break;
    used += w;
    k--;
  }
  return chars.slice(k).join('');
}

function elementText(value: PsValue): string {
  if (value instanceof Hashtable) return 'System.Collections.Hashtable';
  return psToString(value);
}

function enumerated(values: readonly PsValue[], limit: number): string {
  const cut = limit >= 0 && values.length > limit;
  const shown = (cut ? values.slice(0, limit) : values).map(elementText);
  return `{${shown.join(', ')}${cut ? ELLIPSIS : ''}}`;
}

/** A value as a table cell or list value shows it: collections enumerated, dictionaries as `{[key, value]}`. */
export function cellText(value: PsValue | undefined, options: CellOptions = {}): string {
  const limit = options.enumerationLimit ?? FORMAT_ENUMERATION_LIMIT;
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return enumerated(value, limit);
  if (value instanceof Hashtable) return enumerated([...value].map(([k, v]) => `[${k}, ${elementText(v)}]`), limit);
  if (options.table && typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) return value.toFixed(2);
  return psToString(value);
}

/** Right for numbers (PowerShell's default scalar types other than strings), left otherwise. */
export function alignmentOf(value: PsValue | undefined): Alignment {
  return typeof value === 'number' || typeof value === 'bigint' ? 'right' : 'left';
}

/**
 * PowerShell's ColumnWidthManager: columns without a width share what the screen leaves (at
 * least 1 each); a table wider than the screen shrinks its last visible column, or hides it
 * (-1) when it would fall below 1, until it fits.
 */
export function fitColumnWidths(requested: readonly number[], screenWidth: number): number[] {
  const widths = [...requested];
  const tableWidth = () => {
    const visible = widths.filter((w) => w > 0);
    return visible.reduce((a, b) => a + b, 0) + Math.max(0, visible.length - 1);
  };
  if (widths.some((w) => w <= 0)) {
    const free = widths.map((w) => w <= 0);
    for (let k = 0; k < widths.length; k++) if (free[k]) widths[k] = 1;
    let available = screenWidth - tableWidth();
    while (available > 0) {
      for (let k = 0; k < widths.length && available > 0; k++) {
        if (!free[k]) continue;
        widths[k]++;
        available--;
      }
    }
  }
  for (;;) {
    const excess = tableWidth() - screenWidth;
    if (excess <= 0) return widths;
    const hidden = widths.findIndex((w) => w < 0);
    const last = (hidden < 0 ? widths.length : hidden) - 1;
    if (last < 0) return widths;
    const shrunk = widths[last] - excess;
    widths[last] = shrunk < 1 ? -1 : shrunk;
  }
}

function padded(s: string, width: number, alignment: Alignment, pad: boolean): string {
  const shortBy = width - displayWidth(s);
  if (shortBy <= 0) return s;
  if (alignment === 'right') return ' '.repeat(shortBy) + s;
  if (alignment === 'center') {
    const left = Math.floor(shortBy / 2);
    return ' '.repeat(left) + s + (pad ? ' '.repeat(shortBy - left) : '');
  }
  return pad ? s + ' '.repeat(shortBy) : s;
}

/** One field cut or padded to its width: the first line only, `…` where it was cut. */
function field(text: string, width: number, alignment: Alignment, pad: boolean): string {
  let s = text.split(/\r?\n/, 1)[0];
  if (displayWidth(s) > width) {
    if (width - 1 > 0) s = alignment === 'right' ? ELLIPSIS + tailFitting(s, width - 1) : headFitting(s, width - 1) + ELLIPSIS;
    else s = alignment === 'right' ? tailFitting(s, width) : headFitting(s, width);
  }
  return padded(s, width, alignment, pad);
}

/** A text cut into lines of at most `width` cells (each of its own lines cut separately), for -Wrap and long headers. */
function wrapLines(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let rest = paragraph;
    if (rest === '') out.push('');
    while (rest !== '') {
      const head = headFitting(rest, width) || [...rest][0];
      out.push(head);
      rest = rest.slice(head.length);
    }
  }
  return out;
}

/** A table with its widths decided: draws the header and rows as PowerShell's TableWriter does. */
export class TableLayout {
  /** Final widths; -1: a column hidden to fit the screen. */
  readonly widths: number[];

  constructor(
    readonly columns: readonly TableColumn[],
    requested: readonly number[],
    screenWidth: number,
  ) {
    this.widths = fitColumnWidths(requested, screenWidth);
  }

  /**
   * The widths from the content: each column as wide as its label and its widest cell, a
   * cell's whole text counted (PowerShell measures a multi-line value whole); a fixed width stays.
   */
  static contentWidths(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): number[] {
    return columns.map((c, k) => (c.width && c.width > 0 ? c.width : Math.max(displayWidth(c.label), ...rows.map((r) => displayWidth(r[k] ?? '')))));
  }

  private visible(): number[] {
    return this.widths.flatMap((w, k) => (w > 0 ? [k] : []));
  }

  /** The label line(s), wrapped where a column is narrower than its label, and the dashes under them. */
  header(): string[] {
    const shown = this.visible();
    if (shown.length === 0) return [];
    const lines = this.multiLine(this.columns.map((c) => c.label), this.columns.map((c) => c.alignment));
    const dashes = shown.map((k, i) => {
      const label = this.columns[k].label;
      const count = label === '' ? this.widths[k] : Math.min(this.widths[k], displayWidth(label));
      return padded('-'.repeat(count), this.widths[k], this.columns[k].alignment, i < shown.length - 1);
    });
    lines.push(dashes.join(' ').trimEnd());
    return lines;
  }

  /** One row: cells cut to their width, or with `wrap` spread over as many lines as the longest needs. */
  row(cells: readonly string[], wrap = false): string[] {
    const alignments = this.columns.map((c) => c.alignment);
    if (wrap) return this.multiLine(cells, alignments);
    const shown = this.visible();
    if (shown.length === 0) return [];
    return [shown.map((k, i) => field(cells[k] ?? '', this.widths[k], alignments[k], i < shown.length - 1)).join(' ').trimEnd()];
  }

  private multiLine(cells: readonly string[], alignments: readonly Alignment[]): string[] {
    const shown = this.visible();
    if (shown.length === 0) return [];
    const parts = shown.map((k) => wrapLines(cells[k] ?? '', this.widths[k]));
    const height = Math.max(...parts.map((p) => p.length));
    const lines: string[] = [];
    for (let row = 0; row < height; row++) {
      const texts = shown.map((k, i) => {
        const part = parts[i][row];
        return part === undefined ? ' '.repeat(this.widths[k]) : padded(part, this.widths[k], alignments[k], true);
      });
      lines.push(texts.join(' ').trimEnd());
    }
    return lines;
  }
}

/** A list entry: `Name : value`, names padded to the longest, a value's further lines under its first. */
export function listLines(entries: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...entries.map(([name]) => displayWidth(name)));
  const lines: string[] = [];
  for (const [name, value] of entries) {
    const [first, ...rest] = value.split(/\r?\n/);
    lines.push(`${name}${' '.repeat(width - displayWidth(name))} : ${first}`.trimEnd());
    for (const more of rest) lines.push(`${' '.repeat(width + 3)}${more}`.trimEnd());
  }
  return lines;
}
