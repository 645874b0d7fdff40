// Start-Sleep (sleep): waits, interruptibly (Ctrl+C, SIGTERM).

import type { CommandDeclaration } from '../../params/metadata.js';
import { RuntimeErrors } from '../../params/errors.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';

export class StartSleep extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(StartSleep, () => ({
      name: 'Start-Sleep',
      aliases: ['sleep'],
      synopsis: 'Suspends the activity in a script or session for the specified period of time.',
      description: 'Waits -Seconds (fractions allowed) or -Milliseconds.',
      parameters: [
        { name: 'Seconds', type: 'object', position: 0, help: 'How many seconds to wait.' },
        { name: 'Milliseconds', type: 'int', validateRange: [0, 2147483647], help: 'How many milliseconds to wait.' },
      ],
      examples: [{ title: 'Wait a moment', code: 'Start-Sleep -Milliseconds 10', remarks: 'Waits 10 ms.' }],
    }));
  }

  async invoke(): Promise<void> {
    const ms = this.isBound('Milliseconds') ? (this.int('Milliseconds') ?? 0) : Number(this.value('Seconds') ?? 0) * 1000;
    const { signal } = this.context;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, Math.min(Math.max(0, ms), 2 ** 31 - 1));
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(RuntimeErrors.interrupted());
      }, { once: true });
    });
  }
}
