// Write-Output (echo, write): writes its objects to the pipeline, one at a time (an array is
// enumerated unless -NoEnumerate).

import type { CommandDeclaration } from '../../params/metadata.js';
import type { PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';

export class WriteOutput extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(WriteOutput, () => ({
      name: 'Write-Output',
      aliases: ['echo', 'write'],
      synopsis: 'Writes the specified objects to the pipeline.',
      description: 'Sends objects to the next command in the pipeline, or to the output when it is the last command.',
      parameters: [
        { name: 'InputObject', type: 'object', position: 0, mandatory: true, valueFromPipeline: true, valueFromRemainingArguments: true, help: 'The objects to send along the pipeline.' },
        { name: 'NoEnumerate', type: 'switch', help: 'Writes an array as one object instead of its items.' },
      ],
      examples: [{ title: 'Write two strings', code: "Write-Output 'a' 'b'", remarks: 'Writes a and b.' }],
    }));
  }

  async invoke(): Promise<void> {
    const value = this.value('InputObject') ?? null;
    const items: PsValue[] = Array.isArray(value) && !this.switch('NoEnumerate') ? value : [value];
    for (const item of items) this.writeObject(item);
  }
}
