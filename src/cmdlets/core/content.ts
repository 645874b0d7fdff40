// Get-Content (gc, cat, type) and Set-Content / Add-Content: text files, UTF-8, as lines or
// (-Raw) one string. Grouped: one job (a file's text), each its own command.

import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { KrError } from '../../params/errors.js';
import type { CommandDeclaration } from '../../params/metadata.js';
import { psToString, type PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';

const ENCODINGS = ['utf8', 'utf8NoBOM', 'utf8BOM', 'ascii', 'Default'];

function fileError(path: string, error: unknown): KrError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new KrError('PathNotFound', `Cannot find path '${path}' because it does not exist.`, { category: 'ObjectNotFound' });
  return new KrError('FileOpenFailure', `Cannot access '${path}': ${code ?? 'error'}.`, { category: 'ReadError' });
}

export class GetContent extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(GetContent, () => ({
      name: 'Get-Content',
      aliases: ['gc', 'cat', 'type'],
      synopsis: 'Gets the content of the item at the specified location.',
      description: 'Writes a text file line by line, or with -Raw as one string.',
      parameters: [
        { name: 'Path', type: 'string[]', position: 0, mandatory: true, valueFromPipelineByPropertyName: true, help: 'The files to read.' },
        { name: 'Raw', type: 'switch', help: 'The whole file as one string.' },
        { name: 'Encoding', type: 'string', validateSet: ENCODINGS, help: 'The text encoding (UTF-8).' },
      ],
      examples: [{ title: 'Read a file', code: 'Get-Content ./sessions.csv -Raw', remarks: 'Writes the file as one string.' }],
    }));
  }

  async invoke(): Promise<void> {
    for (const path of this.stringArray('Path') ?? []) {
      let text: string;
      try {
        text = (await readFile(resolve(this.context.cwd, path), 'utf8')).replace(/^\uFEFF/, '');
      } catch (error) {
        await this.writeError(fileError(path, error));
        continue;
      }
      if (this.switch('Raw')) this.writeObject(text);
      else for (const line of text.replace(/\r?\n$/, '').split(/\r?\n/)) if (text !== '') this.writeObject(line);
    }
  }
}

class ContentWriter extends Cmdlet {
  protected readonly lines: string[] = [];
  protected append = false;

  async invoke(): Promise<void> {
    const value: PsValue | undefined = this.pipelineObject !== undefined ? this.pipelineObject : this.value('Value');
    if (value === undefined) return;
    for (const item of Array.isArray(value) ? value : [value]) this.lines.push(psToString(item));
  }

  override async endProcessing(): Promise<void> {
    const path = resolve(this.context.cwd, this.string('Path') ?? '');
    const text = this.switch('NoNewline') ? this.lines.join('') : this.lines.map((l) => `${l}\n`).join('');
    try {
      if (this.append) await appendFile(path, text, 'utf8');
      else await writeFile(path, text, 'utf8');
    } catch (error) {
      throw fileError(path, error);
    }
  }
}

const writerParameters = [
  { name: 'Path', type: 'string' as const, position: 0, mandatory: true, help: 'The file to write.' },
  { name: 'Value', type: 'object' as const, position: 1, valueFromPipeline: true, help: 'The text (each item a line).' },
  { name: 'NoNewline', type: 'switch' as const, help: 'No line break after each item.' },
  { name: 'Encoding', type: 'string' as const, validateSet: ENCODINGS, help: 'The text encoding (UTF-8).' },
];

export class SetContent extends ContentWriter {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(SetContent, () => ({
      name: 'Set-Content',
      synopsis: 'Writes new content or replaces existing content in a file.',
      description: 'Writes the values as lines of a UTF-8 text file, replacing what it held.',
      parameters: writerParameters,
      examples: [{ title: 'Write a file', code: "Set-Content ./note.txt 'hello'", remarks: 'The file holds one line.' }],
    }));
  }
}

export class AddContent extends ContentWriter {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(AddContent, () => ({
      name: 'Add-Content',
      synopsis: 'Adds content to the specified items, such as adding words to a file.',
      description: 'Appends the values as lines to a UTF-8 text file.',
      parameters: writerParameters,
      examples: [{ title: 'Append a line', code: "Add-Content ./note.txt 'more'", remarks: 'Adds one line.' }],
    }));
  }

  protected override append = true;
}
