import type { App, Environ } from "@tsgi/core";
import { testClient, type ClientOptions, type RequestOptions } from "@tsgi/testing";

/** What an echo app saw of its environ. */
export interface Seen {
  name: string;
  scriptName: string;
  pathInfo: string;
  query: string;
  mount: string | undefined;
  args: unknown;
}

const encoder = new TextEncoder();

function seenBy(name: string, environ: Environ): Seen {
  return {
    name,
    scriptName: environ.SCRIPT_NAME,
    pathInfo: environ.PATH_INFO,
    query: environ.QUERY_STRING,
    mount: environ["tsgi.dispatch.mount"] as string | undefined,
    args: environ["tsgi.routing_args"],
  };
}

/** An app that answers with what it saw, as JSON, so tests can check the environ a mount gets. */
export function echo(name: string): App {
  return (environ, startResponse) => {
    const body = encoder.encode(JSON.stringify(seenBy(name, environ)));
    startResponse("200 OK", [
      ["Content-Type", "application/json"],
      ["Content-Length", String(body.byteLength)],
    ]);
    return [body];
  };
}

/** Sends one GET through a validating test client and returns what the echo app saw. */
export async function seen(app: App, path: string, options: RequestOptions = {}, client: ClientOptions = {}): Promise<Seen> {
  const response = await testClient(app, client).get(path, options);
  if (response.status !== 200) throw new Error(`${path}: expected 200, got ${response.statusLine}: ${response.text()}`);
  return response.json<Seen>();
}

/** An app that answers 404 with X-Cascade: pass, and counts its calls and how often its body was closed. */
export function declining(): App & { closed: number; calls: number } {
  const counts = { closed: 0, calls: 0 };
  const app: App = (_environ, startResponse) => {
    counts.calls++;
    startResponse("404 Not Found", [
      ["Content-Type", "text/plain"],
      ["X-Cascade", "pass"],
    ]);
    return Object.assign([encoder.encode("not mine")], { close: () => void counts.closed++ });
  };
  return Object.defineProperties(app, {
    closed: { get: () => counts.closed },
    calls: { get: () => counts.calls },
  }) as App & { closed: number; calls: number };
}
