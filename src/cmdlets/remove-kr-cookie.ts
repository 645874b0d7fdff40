// Remove-KrCookie: removes cookies from a jar by name, domain or URL (or piped Get-KrCookie
// objects), as a browser does when a server deletes them: an expired Set-Cookie per cookie,
// matched by name, domain and path. For what a browser-driving test cannot reach, such as an
// identity provider's own cookies on its domain. Everything else in the jar stays byte for byte.

import { KrError } from '../params/errors.js';
import type { CommandDeclaration } from '../params/metadata.js';
import { withJarSession } from '../jar/index.js';
import type { JarCookie } from '../jar/types.js';
import { Cmdlet } from '../runtime/cmdlet.js';
import { SELECTION_PARAMETERS, cookieObject, fingerprinter, jarLocationOf, selectCookies } from './cookie-selection.js';

/** The Set-Cookie line that deletes `cookie` and the URL it must come from. */
function deletion(cookie: JarCookie): { url: URL; line: string } {
  const host = cookie.domain.includes(':') ? `[${cookie.domain}]` : cookie.domain;
  const url = new URL(`${cookie.secure ? 'https' : 'http'}://${host}${cookie.path}`);
  const domain = cookie.hostOnly ? '' : `; domain=${cookie.domain}`;
  return { url, line: `${cookie.name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=${cookie.path}${domain}${cookie.secure ? '; secure' : ''}` };
}

export class RemoveKrCookie extends Cmdlet {
  static override declaration: CommandDeclaration = {
    name: 'Remove-KrCookie',
    synopsis: 'Removes cookies from a cookie jar.',
    description: 'Removes the selected cookies (at least one of -Name, -Domain or -Url, or piped cookies) from the jar, in place; the rest of the file stays byte for byte. Writes each removed cookie (without its value).',
    supportsShouldProcess: true,
    confirmImpact: 'Medium',
    parameters: [...SELECTION_PARAMETERS, { name: 'Path', type: 'string', valueFromPipelineByPropertyName: true, help: 'Only cookies with this path (piped cookies carry theirs).' }],
    examples: [{ title: "Clear an identity provider's cookies", code: "Remove-KrCookie -Domain 'idp.example' -Jar jar.txt -Confirm:$false", remarks: 'Removes every cookie of idp.example; the app\'s cookies stay.' }],
  };

  async invoke(): Promise<void> {
    const names = this.stringArray('Name');
    const domains = this.stringArray('Domain');
    const url = this.string('Url');
    if (names === undefined && domains === undefined && url === undefined) {
      await this.writeError(new KrError('NoCookieSelected', 'Remove-KrCookie needs -Name, -Domain or -Url (or piped cookies): it does not empty a jar by accident.', { category: 'InvalidArgument' }));
      return;
    }
    const fingerprint = await fingerprinter();
    const location = jarLocationOf(this, this.isBound('Jar') ? this.string('Jar') : undefined);
    const path = this.string('Path');
    await withJarSession(location.path, async (jar) => {
      const chosen = selectCookies(jar, names, domains, url).filter((c) => path === undefined || c.path === path);
      for (const cookie of chosen) {
        if (!(await this.shouldProcess(`${cookie.name} (${cookie.domain}${cookie.path})`, 'Remove cookie'))) continue;
        const { url: from, line } = deletion(cookie);
        const changes = jar.applySetCookies(from, [line]);
        for (const removed of changes.removed) this.writeObject(cookieObject(removed, jar.format, fingerprint));
      }
      if (!this.whatIfActive) await jar.save();
    }, { from: location.from });
  }
}
