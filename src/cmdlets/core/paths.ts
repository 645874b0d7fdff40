// Test-Path, Join-Path and Split-Path: the path cmdlets scripts check files with. Grouped: they
// share one job (path text and existence), each is its own command.

import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { CommandDeclaration } from '../../params/metadata.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';

export class TestPath extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(TestPath, () => ({
      name: 'Test-Path',
      synopsis: 'Determines whether all elements of a path exist.',
      description: 'Writes $true when the path exists (-PathType Leaf: a file, Container: a folder).',
      parameters: [
        { name: 'Path', type: 'string[]', position: 0, mandatory: true, valueFromPipeline: true, help: 'The paths to test.' },
        { name: 'PathType', type: 'string', validateSet: ['Any', 'Container', 'Leaf'], help: 'What kind of item must be there.' },
      ],
      examples: [{ title: 'Is there a jar?', code: 'Test-Path ~/.kr/cookies.txt', remarks: 'Writes True or False.' }],
    }));
  }

  async invoke(): Promise<void> {
    const kind = this.string('PathType') ?? 'Any';
    for (const path of this.stringArray('Path') ?? []) {
      const full = resolve(this.context.cwd, path.replace(/^~(?=$|\/)/, this.context.env.HOME ?? '~'));
      const info = await stat(full).catch(() => undefined);
      this.writeObject(info !== undefined && (kind === 'Any' || (kind === 'Leaf' ? !info.isDirectory() : info.isDirectory())));
    }
  }
}

export class JoinPath extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(JoinPath, () => ({
      name: 'Join-Path',
      synopsis: 'Combines a path and a child path into a single path.',
      description: 'Writes the joined path.',
      parameters: [
        { name: 'Path', type: 'string[]', position: 0, mandatory: true, valueFromPipeline: true, help: 'The parent path.' },
        { name: 'ChildPath', type: 'string', position: 1, mandatory: true, help: 'The child path.' },
      ],
      examples: [{ title: 'A file in a folder', code: 'Join-Path /tmp jar.txt', remarks: 'Writes /tmp/jar.txt.' }],
    }));
  }

  async invoke(): Promise<void> {
    for (const path of this.stringArray('Path') ?? []) this.writeObject(join(path, this.string('ChildPath') ?? ''));
  }
}

export class SplitPath extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(SplitPath, () => ({
      name: 'Split-Path',
      synopsis: 'Returns the specified part of a path.',
      description: 'Writes the parent folder of the path, or with -Leaf its last part.',
      parameters: [
        { name: 'Path', type: 'string[]', position: 0, mandatory: true, valueFromPipeline: true, help: 'The path.' },
        { name: 'Leaf', type: 'switch', help: 'The last part instead of the parent.' },
      ],
      examples: [{ title: 'The file name', code: 'Split-Path /tmp/jar.txt -Leaf', remarks: 'Writes jar.txt.' }],
    }));
  }

  async invoke(): Promise<void> {
    for (const path of this.stringArray('Path') ?? []) this.writeObject(this.switch('Leaf') ? basename(path) : dirname(path));
  }
}
