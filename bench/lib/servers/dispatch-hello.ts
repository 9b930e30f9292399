// The hello app every dispatch benchmark server answers with.
import type { App } from "@tsgi/core";

const body = new TextEncoder().encode("Hello world!\n");

export const hello: App = (_environ, startResponse) => {
  startResponse("200 OK", [
    ["Content-Type", "text/plain"],
    ["Content-Length", String(body.byteLength)],
  ]);
  return [body];
};
