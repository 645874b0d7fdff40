// ConvertTo-KrCookieJar and Export-KrCookieJar: a jar in another format (Netscape cookies.txt,
// Playwright storageState, Puppeteer cookie array, tough-cookie JSON), every attribute the
// target can hold kept, and a warning for what it cannot. ConvertTo writes the text (it holds
// cookie values: meant for a file or a pipe, never for a log); Export writes the file (0600).

import type { CommandDeclaration } from '../params/metadata.js';
import { convertCookies, openJarReadOnly, writeJarFile } from '../jar/index.js';
import type { JarFormat } from '../jar/types.js';
import { Cmdlet } from '../runtime/cmdlet.js';
import { jarLocationOf } from './cookie-selection.js';
import { resolve } from 'node:path';

const FORMATS: Record<string, JarFormat> = { netscape: 'netscape', playwright: 'playwright', puppeteer: 'puppeteer', toughcookie: 'tough-json' };

const parameters = [
  { name: 'Format', type: 'string' as const, position: 0, mandatory: true, validateSet: ['Netscape', 'Playwright', 'Puppeteer', 'ToughCookie'], help: 'The format to write.' },
  { name: 'Jar', type: 'string' as const, help: 'The jar to convert (default: --jar, KR_COOKIE_JAR, ~/.kr/cookies.txt).' },
];

async function converted(cmdlet: Cmdlet): Promise<Buffer> {
  const location = jarLocationOf(cmdlet, cmdlet.isBound('Jar') ? cmdlet.string('Jar') : undefined);
  const jar = await openJarReadOnly(location.path, { from: location.from });
  const format = FORMATS[(cmdlet.string('Format') ?? '').toLowerCase()];
  const { contents, lost } = convertCookies(jar.cookies(), format);
  for (const what of lost) cmdlet.writeWarning(`The ${cmdlet.string('Format')} format cannot hold ${what}; it is left out.`);
  return contents;
}

export class ConvertToKrCookieJar extends Cmdlet {
  static override declaration: CommandDeclaration = {
    name: 'ConvertTo-KrCookieJar',
    synopsis: 'Converts a cookie jar to another format.',
    description: 'Writes the jar\'s text in the chosen format. The text holds the cookie values: send it to a file (Export-KrCookieJar writes one safely), not to a log.',
    parameters,
    examples: [{ title: 'A curl jar as Playwright storageState', code: 'ConvertTo-KrCookieJar Playwright -Jar jar.txt | Set-Content state.json', remarks: 'Playwright can load state.json with storageState.' }],
  };

  async invoke(): Promise<void> {
    this.writeObject((await converted(this)).toString('utf8'));
  }
}

export class ExportKrCookieJar extends Cmdlet {
  static override declaration: CommandDeclaration = {
    name: 'Export-KrCookieJar',
    synopsis: 'Writes a cookie jar to a file in another format.',
    description: 'Converts the jar and writes the result to -Path atomically (a new file gets mode 0600).',
    parameters: [...parameters, { name: 'Path', type: 'string', position: 1, mandatory: true, help: 'The file to write.' }],
    examples: [{ title: 'A Playwright state as cookies.txt for curl', code: 'Export-KrCookieJar Netscape cookies.txt -Jar state.json', remarks: 'curl -b cookies.txt sends the same cookies.' }],
  };

  async invoke(): Promise<void> {
    await writeJarFile(resolve(this.context.cwd, this.string('Path') ?? ''), await converted(this));
  }
}
