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

export const builtinCmdlets: readonly CmdletClass[] = [GetHelp, GetCommand, InvokeKrCookieSignOut, GetKrCookie, RemoveKrCookie, TestKrSession, ConvertToKrCookieJar, ExportKrCookieJar, ...coreCmdlets];
