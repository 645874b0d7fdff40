// `npm run docs`: writes docs/cmdlets/<Name>.md for every built-in cmdlet from its metadata.
// `--check` (npm run docs:check, part of `npm test`) writes nothing and exits 1 when a
// checked-in page differs from a fresh generation, or a page has no cmdlet any more.
// `--dir <path>` points at another docs folder (tests).

import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinCmdlets } from '../src/cmdlets/index.js';
import { resolveMetadata } from '../src/params/metadata.js';
import { renderDocPages } from '../src/runtime/doc-page.js';

/** The package root: the first folder above this file holding package.json (works from scripts/ and dist/scripts/). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The first line where two texts differ, for the check's message. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}: expected ${JSON.stringify(a[i] ?? '<end of file>')}, found ${JSON.stringify(b[i] ?? '<end of file>')}`;
  }
  return 'no difference';
}

async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes('--check');
  const dirIndex = argv.indexOf('--dir');
  const dir = dirIndex >= 0 && argv[dirIndex + 1] ? resolve(argv[dirIndex + 1]) : join(packageRoot(), 'docs', 'cmdlets');
  const shown = relative(process.cwd(), dir) || '.';
  const pages = renderDocPages(builtinCmdlets.map((c) => resolveMetadata(c.declaration)));

  if (!check) {
    await mkdir(dir, { recursive: true });
    for (const [file, text] of pages) await writeFile(join(dir, file), text);
    process.stdout.write(`Wrote ${pages.size} pages to ${shown}\n`);
    return 0;
  }

  const problems: string[] = [];
  for (const [file, text] of pages) {
    let current: string;
    try {
      current = await readFile(join(dir, file), 'utf8');
    } catch {
      problems.push(`${join(shown, file)} is missing`);
      continue;
    }
    if (current !== text) problems.push(`${join(shown, file)} differs from its metadata (${firstDifference(text, current)})`);
  }
  const existing = existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith('.md')) : [];
  for (const file of existing) if (!pages.has(file)) problems.push(`${join(shown, file)} documents no registered cmdlet`);
  if (problems.length === 0) {
    process.stdout.write(`${pages.size} doc pages in ${shown} match the cmdlet metadata\n`);
    return 0;
  }
  process.stderr.write(
    `generate-docs: the doc pages are out of date:\n${problems.map((p) => `  - ${p}`).join('\n')}\nRun \`npm run docs\` and commit docs/cmdlets/.\n`,
  );
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
