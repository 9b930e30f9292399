import type { App, Body, Chunk } from "@tsgi/core";

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** An app that answers `200` with `text` and a real Content-Length. */
export function says(text: string, headers: [string, string][] = []): App {
  return (_environ, startResponse) => {
    const body = bytes(text);
    startResponse("200 OK", [["Content-Type", "text/plain"], ["Content-Length", String(body.byteLength)], ...headers]);
    return [body];
  };
}

/** What a tracked body saw: chunks pulled, close() calls, and whether its generator's finally ran. */
export interface Tracker {
  pulls: number;
  closes: number;
  finished: boolean;
}

/**
 * A streaming app that starts its response in the first step (lazily, by
 * default) or before returning, then yields chunks forever, counting what is
 * pulled and closed.
 */
export function streamingApp(tracker: Tracker, headers: [string, string][] = [["Content-Type", "text/plain"]], { lazy = true } = {}): App {
  return (_environ, startResponse) => {
    if (!lazy) startResponse("200 OK", headers);
    async function* generate(): AsyncGenerator<Chunk> {
      try {
        if (lazy) startResponse("200 OK", headers);
        for (let i = 0; ; i++) {
          tracker.pulls++;
          yield bytes(`chunk ${i}\n`);
        }
      } finally {
        tracker.finished = true;
      }
    }
    const iterator = generate();
    const body: Body = {
      [Symbol.asyncIterator]: () => iterator,
      close: () => {
        tracker.closes++;
      },
    };
    return body;
  };
}

export const newTracker = (): Tracker => ({ pulls: 0, closes: 0, finished: false });
