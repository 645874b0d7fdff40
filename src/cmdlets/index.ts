// The built-in cmdlets every Runspace made by createRunspace() knows. A new cmdlet is one
// file in this folder plus one line here.

import type { CmdletClass } from '../runtime/cmdlet.js';
import { GetCommand } from './get-command.js';
import { GetHelp } from './get-help.js';
import { InvokeKrCookieSignOut } from './invoke-kr-cookie-sign-out.js';
import { coreCmdlets } from './core/index.js';
import { ConvertToKrCookieJar, ExportKrCookieJar } from './convertto-kr-cookie-jar.js';
import { GetKrCookie } from './get-kr-cookie.js';
import { RemoveKrCookie } from './remove-kr-cookie.js';
import { TestKrSession } from './test-kr-session.js';

/** kr's own cmdlets: registered at start. */
export const krCmdlets: readonly CmdletClass[] = [GetHelp, GetCommand, InvokeKrCookieSignOut, GetKrCookie, RemoveKrCookie, TestKrSession, ConvertToKrCookieJar, ExportKrCookieJar];

export { coreCmdlets };

/** Every built-in cmdlet: kr's own, then the core ones (registered on first need: Runspace lazyCmdlets). */
export const builtinCmdlets: readonly CmdletClass[] = [...krCmdlets, ...coreCmdlets];
