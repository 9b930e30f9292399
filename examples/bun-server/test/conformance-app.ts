import { latin1ToUtf8, onBodyEnd, readBody, validate, type App, type Body, type Chunk, type Environ } from "@tsgi/core";

// The app both servers are checked with. Conforming routes run inside
// validate(), which throws on any server-side rule the server breaks (HEAD
// pulling on, close() before return(), close() twice …); the routes that
// break a rule on purpose (/short, /long, /hop) run bare.

const enc = new TextEncoder();
const text = (s: string): Chunk => enc.encode(s);
const plain: [string, string] = ["Content-Type", "text/plain"];
/** close() and return() seen per `?id=`, read back through /stats. */
const seen: Record<string, { pulls: number; returns: number; closes: number; outcome?: string }> = {};

function track(environ: Environ): { pulls: number; returns: number; closes: number; outcome?: string } {
  const id = /(?:^|&)id=([\w-]+)/.exec(environ.QUERY_STRING)?.[1] ?? "none";
  return (seen[id] ??= { pulls: 0, returns: 0, closes: 0 });
}

/** A body that counts its pulls, return() and close(), yielding `parts` then, if `endless`, a chunk per tick. */
function counted(environ: Environ, parts: string[], endless = false): Body {
  const counts = track(environ);
  let i = 0;
  const iterator: AsyncIterableIterator<Chunk> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      counts.pulls++;
      if (i < parts.length) return { done: false, value: text(parts[i++]!) };
      if (!endless) return { done: true, value: undefined };
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { done: false, value: text("tick\n") };
    },
    async return() {
      counts.returns++;
      return { done: true, value: undefined };
    },
  };
  return Object.assign(iterator, { close: () => void counts.closes++ });
}

/**
 * One chunk, then a next() that never settles: a stream parked on a source
 * that went silent. [body.return-pending]: the server calls return() while
 * that next() is pending and close() without waiting for it.
 */
function parked(environ: Environ): Body {
  const counts = track(environ);
  let pulls = 0;
  const iterator: AsyncIterableIterator<Chunk> = {
    [Symbol.asyncIterator]: () => iterator,
    next() {
      counts.pulls++;
      return pulls++ === 0 ? Promise.resolve({ done: false, value: text("start\n") }) : new Promise<never>(() => {});
    },
    async return() {
      counts.returns++;
      return { done: true, value: undefined };
    },
  };
  return Object.assign(iterator, { close: () => void counts.closes++ });
}

const routes: Record<string, App> = {
  "/hello": (_e, sr) => (sr("200 OK", [plain, ["Content-Length", "5"]]), [text("hello")]),
  "/stream": (e, sr) => (sr("200 OK", [plain]), counted(e, ["a", "", "b", "c"])),
  "/head-probe": (e, sr) => (sr("200 OK", [plain]), counted(e, ["first", "second", "third"])),
  "/lazy": (_e, sr) =>
    (async function* () {
      // The headers come with the first step (SPEC §5.5).
      sr("200 OK", [plain]);
      yield text("lazy");
    })(),
  "/fail-before": () => {
    throw new Error("secret-before");
  },
  "/fail-after": (_e, sr) => {
    sr("200 OK", [plain]);
    return (async function* () {
      yield text("partial");
      throw new Error("secret-after");
    })();
  },
  "/no-content": (_e, sr) => (sr("204 No Content", []), []),
  "/echo": async (e, sr) => {
    const bytes = await readBody(e);
    sr("200 OK", [["Content-Type", "application/octet-stream"], ["Content-Length", String(bytes.byteLength)]]);
    return [bytes];
  },
  "/environ": (e, sr) => {
    const seenEnv = {
      method: e.REQUEST_METHOD,
      scriptName: e.SCRIPT_NAME,
      pathInfo: latin1ToUtf8(e.PATH_INFO),
      pathInfoLength: e.PATH_INFO.length,
      query: e.QUERY_STRING,
      header: e.HTTP_X_A,
      host: e.HTTP_HOST,
      contentLength: e.CONTENT_LENGTH ?? null,
    };
    const body = text(JSON.stringify(seenEnv));
    sr("200 OK", [["Content-Type", "application/json"], ["Content-Length", String(body.byteLength)]]);
    return [body];
  },
  "/endless": (e, sr) => (sr("200 OK", [plain]), counted(e, ["start\n"], true)),
  // A 304's Content-Length describes the representation, not the empty body ([server.content-length]).
  "/not-modified": (e, sr) => (sr("304 Not Modified", [["ETag", '"v1"'], ["Content-Length", "5"]]), counted(e, [])),
  "/parked": (e, sr) => (sr("200 OK", [plain]), parked(e)),
  // SPEC §9.13: what a logger learns without a server hook — how and after how many bytes the body ended.
  "/outcome": (e, sr) => {
    sr("200 OK", [plain]);
    const counts = track(e);
    const endless = /(?:^|&)endless=1/.test(e.QUERY_STRING);
    return onBodyEnd(counted(e, ["12345"], endless), (o) => void (counts.outcome = `${o.state} ${o.bytes}`));
  },
  "/stats": (e, sr) => {
    const body = text(JSON.stringify(track(e)));
    sr("200 OK", [["Content-Type", "application/json"], ["Cache-Control", "no-store"]]);
    return [body];
  },
};

const broken: Record<string, App> = {
  "/short": (_e, sr) => (sr("200 OK", [plain, ["Content-Length", "10"]]), counted(_e, ["abc"])),
  "/long": (_e, sr) => (sr("200 OK", [plain, ["Content-Length", "3"]]), counted(_e, ["abc", "def"])),
  "/hop": (_e, sr) => {
    sr("200 OK", [plain, ["Connection", "close"]]);
    return [text("never")];
  },
};

const router: App = (environ, startResponse) => {
  const route = routes[environ.PATH_INFO.startsWith("/environ") ? "/environ" : environ.PATH_INFO];
  if (route !== undefined) return route(environ, startResponse);
  startResponse("404 Not Found", [plain]);
  return [text("no route")];
};
const checked = validate(router);

export const conformanceApp: App = (environ, startResponse) => {
  const route = broken[environ.PATH_INFO];
  return route !== undefined ? route(environ, startResponse) : checked(environ, startResponse);
};
