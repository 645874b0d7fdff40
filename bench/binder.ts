// Figure 3, binder: how many typical sign-out command lines kr parses and binds per second
// in process (what an embedder calling a Runspace in a loop pays before the cmdlet runs).

import { invokeKrCookieSignOutDeclaration } from '../src/cmdlets/sign-out-declaration.js';
import { argvToCommand, bindArguments, parseScript, resolveMetadata } from '../src/params/index.js';
import { SIGN_OUT } from './kr-command.js';
import type { BenchRow } from './table.js';

const ARGV = [SIGN_OUT, '-Scheme', 'Cookies', '-AuthKind', 'cookies', '-Redirect', '-Verbose'];
const SCRIPT = `${SIGN_OUT} Cookies -AuthKind Oidc -RedirectUri '/signed-out' -Properties @{ returnUrl = '/home'; n = 1 } -WhatIf`;

function ratePerSecond(durationMs: number, once: () => void): number {
  for (let i = 0; i < 200; i++) once(); // warm the JIT before counting
  let count = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(durationMs * 1e6));
  let now = started;
  while (now < deadline) {
    for (let i = 0; i < 100; i++) once();
    count += 100;
    now = process.hrtime.bigint();
  }
  return count / (Number(now - started) / 1e9);
}

export function binderFigure(durationMs: number): BenchRow[] {
  const declaration = invokeKrCookieSignOutDeclaration;
  const rows: BenchRow[] = [];
  const cases: [string, () => void][] = [
    ['argv', () => bindArguments(resolveMetadata(declaration), argvToCommand(ARGV).elements)],
    [
      '-c string',
      () => {
        const [statement] = parseScript(SCRIPT);
        if (statement.kind === 'command') bindArguments(resolveMetadata(declaration), statement.elements);
      },
    ],
  ];
  for (const [form, once] of cases) {
    const rate = ratePerSecond(durationMs, once);
    rows.push({
      figure: `binder: parse + bind a sign-out line (${form}), in process`,
      kr: `${Math.round(rate).toLocaleString('en-US')} /s`,
      peer: '',
      ratio: '',
      goal: 'record',
      pass: null,
      values: { kr: rate, peer: null, ratio: null },
    });
  }
  return rows;
}
