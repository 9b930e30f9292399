/** A promise with its resolve and reject in hand, for a result some later event decides. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  /** Whether resolve or reject was called: later calls do nothing. */
  readonly settled: boolean;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** Node 20 has no Promise.withResolvers (22+): this is it, plus `settled`. */
export function deferred<T = void>(): Deferred<T> {
  let settled = false;
  let resolvePromise!: (value: T) => void;
  let rejectPromise!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    resolvePromise = resolve;
    rejectPromise = reject;
  });
  return {
    promise,
    get settled() {
      return settled;
    },
    resolve(value) {
      settled = true;
      resolvePromise(value);
    },
    reject(error) {
      settled = true;
      rejectPromise(error);
    },
  };
}
