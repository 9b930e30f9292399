import {
  buildEnviron,
  concat,
  createErrorStream,
  createInputStream,
  isAsyncIterable,
  type App,
  type Body,
  type Environ,
  type HeaderList,
  type StartResponse,
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
 * Plays a conforming server in process (SPEC.md §8): headers go out with the
 * first non-empty chunk, HEAD and no-body statuses send nothing, the iterator
 * is returned and the body closed exactly once whatever happens.
 */
export async function serve(app: App, options: RequestOptions = {}, environ?: Environ, log?: string[]): Promise<Served> {
  const made = environ === undefined ? makeEnviron(options) : { environ, log: log ?? [] };
  let status: string | undefined;
  let headers: HeaderList = [];
  let sent = false;
  const startResponse: StartResponse = (s, h, excInfo) => {
    if (excInfo !== undefined && sent) throw excInfo;
    status = s;
    headers = h;
  };
  const body: Body = await app(made.environ, startResponse);
  let closeCalls = 0;
  const out: Uint8Array[] = [];
  const head = made.environ.REQUEST_METHOD === "HEAD";
  try {
    const it = isAsyncIterable(body) ? body[Symbol.asyncIterator]() : (body as Iterable<Uint8Array>)[Symbol.iterator]();
    let finished = false;
    try {
      for (;;) {
        const step = await it.next();
        if (step.done) {
          finished = true;
          break;
        }
        if (step.value.byteLength === 0) continue;
        sent = true;
        if (head) break;
        out.push(step.value);
      }
    } finally {
      if (!finished) await it.return?.();
    }
  } finally {
    closeCalls++;
    await body.close?.();
  }
  sent = true;
  return { status: status!, headers, body: concat(out), log: made.log, closeCalls };
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
