import { concat } from "@tsgi/core";
import type { FetchExchange } from "./fetch-exchange.js";
import { plainResponse } from "./fetch-head.js";

/**
 * The Response for an Array body: every chunk is in memory already, so one
 * buffer skips the stream machinery. Nothing has gone out yet, so a chunk
 * that is not bytes or a length that disagrees with the Content-Length is
 * still a 500.
 */
export async function bufferedResponse(exchange: FetchExchange, first: Uint8Array, init: ResponseInit): Promise<Response> {
  const body = exchange.body;
  const chunks: Uint8Array[] = [];
  try {
    chunks.push(body.admit(first));
    for (;;) {
      const next = body.next();
      const chunk = next instanceof Promise ? await next : next;
      if (chunk === undefined) break;
      chunks.push(chunk);
    }
  } catch (error) {
    exchange.log("the app failed before sending its body", error);
    await exchange.end();
    return plainResponse(500);
  }
  await exchange.end();
  return new Response(concat(chunks, body.produced), init);
}
