// A per-method app, as in the tutorial:
//
// def users_app(environ, start_response):
//     method = environ['REQUEST_METHOD']
//     if method == 'GET':
//         start_response('200 OK', [('Content-type', 'application/json')])
//         return [json.dumps(users).encode()]
//     if method == 'POST':
//         length = int(environ.get('CONTENT_LENGTH') or 0)
//         users.append(json.loads(environ['wsgi.input'].read(length)))
//         start_response('201 Created', [('Content-type', 'application/json')])
//         return [b'{"ok": true}']
//     start_response('405 Method Not Allowed', [('Allow', 'GET, POST'), ('Content-type', 'text/plain')])
//     return [b'Method Not Allowed']
//
// The one JavaScript difference: reading tsgi.input is async, so the app is.
import { readJson, type App } from "@tsgi/core";

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

export const users: { name: string }[] = [];

export const usersApp: App = async (environ, startResponse) => {
  const method = environ.REQUEST_METHOD;
  if (method === "GET") {
    startResponse("200 OK", [["Content-type", "application/json"]]);
    return [encode(JSON.stringify(users))];
  }
  if (method === "POST") {
    // readJson caps the body (1 MiB by default) and turns bad JSON into a 400 HttpError.
    users.push(await readJson<{ name: string }>(environ));
    startResponse("201 Created", [["Content-type", "application/json"]]);
    return [encode('{"ok": true}')];
  }
  startResponse("405 Method Not Allowed", [["Allow", "GET, POST"], ["Content-type", "text/plain"]]);
  return [encode("Method Not Allowed")];
};
