import { statusHasNoBody, type App, type Chunk, type Environ, type ErrorStream } from "@tsgi/core";
import { BodyPump } from "./body-pump.js";
import { ResponseStart, type Head } from "./start-response.js";

/**
 * Calls the app once and turns its answer into a Response, as SPEC §5.5, §6
 * and §8 say: headers go out with the first non-empty chunk or the end; HEAD,
 * 1xx, 204 and 304 get no body; an error before the headers is a generic 500,
 * after them an errored stream (the client sees a broken response).
 */
export async function answer(app: App, environ: Environ, request: Request, errors: ErrorStream): Promise<Response> {
  const start = new ResponseStart();
  let pump: BodyPump | undefined;
  try {
    pump = new BodyPump(await app(environ, start.startResponse), errors);
    const first = await firstChunk(pump);
    const head = start.markSent();
    const noBody = request.method === "HEAD" || statusHasNoBody(head.code);
    if (noBody || first === undefined) {
      if (!noBody && head.contentLength > 0) throw new Error(`Content-Length is ${head.contentLength} but the body is empty`);
      await pump.stop();
      return new Response(null, responseInit(head));
    }
    return new Response(streamBody(pump, first, head, request, errors), responseInit(head));
  } catch (error) {
    logError(errors, "the app failed before the headers were sent", error);
    await pump?.stop();
    return plainResponse(500, "Internal Server Error");
  }
}

/** [server.headers-timing], [server.head]: pull until the first non-empty chunk or the end, and no further. */
async function firstChunk(pump: BodyPump): Promise<Chunk | undefined> {
  for (;;) {
    const chunk = await pump.next();
    if (chunk === undefined || chunk.byteLength > 0) return chunk;
  }
}

function streamBody(pump: BodyPump, first: Chunk, head: Head, request: Request, errors: ErrorStream): ReadableStream<Uint8Array> {
  let sent = 0;
  let next: Chunk | undefined = first;
  let over = false;
  // [server.disconnect]: the client left; return() at once, close() after.
  const leave = (): void => {
    if (over) return;
    over = true;
    void pump.stop();
  };
  request.signal.addEventListener("abort", leave, { once: true });
  const finish = async (controller: ReadableStreamDefaultController<Uint8Array>, error?: Error): Promise<void> => {
    over = true;
    request.signal.removeEventListener("abort", leave);
    await pump.stop();
    if (error === undefined) controller.close();
    else controller.error(error);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          // One chunk per pull ([server.streaming]); an empty one sends nothing, so pull on.
          let chunk = next ?? (await pump.next());
          next = undefined;
          while (chunk !== undefined && chunk.byteLength === 0 && !over) chunk = await pump.next();
          if (over) return;
          const declared = head.contentLength;
          if (chunk === undefined) {
            if (declared === -1 || sent === declared) return await finish(controller);
            const short = new Error(`the body ended after ${sent} of ${declared} bytes given in Content-Length`);
            logError(errors, "aborting the response", short);
            return await finish(controller, short);
          }
          if (declared !== -1 && sent + chunk.byteLength > declared) {
            // [server.content-length]: the first N bytes are the complete response; the rest is an app error.
            if (declared > sent) controller.enqueue(chunk.subarray(0, declared - sent));
            logError(errors, "sent only the declared bytes", new Error(`the body is longer than the ${declared} bytes given in Content-Length`));
            return await finish(controller);
          }
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        } catch (error) {
          if (over) return;
          logError(errors, "the app failed after the headers were sent", error);
          await finish(controller, error instanceof Error ? error : new Error(String(error)));
        }
      },
      cancel: leave,
    },
    { highWaterMark: 0 },
  );
}

function responseInit(head: Head): ResponseInit {
  const headers = new Headers();
  for (const [name, value] of head.headers) headers.append(name, value);
  return { status: head.code, statusText: head.reason, headers };
}

/** [server.error-before-headers], [server.bad-request]: a short generic text, never the error's message. */
export function plainResponse(status: number, text: string): Response {
  return new Response(text + "\n", { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export function logError(errors: ErrorStream, what: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  errors.write(`tsgi-bun: ${what}: ${detail}\n`);
}
