import type { Chunk } from "@tsgi/core";

/** A promise with its resolve handle. */
export interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** What the kit's inner app saw and did during one scenario. */
export class Probe {
  /** Calls of the inner app. */
  calls = 0;
  /** Whether the inner app returned a body (which must then be closed once). */
  bodyReturned = false;
  closes = 0;
  returns = 0;
  /** Inner body steps answered (chunks yielded). */
  chunks = 0;
  bytes = 0;
  /** The bytes the inner body yielded, in order. */
  readonly sent: Chunk[] = [];
  /** SCRIPT_NAME + PATH_INFO the inner app saw. */
  path: string | undefined;
  /** The request body the inner app read, when the scenario reads it. */
  readBody: Uint8Array | undefined;
  /** An error startResponse threw at the inner app when it passed excInfo. */
  excInfoRefused: unknown;
  /** Resolved when the inner body is closed or returned: an endless body stops waiting then. */
  readonly stopped = deferred();
  /** Resolved when an endless inner body stalls because the middleware does not stream. */
  readonly stalled = deferred();
  stallReason: string | undefined;
  /** Steps (chunks, empty ones too) and bytes the middleware's body gave the kit's server so far. */
  outerSteps = 0;
  outerBytes = 0;

  onClose(): void {
    this.closes++;
    this.stopped.resolve();
  }

  onReturn(): void {
    this.returns++;
    this.stopped.resolve();
  }

  yielded(chunk: Chunk): void {
    this.chunks++;
    this.bytes += chunk.byteLength;
    this.sent.push(chunk);
  }

  stall(reason: string): void {
    this.stallReason ??= reason;
    this.stalled.resolve();
  }
}
