/**
 * The promise a core body's close() returns when it had nothing to wait for.
 * close() must return a promise (TransformedBody's type), but the response
 * driver recognises this one and ends the body without a microtask turn and
 * a hold on the server's graceful close.
 */
export const SETTLED: Promise<void> = Promise.resolve();
