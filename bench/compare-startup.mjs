// Start-up of this build against another kr build, side by side in one run, as CPU time (user +
// sys, from GNU time; steadier than wall time on a shared machine):
//
//   git worktree add /tmp/base <commit> && (cd /tmp/base && npm ci && npm run build)
//   node bench/compare-startup.mjs /tmp/base/dist/bin/kr.cjs [runs]
//
// Prints each build's mean CPU time for `kr Invoke-KrCookieSignOut -WhatIf`, `node -e 0`'s, and
// this build's over the other's (the language core's goal: at most 1.05).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const other = resolve(process.argv[2] ?? '');
const runs = Number(process.argv[3] ?? 60);
const mine = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin', 'kr.cjs');
const dir = mkdtempSync(join(tmpdir(), 'kr-compare-'));
const env = { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1', CI: '1' };
const cpu = (args) => {
  const out = join(dir, 'time');
  spawnSync('/usr/bin/time', ['-o', out, '-f', '%U %S', process.execPath, ...args], { env, cwd: dir });
  const [user, sys] = readFileSync(out, 'utf8').trim().split(' ').map(Number);
  return (user + sys) * 1000;
};
const a = [];
const b = [];
const n = [];
for (let i = 0; i < runs; i++) {
  a.push(cpu([other, 'Invoke-KrCookieSignOut', '-WhatIf']));
  b.push(cpu([mine, 'Invoke-KrCookieSignOut', '-WhatIf']));
  n.push(cpu(['-e', '0']));
}
rmSync(dir, { recursive: true, force: true });
const mean = (x) => x.reduce((p, q) => p + q, 0) / x.length;
console.log(`CPU ms (mean of ${runs}): other ${mean(a).toFixed(1)}, this ${mean(b).toFixed(1)}, node -e 0 ${mean(n).toFixed(1)}; this/other ${(mean(b) / mean(a)).toFixed(3)}`);
