// CSV as PowerShell reads and writes it (RFC 4180 quoting; the first row names the
// properties): the shared reader and writer of ConvertFrom-Csv, Import-Csv, ConvertTo-Csv
// and Export-Csv.

import { psToString, type PsValue } from '../../params/values.js';
import { PsCustomObject, getMember, propertyNames } from '../../runtime/ps-objects.js';

/** The rows of CSV text, each a list of fields (quoted fields may hold commas, quotes and line breaks). */
export function parseCsvRows(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const body = text.replace(/^\uFEFF/, '');
  while (i < body.length) {
    const c = body[i];
    if (quoted) {
      if (c === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      row.push(field);
      if (!(row.length === 1 && row[0] === '')) rows.push(row);
      row = [];
      field = '';
      i += c === '\r' && body[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Objects of CSV rows: the header row (or `header`) names the properties; a `#TYPE` line is skipped. */
export function csvObjects(text: string, delimiter = ',', header?: string[]): PsCustomObject[] {
  const rows = parseCsvRows(text, delimiter).filter((r) => !(r.length === 1 && r[0].startsWith('#')));
  const names = header ?? rows.shift() ?? [];
  return rows.map((r) => PsCustomObject.from(names.map((n, k): [string, PsValue] => [n, k < r.length ? r[k] : null])));
}

const quote = (value: string): string => `"${value.replace(/"/g, '""')}"`;

/** CSV lines of objects: a header of the first object's properties, every field quoted (PowerShell 7's default). */
export function csvLines(objects: readonly PsValue[], delimiter = ',', noHeader = false): string[] {
  if (objects.length === 0) return [];
  const names = propertyNames(objects[0]);
  const lines = noHeader ? [] : [names.map(quote).join(delimiter)];
  for (const object of objects) lines.push(names.map((n) => quote(psToString(getMember(object, n)))).join(delimiter));
  return lines;
}
