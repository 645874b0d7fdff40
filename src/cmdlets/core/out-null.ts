// Out-Null: discards its input (the output of a command you do not want shown).

import type { CommandDeclaration } from '../../params/metadata.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';

export class OutNull extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(OutNull, () => ({
      name: 'Out-Null',
      synopsis: 'Hides the output instead of sending it down the pipeline or displaying it.',
      description: 'Reads its input and writes nothing.',
      parameters: [{ name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to discard.' }],
      examples: [{ title: 'Discard output', code: "'x' | Out-Null", remarks: 'Writes nothing.' }],
    }));
  }

  async invoke(): Promise<void> {
    // nothing: that is the point
  }
}
