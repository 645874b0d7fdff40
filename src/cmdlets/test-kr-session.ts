// Test-KrSession: asks the app, with the jar's cookies, whether a session is live (src/agent/
// probe.ts). Reports Live, SignedOut or Unknown with the status and Location seen; -Assert
// turns a mismatch into SessionAssertionFailed (exit 1), for CI scripts that must prove a
// sign-out by asking the app rather than the jar.

import { KrError } from '../params/errors.js';
import type { CommandDeclaration } from '../params/metadata.js';
import { openJarReadOnly } from '../jar/index.js';
import { probe } from '../agent/probe.js';
import { Cmdlet } from '../runtime/cmdlet.js';
import { PsCustomObject } from '../runtime/ps-objects.js';
import { jarLocationOf } from './cookie-selection.js';

export class TestKrSession extends Cmdlet {
  static override declaration: CommandDeclaration = {
    name: 'Test-KrSession',
    synopsis: 'Asks the app whether the jar still holds a live session.',
    description:
      'Sends one GET to -Url with the cookies the jar holds for it (redirects are not followed) and reports State (Live for a 2xx answer or one of -ExpectStatus, SignedOut for 401/403 or a redirect to a login page, Unknown otherwise), Status, Location and Url. The jar is only read.',
    parameters: [
      { name: 'Url', type: 'string', position: 0, mandatory: true, valueFromPipelineByPropertyName: true, help: 'A page only a signed-in user may see, e.g. https://app.example/me.' },
      { name: 'Jar', type: 'string', valueFromPipelineByPropertyName: true, help: 'The cookie jar (default: --jar, KR_COOKIE_JAR, ~/.kr/cookies.txt).' },
      { name: 'ExpectStatus', type: 'object', help: 'The status codes that mean Live (default: any 2xx).' },
      { name: 'Assert', type: 'string', validateSet: ['Live', 'SignedOut'], help: 'Fail (SessionAssertionFailed, exit 1) unless the state is this.' },
    ],
    examples: [{ title: 'Prove a sign-out in CI', code: "Test-KrSession http://127.0.0.1:5996/me -Jar jar.txt -Assert SignedOut", remarks: 'Exit 1 if the app still lets the jar in.' }],
  };

  async invoke(): Promise<void> {
    const url = new URL(this.string('Url') ?? '');
    const location = jarLocationOf(this, this.isBound('Jar') ? this.string('Jar') : undefined);
    const jar = await openJarReadOnly(location.path, { from: location.from });
    const cookies = jar.requestCookies(url);
    for (const c of cookies) this.context.secrets.add(c.value);
    const expect = this.value('ExpectStatus');
    const live = expect === undefined || expect === null ? [] : (Array.isArray(expect) ? expect : [expect]).map(Number);
    const result = await probe(url, cookies.map((c) => `${c.name}=${c.value}`).join('; ') || undefined, { live, signal: this.context.signal, timeoutSeconds: this.context.settings.timeout });
    this.writeObject(PsCustomObject.from([['State', result.state], ['Status', result.status], ['Location', result.location], ['Url', result.url]]));
    const wanted = this.string('Assert');
    if (wanted !== undefined && wanted !== result.state) {
      throw new KrError('SessionAssertionFailed', `The session at ${result.url} is ${result.state} (HTTP ${result.status}${result.location ? ` -> ${result.location}` : ''}), not ${wanted}.`, { category: 'InvalidResult' });
    }
  }
}
