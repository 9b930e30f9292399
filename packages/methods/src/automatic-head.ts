import { callApp, closeOnce, deleteHeader, getHeader, respond, setHeader, type App, type Body, type HeaderList } from "@tsgi/core";

/**
 * HEAD answered by the GET handler (RFC 9110 §9.3.2): the same status and
 * headers, no body bytes. The handler sees `REQUEST_METHOD` `HEAD`, so it
 * may skip work. Its body is never pulled past the headers (callApp stops
 * at startResponse) and is closed when the server closes the empty body.
 */
export function automaticHead(get: App): App {
  return async (environ, startResponse) => {
    const { status, headers, body } = await callApp(get, environ);
    fixContentLength(headers, body);
    // respond() closes the GET body if the server refuses the headers.
    return respond(startResponse, status, headers, Object.assign([] as Uint8Array[], { close: closeOnce(body) }));
  };
}

/**
 * Keeps Content-Length only when it is the real length of the GET body. An
 * Array body is complete, so its length is known for sure and wins over a
 * declared one (a placeholder `0` included). An empty Array may come from a
 * handler that skipped the body because it saw HEAD: a declared `0` is then
 * likely the length of nothing, so it goes, no length is made up, and any
 * other declared length is trusted. A streaming body keeps its declaration.
 */
function fixContentLength(headers: HeaderList, body: Body): void {
  if (!Array.isArray(body)) return;
  const chunks = body as readonly Uint8Array[];
  let length = 0;
  // By index: reading an Array's elements is not iterating it (SPEC [body.once]), for...of would be.
  for (let i = 0; i < chunks.length; i++) length += chunks[i]!.byteLength;
  if (length > 0) setHeader(headers, "Content-Length", String(length));
  else if (getHeader(headers, "Content-Length") === "0") deleteHeader(headers, "Content-Length");
}
