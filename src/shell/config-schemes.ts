// Scheme names for completing -Scheme / -OidcScheme: the `schemes` keys of the config kr
// would load (`--config`, else KR_CONFIG, else ./kr.config.json).

import { locateConfig, type ConfigLookup } from '../config/load.js';
import { schemeNamesFromFile } from './completion.js';

export function configSchemeNames(lookup: ConfigLookup): string[] {
  return schemeNamesFromFile(locateConfig(lookup).path);
}
