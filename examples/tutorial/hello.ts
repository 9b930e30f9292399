// def simple_app(environ, start_response):
//     status = '200 OK'
//     response_headers = [('Content-type', 'text/plain')]
//     start_response(status, response_headers)
//     return [b'Hello world!\n']
import type { App } from "@tsgi/core";

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

export const simpleApp: App = (environ, startResponse) => {
  const status = "200 OK";
  const responseHeaders: [string, string][] = [["Content-type", "text/plain"]];
  startResponse(status, responseHeaders);
  return [encode("Hello world!\n")];
};
