// A small app with one route per way an app can fail.
import type { App, Chunk } from "@tsgi/core";
import { createError } from "@tsgi/errors";

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function text(startResponse: Parameters<App>[1], body: string): Chunk[] {
  const bytes = encode(body);
  startResponse("200 OK", [["Content-Type", "text/plain; charset=utf-8"], ["Content-Length", String(bytes.byteLength)]]);
  return [bytes];
}

export const demo: App = (environ, startResponse) => {
  switch (environ.PATH_INFO) {
    case "/":
      return text(startResponse, "try /missing, /crash, /started-then-crash, /stream-crash\n");
    case "/missing":
      throw createError(404, "There is no such page.");
    case "/crash":
      throw new Error("could not connect to postgres://admin:hunter2@db.internal/orders");
    case "/started-then-crash":
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      throw new Error("failed after start_response");
    case "/stream-crash":
      startResponse("200 OK", [["Content-Type", "text/plain; charset=utf-8"]]);
      return (async function* () {
        yield encode("row 1\n");
        throw new Error("cursor lost after the first row");
      })();
    default:
      throw createError(404);
  }
};
