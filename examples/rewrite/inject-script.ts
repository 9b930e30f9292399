// A script tag injected before </body> of every HTML page, by CSS selector on
// a streaming HTML parser (lol-html): no regular expression over HTML, so it
// works however the page is split into chunks, and only on text/html.
import type { Middleware } from "@tsgi/core";
import { rewriteHtml } from "@tsgi/rewrite";

export const injectScript =
  (src: string): Middleware =>
  (app) =>
    rewriteHtml(app, [
      [
        "body",
        {
          element(el) {
            el.append(`<script src="${src.replace(/"/g, "&quot;")}" defer></script>`, { html: true });
          },
        },
      ],
    ]);
