// Which Node binaries the bench measures kr on: the one running it, plus each `--node <path>`
// and each binary in KR_BENCH_NODES (colon-separated), plus the Node 24 that .ci/run installs
// (its cache folder) when it is there. Every figure is measured on each, as ratios to that
// Node's own `node -e 0` in the same run.

import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

export interface NodeBinary {
  path: string;
  version: string;
}

function versionOf(path: string): string | undefined {
  const ran = spawnSync(path, ['--version'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return ran.status === 0 ? ran.stdout.trim() : undefined;
}

/** The Node 24 .ci/run keeps (KR_NODE24_DIR, else under the XDG cache folder). */
function ciNode24(): string | undefined {
  const base = process.env.XDG_CACHE_HOME || join(process.env.HOME ?? '/tmp', '.cache');
  const dir = process.env.KR_NODE24_DIR ?? join(base, 'kr-ci-node24');
  const bin = join(dir, 'node_modules/node/bin/node');
  return existsSync(bin) ? bin : undefined;
}

export function benchNodes(extra: readonly string[]): NodeBinary[] {
  const candidates = [process.execPath, ...extra, ...(process.env.KR_BENCH_NODES ?? '').split(':').filter(Boolean), ciNode24()].filter((p): p is string => p !== undefined);
  const seen = new Set<string>();
  const nodes: NodeBinary[] = [];
  for (const candidate of candidates) {
    let path: string;
    try {
      path = realpathSync(candidate);
    } catch {
      continue;
    }
    const version = versionOf(path);
    if (version === undefined || seen.has(version)) continue;
    seen.add(version);
    nodes.push({ path, version });
  }
  return nodes;
}

/**
 * The major version the goals are judged on: Node 24, the LTS kr's users run (Node 20 is past
 * its end of life; its rows are measured and kept for the record).
 */
export const GOAL_NODE_MAJOR = 24;

/** The Node whose rows are judged: Node 24 when it was measured, else the newest one measured. */
export function goalNode(nodes: readonly NodeBinary[]): NodeBinary | undefined {
  const major = (node: NodeBinary) => Number(/^v(\d+)/.exec(node.version)?.[1] ?? 0);
  return nodes.find((node) => major(node) === GOAL_NODE_MAJOR) ?? [...nodes].sort((a, b) => major(b) - major(a))[0];
}
