import { Duplex } from "node:stream";

/**
 * One end of an in-memory connection. It carries the few socket methods and
 * fields node:http calls or reads on a connection (timeouts, Nagle, the peer
 * address), so an http.Server and an http.ClientRequest can talk over it.
 */
export class MemorySocket extends Duplex {
  #other: MemorySocket | undefined;
  #writeDone: (() => void) | undefined;
  remoteAddress: string | undefined;
  remotePort: number | undefined;
  remoteFamily: string | undefined;
  encrypted: boolean | undefined;

  pairWith(other: MemorySocket): void {
    this.#other = other;
  }

  // A write completes only when the other end reads it: that is the
  // backpressure a real socket would give.
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const other = this.#other!;
    if (chunk.byteLength === 0 || other.destroyed) {
      process.nextTick(callback);
      return;
    }
    other.#writeDone = callback;
    other.push(chunk);
  }

  override _read(): void {
    const done = this.#writeDone;
    if (done !== undefined) {
      this.#writeDone = undefined;
      done();
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#other!.push(null);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const done = this.#writeDone;
    this.#writeDone = undefined;
    done?.();
    const other = this.#other;
    // A connection dies at both ends at once, as a reset TCP connection does.
    if (other !== undefined && !other.destroyed) process.nextTick(() => other.destroy());
    callback(error);
  }

  setTimeout(_ms: number, _callback?: () => void): this {
    return this;
  }
  setNoDelay(_noDelay?: boolean): this {
    return this;
  }
  setKeepAlive(_enable?: boolean, _delay?: number): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  address(): Record<string, never> {
    return {};
  }
}

/** Two connected in-memory sockets: what one writes, the other reads. */
export function memorySocketPair(): [MemorySocket, MemorySocket] {
  const a = new MemorySocket();
  const b = new MemorySocket();
  a.pairWith(b);
  b.pairWith(a);
  return [a, b];
}
