// The tutorial's dispatcher, done right.
//
// The tutorial compares the whole path:
//
//   def dispatcher(environ, start_response):
//       if environ['PATH_INFO'] == '/app1': return app1(environ, start_response)
//       if environ['PATH_INFO'] == '/app2': return app2(environ, start_response)
//       start_response('404 Not Found', [('Content-type', 'text/plain')])
//       return [b'Not Found']
//
// so /app1/page goes to the 404, /app1 works only without a trailing slash, and app1 never
// learns where it is mounted (its links and redirects break the day it moves). dispatch()
// matches whole segments and the longest prefix, moves the prefix onto SCRIPT_NAME, and
// redirects /app1 to /app1/ so relative links inside app1 resolve.
import type { App } from "@tsgi/core";
import { dispatch, mountUrl } from "@tsgi/dispatch";

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A tiny app with two pages and a relative link between them. */
function pages(name: string): App {
  return (environ, startResponse) => {
    if (environ.PATH_INFO !== "/" && environ.PATH_INFO !== "/page") {
      startResponse("404 Not Found", [["Content-Type", "text/plain"]]);
      return [encode("Not Found")];
    }
    startResponse("200 OK", [["Content-Type", "text/html; charset=utf-8"]]);
    const here = `${name}: SCRIPT_NAME=${environ.SCRIPT_NAME} PATH_INFO=${environ.PATH_INFO}`;
    return [encode(`<p>${here}</p><a href="page">page</a> <a href="${mountUrl(environ, "/")}">home</a>\n`)];
  };
}

export const app1 = pages("app1");
export const app2 = pages("app2");

export const dispatcher = dispatch({ "/app1": app1, "/app2": app2 }, { redirectSlash: 308 });
