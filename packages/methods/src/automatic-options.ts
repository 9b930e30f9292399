import type { App } from "@tsgi/core";

/**
 * OPTIONS answered for the resource (RFC 9110 §9.3.7): `204` with `Allow`.
 * `OPTIONS *` asks about the server as a whole, so it gets `serverAllow`.
 * A 204 has neither Content-Type nor Content-Length (RFC 9110 §8.6).
 */
export function automaticOptions(allow: string, serverAllow: string): App {
  return (environ, startResponse) => {
    startResponse("204 No Content", [["Allow", environ.PATH_INFO === "*" ? serverAllow : allow]]);
    return [];
  };
}
