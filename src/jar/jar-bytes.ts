// A jar file's bytes, as the cookies.txt document reads them: in line-aligned chunks for the
// one indexing pass, by range for the few lines a sign-out looks at, and as ranges the writer
// copies back. Two kinds: bytes already in memory, and an open file read on demand.
//
// Why a file is not simply read whole: on this kind of machine (a virtual machine) every 4 kB
// page a process touches for the first time costs a page fault of ~10 us, and a 10 MB jar read
// into a fresh buffer is 2,700 of them (~35 ms for the read, ~15 ms more on the first pass over
// it), a quarter of a 100,000-cookie sign-out. Read through one reused 256 kB buffer it costs
// ~3 ms. What kr keeps is the index (offsets and hashes); the bytes stay in the file, which kr
// holds open under its lock, and the untouched runs are copied from it when the jar is saved.

import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';

const LF = 0x0a;
/** The chunk the index pass and the copy read through: fits a CPU's L2 cache, ~64 page faults once. */
const CHUNK_BYTES = 256 * 1024;
/**
 * After this many single-range reads (a listing of every cookie), the file is read whole once
 * instead: a positioned read costs ~5-10 us, reading a file whole ~4.5 ms a MB (page faults),
 * so about one read per 2 kB of file breaks even.
 */
const rangeReadsBeforeWhole = (length: number) => Math.max(256, length >> 11);

const typedLastIndexOf = Uint8Array.prototype.lastIndexOf;

/** Bytes [start, end) of a JarBytes, to be written where the document does not change them. */
export interface ByteRange {
  readonly bytes: JarBytes;
  readonly start: number;
  readonly end: number;
}

/** A piece of a new jar file: new bytes, or a range of the old file copied as it is. */
export type JarPart = Buffer | ByteRange;

export interface JarBytes {
  readonly length: number;
  /** Bytes [start, end) (a copy or a view: not to be modified). */
  slice(start: number, end: number): Buffer;
  /** The same bytes as a part of a new file (a view when in memory, else a range copied at write). */
  part(start: number, end: number): JarPart;
  /**
   * Calls `visit` with consecutive pieces of the bytes, each ending at a line end (LF) or at the
   * end, and the offset of its first byte. A piece may be a reused buffer: it is only valid
   * during the call.
   */
  forEachLines(visit: (chunk: Buffer, offset: number) => void): void;
  /** Every byte (the slow paths: a file with broken lines, a listing of every cookie). */
  whole(): Buffer;
  /**
   * The pieces of [start, end) in order, for writing; each is valid until the next is asked
   * for. Throws when the file changed since it was opened (its bytes would no longer be the
   * ones indexed).
   */
  pieces(start: number, end: number): Iterable<Buffer>;
  /** Throws when the underlying file changed since it was opened; in memory, never. */
  assertUnchanged(): void;
  close(): void;
}

/** Bytes already in memory (a small jar, a test, a new document). */
export class BufferBytes implements JarBytes {
  constructor(private readonly buf: Buffer) {}

  get length(): number {
    return this.buf.length;
  }

  slice(start: number, end: number): Buffer {
    return this.buf.subarray(start, end);
  }

  part(start: number, end: number): JarPart {
    return this.buf.subarray(start, end);
  }

  forEachLines(visit: (chunk: Buffer, offset: number) => void): void {
    if (this.buf.length > 0) visit(this.buf, 0);
  }

  whole(): Buffer {
    return this.buf;
  }

  *pieces(start: number, end: number): Iterable<Buffer> {
    yield this.buf.subarray(start, end);
  }

  assertUnchanged(): void {}

  close(): void {}
}

/** Thrown when the file under an open FileBytes changed: the caller names the jar. */
export class JarBytesChanged extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * What identifies a file's content without reading it: every write sets its mtime. Not ctime,
 * which kr's own save changes too (replacing the path unlinks the old file).
 */
const stamp = (info: Stats): string => `${info.ino}:${info.size}:${info.mtimeMs}`;

/**
 * An open regular file, read on demand with positioned reads (the fd stays valid across the
 * atomic replace of its path: it still reads the file as it was). `length` is its size when
 * opened; the fd is the caller's to hand over, and close() closes it.
 */
export class FileBytes implements JarBytes {
  readonly length: number;
  private readonly stamp: string;
  private chunk: Buffer | undefined;
  private all: Buffer | undefined;
  private rangeReads = 0;
  private closed = false;

  constructor(
    private readonly fd: number,
    info: Stats,
  ) {
    this.length = info.size;
    this.stamp = stamp(info);
  }

  static open(path: string): FileBytes {
    const fd = openSync(path, 'r');
    try {
      return new FileBytes(fd, fstatSync(fd));
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Fills `target[from, to)` with the file's bytes from `position`; a short file is a change. */
  private readExactly(target: Buffer, from: number, to: number, position: number): void {
    // once closed, the fd's number may already name another file: never read through it
    if (this.closed) throw new Error('the jar session has ended: its file is closed');
    for (let at = from; at < to; ) {
      const n = readSync(this.fd, target, at, to - at, position + (at - from));
      if (n === 0) throw new JarBytesChanged('it became shorter while kr read it');
      at += n;
    }
  }

  private chunkBuffer(): Buffer {
    this.chunk ??= Buffer.allocUnsafeSlow(Math.min(CHUNK_BYTES, Math.max(this.length, 1)));
    return this.chunk;
  }

  slice(start: number, end: number): Buffer {
    if (this.all !== undefined) return this.all.subarray(start, end);
    if (++this.rangeReads > rangeReadsBeforeWhole(this.length)) return this.whole().subarray(start, end);
    const bytes = Buffer.allocUnsafe(end - start);
    this.readExactly(bytes, 0, bytes.length, start);
    return bytes;
  }

  part(start: number, end: number): JarPart {
    return { bytes: this, start, end };
  }

  forEachLines(visit: (chunk: Buffer, offset: number) => void): void {
    if (this.all !== undefined) {
      if (this.length > 0) visit(this.all, 0);
      return;
    }
    let buf = this.chunkBuffer();
    let offset = 0; // file offset of buf[0]
    let filled = 0; // buf[0, filled) holds the file's [offset, offset + filled)
    while (offset < this.length) {
      const want = Math.min(buf.length, this.length - offset);
      if (filled < want) this.readExactly(buf, filled, want, offset + filled);
      filled = want;
      let cut = filled;
      if (offset + filled < this.length) {
        const lf: number = typedLastIndexOf.call(buf, LF, filled - 1);
        if (lf === -1) {
          // a line longer than the buffer: grow it (kept, so the copy at save time reuses it)
          const bigger = Buffer.allocUnsafeSlow(buf.length * 2);
          buf.copy(bigger, 0, 0, filled);
          buf = this.chunk = bigger;
          continue;
        }
        cut = lf + 1;
      }
      visit(buf.subarray(0, cut), offset);
      buf.copyWithin(0, cut, filled);
      filled -= cut;
      offset += cut;
    }
  }

  whole(): Buffer {
    if (this.all === undefined) {
      const all = Buffer.allocUnsafe(this.length);
      this.readExactly(all, 0, all.length, 0);
      this.all = all;
    }
    return this.all;
  }

  *pieces(start: number, end: number): Iterable<Buffer> {
    if (this.all !== undefined) {
      yield this.all.subarray(start, end);
      return;
    }
    const buf = this.chunkBuffer();
    for (let at = start; at < end; ) {
      const n = Math.min(buf.length, end - at);
      this.readExactly(buf, 0, n, at);
      yield buf.subarray(0, n);
      at += n;
    }
  }

  assertUnchanged(): void {
    if (this.closed) throw new Error('the jar session has ended: its file is closed');
    if (stamp(fstatSync(this.fd)) !== this.stamp) throw new JarBytesChanged('another program changed it while kr worked on it');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
