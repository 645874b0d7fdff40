// Get-KrCookie: the jar's cookies as objects (any format kr reads), selected by name, domain or
// URL. A cookie's value is never shown, in any mode: ValueLength and a short Fingerprint tell
// values apart.

import type { CommandDeclaration } from '../params/metadata.js';
import { openJarReadOnly } from '../jar/index.js';
import { Cmdlet } from '../runtime/cmdlet.js';
import { SELECTION_PARAMETERS, cookieObject, fingerprinter, jarLocationOf, selectCookies } from './cookie-selection.js';

export class GetKrCookie extends Cmdlet {
  static override declaration: CommandDeclaration = {
    name: 'Get-KrCookie',
    synopsis: 'Gets the cookies of a cookie jar, without their values.',
    description:
      'Reads the jar (curl/wget cookies.txt, Playwright storageState, Puppeteer or tough-cookie JSON) and writes one object per cookie:\n' +
      'Name, Domain, Path, Secure, HttpOnly, SameSite, Expires, Session, HostOnly, Site, Format, ValueLength and Fingerprint (the first 12 hex digits of the value\'s SHA-256). The value itself is never written.',
    parameters: SELECTION_PARAMETERS,
    outputs: [{ type: 'System.Management.Automation.PSCustomObject', description: 'One object per cookie, without its value.' }],
    examples: [{ title: 'The auth cookies of a jar', code: "Get-KrCookie '.AspNetCore.*' -Jar jar.txt", remarks: 'Writes the auth cookie and its chunks.' }],
  };

  async invoke(): Promise<void> {
    const fingerprint = await fingerprinter();
    const location = jarLocationOf(this, this.isBound('Jar') ? this.string('Jar') : undefined);
    const jar = await openJarReadOnly(location.path, { from: location.from });
    for (const cookie of selectCookies(jar, this.stringArray('Name'), this.stringArray('Domain'), this.string('Url'))) {
      this.writeObject(cookieObject(cookie, jar.format, fingerprint));
    }
  }
}
