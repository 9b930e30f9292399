// A security-headers layer: header-only, so it costs nothing per body chunk
// and also applies to error pages sent with excInfo.
import type { Middleware } from "@tsgi/core";
import { rewriteHeaders } from "@tsgi/rewrite";

export const securityHeaders: Middleware = (app) =>
  rewriteHeaders(app, {
    remove: ["X-Powered-By", "Server"],
    set: {
      "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Content-Security-Policy": "default-src 'self'",
    },
  });
