// Out-String: the input objects as the text kr would show for them (one string; -Stream: a
// string per line).

import type { CommandDeclaration } from '../../params/metadata.js';
import type { PsValue } from '../../params/values.js';
import { Cmdlet } from '../../runtime/cmdlet.js';
import { formatOutputObject } from '../../runtime/format.js';

export class OutString extends Cmdlet {
  static override declaration: CommandDeclaration = {
    name: 'Out-String',
    synopsis: 'Outputs input objects as a string.',
    description: 'Formats the input objects as kr shows them and writes the text.',
    parameters: [
      { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to format.' },
      { name: 'Stream', type: 'switch', help: 'Writes each line as its own string.' },
    ],
    examples: [{ title: 'Text of an object', code: "@{ a = 1 } | Out-String", remarks: 'Writes the formatted text.' }],
  };

  private readonly lines: string[] = [];

  async invoke(): Promise<void> {
    const item: PsValue | undefined = this.pipelineObject ?? this.value('InputObject');
    if (item === undefined) return;
    this.lines.push(...formatOutputObject(item));
  }

  override async endProcessing(): Promise<void> {
    if (this.switch('Stream')) for (const line of this.lines) this.writeObject(line);
    else if (this.lines.length > 0) this.writeObject(`${this.lines.join('\n')}\n`);
  }
}
