// The WSGI tutorial's middleware that appends to every response:
//
// class SimpleMiddleware:
//     def __init__(self, app): self.app = app
//     def __call__(self, environ, start_response):
//         for chunk in self.app(environ, start_response): yield chunk
//         yield b' -- Modified by middleware'
//
// Written by hand it breaks on streaming bodies, leaves a stale
// Content-Length and never calls close(). rewriteText does it right: it
// streams, recomputes Content-Length for an Array body (drops it for a
// stream), weakens the ETag, leaves HEAD/204/304/206 and non-text alone,
// decodes a gzip'd upstream first, and closes the wrapped body exactly once.
import type { Middleware } from "@tsgi/core";
import { rewriteText } from "@tsgi/rewrite";

export const simpleMiddleware: Middleware = (app) => rewriteText(app, { append: " -- Modified by middleware" });
