// Finding and reading the config file: `--config <path>`, else KR_CONFIG, else
// kr.config.json in the working directory. An explicitly named file must exist; the
// implicit one is optional (kr then registers a requested cookie scheme with ASP.NET's defaults).

import { resolve } from 'node:path';
import { FileTooLarge, NotARegularFile, readDocumentFile } from '../io/read.js';

/** A kr.config.json is a few KB; anything past this is not one (and would be held whole in memory). */
export const MAX_CONFIG_BYTES = 1024 * 1024;
import { ConfigErrors } from './errors.js';
import type { KrConfig } from './types.js';
import { parseConfig } from './validate.js';

export const CONFIG_FILE_NAME = 'kr.config.json';
export const CONFIG_ENV = 'KR_CONFIG';

export interface ConfigLookup {
  /** The `--config` option's value, if given. */
  configPath?: string;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export interface ConfigLocation {
  path: string;
  source: '--config' | 'KR_CONFIG' | 'working directory';
  explicit: boolean;
}

export function locateConfig(lookup: ConfigLookup): ConfigLocation {
  if (lookup.configPath) return { path: resolve(lookup.cwd, lookup.configPath), source: '--config', explicit: true };
  const fromEnv = lookup.env[CONFIG_ENV];
  if (fromEnv) return { path: resolve(lookup.cwd, fromEnv), source: 'KR_CONFIG', explicit: true };
  return { path: resolve(lookup.cwd, CONFIG_FILE_NAME), source: 'working directory', explicit: false };
}

/** The config, or null when none is named and the working directory has none. */
export async function loadConfig(lookup: ConfigLookup): Promise<KrConfig | null> {
  const location = locateConfig(lookup);
  let text: string;
  try {
    text = await readDocumentFile(location.path, MAX_CONFIG_BYTES);
  } catch (err) {
    if (err instanceof NotARegularFile || err instanceof FileTooLarge) throw ConfigErrors.unreadable(location.path, err.message);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (!location.explicit) return null;
      throw ConfigErrors.notFound(location.path, location.source);
    }
    if (code === 'EISDIR') throw ConfigErrors.unreadable(location.path, 'it is a directory');
    throw ConfigErrors.unreadable(location.path, code ?? 'unknown error');
  }
  return parseConfig(text, location.path);
}

/** The value of the environment variable a config field names (a secret: never print it). */
export function secretFromEnv(
  variable: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (!variable) return undefined;
  const value = env[variable];
  return value === undefined || value === '' ? undefined : value;
}
