// The jar's errors. Messages name the file and the reason, never a cookie value.

import { ExitCode, KrError } from '../params/errors.js';

export const JarErrors = {
  unreadable: (path: string, reason: string, cause?: unknown) =>
    new KrError('JarUnreadable', `Cannot read the cookie jar '${path}': ${reason}. The file was left unchanged.`, {
      category: 'ReadError',
      exitCode: ExitCode.Failure,
      cause,
    }),
  notFound: (path: string, from: string) =>
    new KrError(
      'JarNotFound',
      `The cookie jar '${path}' (from ${from}) does not exist. kr signs out of the cookies a jar holds: check the path; nothing was created.`,
      { category: 'ObjectNotFound', exitCode: ExitCode.Failure },
    ),
  formatNotRecognized: (path: string, reason: string) =>
    new KrError('JarFormatNotRecognized', `The cookie jar '${path}' is not in a format kr knows: ${reason}. The file was left unchanged.`, {
      category: 'InvalidData',
      exitCode: ExitCode.Failure,
    }),
  locked: (path: string, lockPath: string, holder: string, waitedMs: number) =>
    new KrError(
      'JarLocked',
      `The cookie jar '${path}' is locked by ${holder} (lock file '${lockPath}'); gave up after ${waitedMs} ms. If no kr process is running, delete the lock file.`,
      { category: 'ResourceUnavailable', exitCode: ExitCode.Failure },
    ),
  writeFailed: (path: string, reason: string, cause?: unknown) =>
    new KrError('JarWriteFailed', `Cannot write the cookie jar '${path}': ${reason}. The jar was left as it was.`, {
      category: 'WriteError',
      exitCode: ExitCode.Failure,
      cause,
    }),
  writeProtected: (path: string, mode: number) =>
    new KrError(
      'JarWriteProtected',
      `The cookie jar '${path}' is read-only (mode ${mode.toString(8).padStart(4, '0')}): kr does not replace a jar its owner protected. Make it writable, or write the result elsewhere with --out. The jar was left as it was.`,
      { category: 'PermissionDenied', exitCode: ExitCode.Failure },
    ),
  changed: (path: string, reason: string) =>
    new KrError(
      'JarChanged',
      `Cannot write the cookie jar '${path}': ${reason}, so kr's edit would no longer fit it. The jar was left as the other program wrote it; run kr again.`,
      { category: 'ResourceUnavailable', exitCode: ExitCode.Failure },
    ),
  readOnly: (path: string) =>
    new KrError('JarReadOnly', `The cookie jar '${path}' was opened read-only (for -WhatIf); it cannot be saved.`, {
      category: 'InvalidOperation',
      exitCode: ExitCode.Failure,
    }),
};

/** A short, value-free description of a file-system error. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOENT':
      return 'a file or folder on the path does not exist';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}
