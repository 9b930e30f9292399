import {
  buildEnviron,
  concat,
  createErrorStream,
  createInputStream,
  createStartResponse,
  ResponseBody,
  type App,
  type Environ,
  type HeaderList,
} from "../../src/index.js";

export interface RequestOptions {
  method?: string;
  target?: string;
  headers?: [string, string][];
  body?: Uint8Array[];
}

/** A valid environ for one request, with its tsgi.errors output collected in `log`. */
export function makeEnviron(options: RequestOptions = {}): { environ: Environ; log: string[] } {
  const log: string[] = [];
  const chunks = options.body ?? [];
  const rawHeaders: string[] = [];
  for (const [n, v] of options.headers ?? []) rawHeaders.push(n, v);
  if (options.body !== undefined && !(options.headers ?? []).some(([n]) => /^(content-length|transfer-encoding)$/i.test(n))) {
    rawHeaders.push("Content-Length", String(chunks.reduce((n, c) => n + c.byteLength, 0)));
  }
  const environ = buildEnviron({
    method: options.method ?? "GET",
    target: options.target ?? "/",
    rawHeaders: ["Host", "example.test", ...rawHeaders],
    serverName: "127.0.0.1",
    serverPort: "8080",
    remoteAddr: "127.0.0.1",
    input: createInputStream(
      (async function* () {
        yield* chunks;
      })(),
    ),
    errors: createErrorStream((text) => log.push(text)),
  });
  return { environ, log };
}

export interface Served {
  status: string;
  headers: HeaderList;
  body: Uint8Array;
  log: string[];
  closeCalls: number;
}

/**
 * Plays a conforming server in process (SPEC.md §8) on core's own response
 * driver: headers go out with the first non-empty chunk, HEAD sends no body, the iterator is returned and the body closed
 * exactly once whatever happens.
 */
export async function serve(app: App, options: RequestOptions = {}, environ?: Environ, log?: string[]): Promise<Served> {
  const made = environ === undefined ? makeEnviron(options) : { environ, log: log ?? [] };
  const start = createStartResponse();
  const body = new ResponseBody(await app(made.environ, start.startResponse));
  const isHead = made.environ.REQUEST_METHOD === "HEAD";
  const out: Uint8Array[] = [];
  const failures: unknown[] = [];
  try {
    // Unlike a real server it reads the body of a 204/304 too, so the
    // validator's [body.no-body-status] check has bytes to see.
    const first = await body.first(start, () => false);
    start.markSent();
    if (first !== undefined && !isHead) {
      out.push(first);
      for (let chunk = await body.next(); chunk !== undefined; chunk = await body.next()) out.push(chunk);
    }
  } finally {
    await body.finish((error) => failures.push(error));
  }
  if (failures.length > 0) throw failures[0];
  const head = start.head!;
  return { status: head.status, headers: head.headers, body: concat(out), log: made.log, closeCalls: body.finished ? 1 : 0 };
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
export const decode = (b: Uint8Array): string => new TextDecoder().decode(b);

/** The hello app of the SPEC's examples. */
export const hello: App = (_environ, startResponse) => {
  const body = text("Hello, world!\n");
  startResponse("200 OK", [
    ["Content-Type", "text/plain; charset=utf-8"],
    ["Content-Length", String(body.byteLength)],
  ]);
  return [body];
};
