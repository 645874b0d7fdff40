// Figure 1, start-up: `kr Invoke-KrCookieSignOut -WhatIf` on a small jar against
// `node -e 0`, the floor no Node program can go below. Median of alternating runs.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateJar } from './jar-fixture.js';
import { SIGN_OUT, envWithoutExtraCaCerts, failureLine, krSpec } from './kr-command.js';
import { measureAlternating, measureProcess, medianWall, type ProcessSample, type RunSpec } from './measure.js';
import { goalNode, type NodeBinary } from './nodes.js';
import { ms, times, type BenchRow } from './table.js';

export const STARTUP_GOAL = 1.5;

/** As this machine runs, and without NODE_EXTRA_CA_CERTS when it is set (see kr-command.ts). */
function environments(): { label: string; env: NodeJS.ProcessEnv }[] {
  const asRun = { ...process.env };
  delete asRun.NODE_OPTIONS;
  const without = envWithoutExtraCaCerts(asRun);
  if (without === undefined) return [{ label: '', env: asRun }];
  return [
    { label: ' (NODE_EXTRA_CA_CERTS set, as here)', env: asRun },
    { label: ' (without NODE_EXTRA_CA_CERTS)', env: without },
  ];
}

export async function startupFigure(root: string, dir: string, runs: number, nodes: readonly NodeBinary[]): Promise<BenchRow[]> {
  const fixture = generateJar(40, 4);
  const jar = join(dir, 'small.txt');
  writeFileSync(jar, fixture.contents);
  const rows: BenchRow[] = [];
  const judgedOn = goalNode(nodes);
  for (const binary of nodes) {
    for (const { label, env } of environments()) {
      // a Node other than the build's keeps its code cache per user: the untimed first run makes it
      const kr = krSpec(root, ['--jar', jar, '--url', fixture.url, SIGN_OUT, '-WhatIf'], dir, { ...env, XDG_CACHE_HOME: join(dir, 'xdg-cache') }, binary.path);
      // the same Node and environment for the peer: only kr's own settings (no colour, CI) differ
      const node = { command: binary.path, args: ['-e', '0'], env };
      rows.push(await measureStartup(kr, node, runs, ` (Node ${binary.version}${label.replace(/^ \(/, ', ').replace(/\)$/, '')})`, binary === judgedOn));
    }
  }
  return rows;
}

async function measureStartup(kr: RunSpec, node: RunSpec, runs: number, label: string, judged: boolean): Promise<BenchRow> {
  const checkKr = (s: ProcessSample) => {
    if (s.status !== 0 || !s.stdout.includes('What if:')) throw new Error(`kr -WhatIf failed (${failureLine(s.stderr, s.status)})`);
  };
  // untimed runs of each warm the page cache the way a CI loop's first runs do (and make kr's per-user code cache on another Node)
  checkKr(await measureProcess(kr));
  checkKr(await measureProcess(kr));
  await measureProcess(node);
  const samples = await measureAlternating(runs, [
    { name: 'kr', spec: kr, check: checkKr },
    { name: 'node', spec: node },
  ]);
  const krMs = medianWall(samples.get('kr') ?? []);
  const nodeMs = medianWall(samples.get('node') ?? []);
  const ratio = krMs / nodeMs;
  return {
    figure: `start-up: ${SIGN_OUT} -WhatIf${label} (median of ${runs})`,
    kr: ms(krMs),
    peer: `${ms(nodeMs)} (node -e 0)`,
    ratio: times(ratio),
    goal: judged ? `<= ${STARTUP_GOAL}x` : 'record',
    pass: judged ? ratio <= STARTUP_GOAL : null,
    values: { kr: krMs, peer: nodeMs, ratio },
  };
}
