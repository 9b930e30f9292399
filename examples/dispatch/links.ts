// An app that redirects and links with mountUrl, so it works unchanged under any mount:
// here under /shop and /eu/shop at once, and under whatever prefix a proxy adds
// (X-Forwarded-Prefix with --proxy-headers).
import type { App } from "@tsgi/core";
import { dispatch, mountUrl } from "@tsgi/dispatch";

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

export const shop: App = (environ, startResponse) => {
  switch (environ.PATH_INFO) {
    case "":
    case "/":
      // Where the cart is depends on where the shop is mounted.
      startResponse("303 See Other", [["Location", mountUrl(environ, "/cart")], ["Content-Type", "text/plain"]]);
      return [];
    case "/cart": {
      const checkout = mountUrl(environ, "/checkout?step=1", { absolute: true });
      startResponse("200 OK", [["Content-Type", "text/html; charset=utf-8"]]);
      return [encode(`<a href="${checkout}">checkout</a>\n`)];
    }
    default:
      startResponse("404 Not Found", [["Content-Type", "text/plain"]]);
      return [encode("Not Found\n")];
  }
};

export const stores = dispatch({ "/shop": shop, "/eu/shop": shop });
