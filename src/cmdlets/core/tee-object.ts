// Tee-Object (tee): passes its input on and also keeps it in a variable (-Variable) or a file
// (-FilePath, one line per object; -Append).

import { appendFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CommandDeclaration } from '../../params/metadata.js';
import { psToString, type PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';

export class TeeObject extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(TeeObject, () => ({
      name: 'Tee-Object',
      aliases: ['tee'],
      synopsis: 'Saves command output in a file or variable and also sends it down the pipeline.',
      description: 'Writes each input object on, and keeps all of them in -Variable or writes them to -FilePath.',
      parameters: [
        { name: 'FilePath', type: 'string', position: 0, help: 'The file to write (one line per object).' },
        { name: 'Variable', type: 'string', help: 'The variable to keep the objects in (without $).' },
        { name: 'Append', type: 'switch', help: 'Appends to the file.' },
        { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects.' },
      ],
      examples: [{ title: 'Keep and pass on', code: '1, 2 | Tee-Object -Variable kept | ForEach-Object { $_ * 10 }; $kept', remarks: 'Writes 10, 20, then 1, 2.' }],
    }));
  }

  private readonly items: PsValue[] = [];

  async invoke(): Promise<void> {
    if (this.pipelineObject === undefined && !this.isBound('InputObject')) return;
    const item = this.pipelineObject ?? (this.value('InputObject') ?? null);
    this.items.push(item);
    this.writeObject(item);
  }

  override async endProcessing(): Promise<void> {
    const variable = this.string('Variable');
    if (variable !== undefined) this.context.runspace.global.set(variable.replace(/^\$/, ''), this.items);
    const file = this.string('FilePath');
    if (file !== undefined) {
      const text = this.items.map((i) => `${psToString(i)}\n`).join('');
      const path = resolve(this.context.cwd, file);
      if (this.switch('Append')) await appendFile(path, text, 'utf8');
      else await writeFile(path, text, 'utf8');
    }
  }
}
