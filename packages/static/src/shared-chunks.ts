import type * as fs from "node:fs";

/**
 * Whole-file chunks that are still alive somewhere — in a response being
 * written, or garbage the collector has not reached yet — by the identity of
 * the file they were read from, so concurrent and back-to-back downloads of
 * the same unchanged file share one Buffer instead of reading a fresh one
 * each. Nothing is kept alive for this: an entry goes when its Buffer is
 * collected. (Fresh Buffers are what makes large files dear: V8 runs a full
 * collection each time a few MiB of them have piled up; bench/README.md.)
 */
export class SharedChunks {
  readonly #refs = new Map<string, WeakRef<Buffer>>();
  readonly #registry = new FinalizationRegistry<string>((key) => {
    if (this.#refs.get(key)?.deref() === undefined) this.#refs.delete(key);
  });

  /** The chunk read for `key`, if it is still alive and whole (a transferred ArrayBuffer is empty). */
  get(key: string, size: number): Buffer | undefined {
    const chunk = this.#refs.get(key)?.deref();
    return chunk !== undefined && chunk.byteLength === size ? chunk : undefined;
  }

  set(key: string, chunk: Buffer): void {
    this.#refs.set(key, new WeakRef(chunk));
    this.#registry.register(chunk, key);
  }
}

/**
 * What names a file's content, as the weak ETag and the content-hash cache
 * do (size and modification time), plus the inode, device and change time:
 * any write or replacement changes one of them.
 */
export function contentIdentity(st: fs.Stats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}
