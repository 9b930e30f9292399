// A path dispatcher, as in the tutorial:
//
// def dispatcher(environ, start_response):
//     name = shift_path_info(environ)
//     if name == 'hello': return simple_app(environ, start_response)
//     if name == 'users': return users_app(environ, start_response)
//     start_response('404 Not Found', [('Content-type', 'text/plain')])
//     return [b'Not Found']
//
// shiftPathInfo moves the matched segment onto SCRIPT_NAME, so the mounted app
// sees its own mount point and the rest of the path, as with wsgiref.
import { shiftPathInfo, type App } from "@tsgi/core";
import { simpleApp } from "./hello.js";
import { usersApp } from "./methods.js";

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

export const dispatcher: App = (environ, startResponse) => {
  const name = shiftPathInfo(environ);
  if (name === "hello") return simpleApp(environ, startResponse);
  if (name === "users") return usersApp(environ, startResponse);
  startResponse("404 Not Found", [["Content-type", "text/plain"]]);
  return [encode("Not Found")];
};
