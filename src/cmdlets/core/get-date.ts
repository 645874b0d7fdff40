// Get-Date: the current date and time (or -Date's), or its text in a -Format / -UFormat.

import type { CommandDeclaration } from '../../params/metadata.js';
import { psToString } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { convertTo } from '../../runtime/operators.js';
import { formatDate as format } from '../../runtime/date-format.js';

export class GetDate extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(GetDate, () => ({
      name: 'Get-Date',
      synopsis: 'Gets the current date and time.',
      description: 'Writes the date (a [datetime]), or with -Format its text (.NET format strings: yyyy-MM-dd, HH:mm:ss, o, s, u).',
      parameters: [
        { name: 'Date', type: 'object', position: 0, help: 'The date to use instead of now.' },
        { name: 'Format', type: 'string', help: 'A .NET format string.' },
        { name: 'AsUTC', type: 'switch', help: 'Formats in UTC.' },
      ],
      examples: [{ title: 'An ISO timestamp', code: "Get-Date -Format o", remarks: 'Writes the round-trip text of now.' }],
    }));
  }

  async invoke(): Promise<void> {
    const given = this.value('Date');
    const date = given === undefined || given === null ? new Date() : (convertTo('datetime', given) as unknown as Date);
    const spec = this.string('Format');
    if (spec === undefined) {
      this.writeObject(date);
      return;
    }
    const shown = this.switch('AsUTC') ? new Date(date.getTime() + date.getTimezoneOffset() * 60000) : date;
    this.writeObject(format(shown, psToString(spec)));
  }
}
