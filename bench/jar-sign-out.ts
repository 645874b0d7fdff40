// What a Cookies sign-out does to the jar, through the jar module alone: read the auth
// cookie the request would carry, delete it and every chunk it names with ASP.NET Core's
// delete lines, save. The jar-level figure times this without the CLI around it.

import { withJarSession } from '../src/jar/index.js';
import { AUTH_COOKIE } from './jar-fixture.js';

const DELETE_ATTRIBUTES = '; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; samesite=lax; httponly';

/** Returns how many cookies were removed. */
export async function signOutWithJarModule(jarPath: string, url: string): Promise<number> {
  return withJarSession(jarPath, async (session) => {
    const target = new URL(url);
    const sent = session.requestCookies(target);
    const auth = sent.find((c) => c.name === AUTH_COOKIE);
    if (auth === undefined) return 0;
    const chunks = /^chunks-(\d+)$/.exec(auth.value);
    const names = [AUTH_COOKIE];
    for (let i = 1; chunks !== null && i <= Number(chunks[1]); i++) {
      if (sent.some((c) => c.name === `${AUTH_COOKIE}C${i}`)) names.push(`${AUTH_COOKIE}C${i}`);
    }
    const { removed } = session.applySetCookies(target, names.map((name) => `${name}=${DELETE_ATTRIBUTES}`));
    await session.save();
    return removed.length;
  });
}
