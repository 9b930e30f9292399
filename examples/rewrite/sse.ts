// Compression in front of a streaming app: server-sent events through
// compress still arrive one by one, since compress flushes its compressor
// after every upstream chunk.
import type { App } from "@tsgi/core";
import { compress } from "@tsgi/rewrite";

const encoder = new TextEncoder();

/** Sends `count` events, one every `intervalMs`. */
export const clock =
  (count: number, intervalMs: number): App =>
  (_environ, startResponse) =>
    (async function* () {
      startResponse("200 OK", [
        ["Content-Type", "text/event-stream"],
        ["Cache-Control", "no-cache"],
      ]);
      for (let i = 1; i <= count; i++) {
        yield encoder.encode(`id: ${i}\ndata: tick ${i}\n\n`);
        if (i < count) await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    })();

export const events = compress(clock(5, 200));
