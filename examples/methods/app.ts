// The tutorial's per-method app, done right:
//
// def myapp(environ, start_response):
//     method = environ['REQUEST_METHOD']
//     if method == 'GET':
//         return do_get(environ, start_response)
//     elif method == 'POST':
//         return do_post(environ, start_response)
//     else:
//         start_response('200 OK', [('Content-type', 'text/plain')])
//         return [b'Method not supported']
//
// The else branch answers 200 to a method it refuses and names no methods.
// methods() answers 405 with "Allow: GET, HEAD, POST, OPTIONS" instead, 501
// to a method no server knows, and answers HEAD (from do_get) and OPTIONS.
import { HttpError, readJson, statusLine, type App, type StartResponse } from "@tsgi/core";
import { methods, MethodView } from "@tsgi/methods";

export interface User {
  name: string;
}

function sendJson(startResponse: StartResponse, status: string, value: unknown): Uint8Array[] {
  const body = new TextEncoder().encode(JSON.stringify(value));
  startResponse(status, [
    ["Content-Type", "application/json"],
    ["Content-Length", String(body.byteLength)],
  ]);
  return [body];
}

/** The users, in memory; `reset()` empties it (for tests). */
export const users: User[] = [];
export const reset = (): void => void (users.length = 0);

export const doGet: App = (_environ, startResponse) => sendJson(startResponse, "200 OK", users);

export const doPost: App = async (environ, startResponse) => {
  let user: User;
  try {
    // readJson caps the body (1 MiB by default): 413 past it, 400 for bad JSON.
    user = await readJson<User>(environ, { limit: 16_384 });
  } catch (error) {
    if (!(error instanceof HttpError) || !error.expose) throw error;
    return sendJson(startResponse, statusLine(error.status), { error: error.message });
  }
  if (typeof user?.name !== "string" || user.name === "") {
    return sendJson(startResponse, "422 Unprocessable Content", { error: "a user needs a name" });
  }
  users.push({ name: user.name });
  return sendJson(startResponse, "201 Created", { ok: true });
};

export const myapp: App = methods({ GET: doGet, POST: doPost });

/** The same resource as a class, in the manner of Flask's MethodView. */
export class UsersView extends MethodView {
  GET = doGet;
  POST = doPost;
}

export const usersView: App = new UsersView().asApp();
