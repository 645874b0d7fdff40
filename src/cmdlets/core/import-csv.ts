// Import-Csv: a CSV file's rows as objects (the first row names the properties).

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { KrError } from '../../params/errors.js';
import type { CommandDeclaration } from '../../params/metadata.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { csvObjects } from './csv.js';

export class ImportCsv extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(ImportCsv, () => ({
      name: 'Import-Csv',
      aliases: ['ipcsv'],
      synopsis: 'Creates table-like custom objects from the items in a CSV file.',
      description: 'Reads a CSV file; each row becomes an object whose properties are named by the header row.',
      parameters: [
        { name: 'Path', type: 'string', position: 0, mandatory: true, valueFromPipelineByPropertyName: true, help: 'The CSV file.' },
        { name: 'Delimiter', type: 'string', position: 1, help: 'The field separator (a comma by default).' },
        { name: 'Header', type: 'string[]', help: 'Property names, when the file has no header row.' },
      ],
      examples: [{ title: 'Batch sign-out', code: 'Import-Csv sessions.csv | Invoke-KrCookieSignOut -WhatIf', remarks: 'Previews a sign-out per row (columns Url, Scheme, Jar).' }],
    }));
  }

  async invoke(): Promise<void> {
    const path = resolve(this.context.cwd, this.string('Path') ?? '');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new KrError(code === 'ENOENT' ? 'FileNotFound' : 'FileOpenFailure', code === 'ENOENT' ? `Could not find file '${path}'.` : `Cannot read '${path}': ${code}.`, {
        category: code === 'ENOENT' ? 'ObjectNotFound' : 'ReadError',
      });
    }
    for (const object of csvObjects(text, this.string('Delimiter') ?? ',', this.stringArray('Header'))) this.writeObject(object);
  }
}
