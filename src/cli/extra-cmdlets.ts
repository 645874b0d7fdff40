// KR_EXTRA_CMDLETS: the embedding/testing hook that lets the `kr` executable run cmdlets
// that are not built in. Comma-separated module paths (relative to the working directory
// or absolute); each module exports `cmdlets: CmdletClass[]`, written against the same
// kr build (import { Cmdlet } from '<kr>/dist/src/index.js').

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExitCode, KrError } from '../params/errors.js';
import type { CmdletClass } from '../runtime/cmdlet.js';

function loadFailed(path: string, reason: string): KrError {
  return new KrError('ExtraCmdletsLoadFailed', `Cannot load cmdlets from '${path}' (KR_EXTRA_CMDLETS): ${reason}`, {
    category: 'ResourceUnavailable',
    exitCode: ExitCode.Usage,
  });
}

function isCmdletClass(value: unknown): value is CmdletClass {
  return typeof value === 'function' && typeof (value as { declaration?: { name?: unknown } }).declaration?.name === 'string';
}

export async function loadExtraCmdlets(spec: string | undefined, cwd: string): Promise<CmdletClass[]> {
  if (!spec) return [];
  const loaded: CmdletClass[] = [];
  for (const path of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    let module: { cmdlets?: unknown };
    try {
      module = (await import(pathToFileURL(resolve(cwd, path)).href)) as { cmdlets?: unknown };
    } catch (error) {
      throw loadFailed(path, error instanceof Error ? error.message : String(error));
    }
    if (!Array.isArray(module.cmdlets) || !module.cmdlets.every(isCmdletClass)) {
      throw loadFailed(path, 'the module does not export `cmdlets`, an array of cmdlet classes');
    }
    loaded.push(...module.cmdlets);
  }
  return loaded;
}
