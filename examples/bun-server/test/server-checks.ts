import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { expect } from "vitest";

// Server conformance checks (SPEC §5.5, §6, §8) over a real socket, run
// against every server in server-conformance.test.ts with the app of
// conformance-app.ts. Each check is [name, (baseUrl) => Promise<void>].

export type ServerCheck = [name: string, run: (base: string, runtime: Runtime) => Promise<void>];
/** Which server a check runs against: a few answers come from the runtime's own HTTP parser. */
export type Runtime = "node" | "bun";

/** Writes raw bytes and collects everything until the server closes or `ms` of quiet. */
export function rawExchange(base: string, bytes: string, ms = 1500): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(Buffer.from(bytes, "latin1")));
    let out = "";
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(out);
    };
    const timer = setTimeout(done, ms);
    socket.on("data", (d: Buffer) => (out += d.toString("latin1")));
    socket.on("end", done);
    socket.on("error", (error) => (out === "" ? reject(error) : done()));
  });
}

interface Counts {
  pulls: number;
  returns: number;
  closes: number;
  outcome?: string;
}

async function stats(base: string, id: string): Promise<Counts> {
  return (await fetch(`${base}/stats?id=${id}`)).json() as Promise<Counts>;
}

/** Polls until the server has closed the body of request `id` (close() may come just after the response). */
async function closedOnce(base: string, id: string): Promise<Counts> {
  for (let i = 0; i < 100; i++) {
    const counts = await stats(base, id);
    if (counts.closes > 0) return counts;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return stats(base, id);
}

/**
 * Fetches and reads a response; resolves with what arrived and whether it
 * ended cleanly. A connection reset before the head arrived counts as
 * incomplete too: [server.error-after-headers] asks that the client never
 * sees a clean end, and a server may not have flushed the head yet.
 */
async function fetchAll(url: string): Promise<{ status?: number; text: string; complete: boolean }> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    return { text: "", complete: false };
  }
  return { status: response.status, ...(await readAll(response)) };
}

/** Opens a streaming GET, reads its first chunk, then leaves (destroys the connection). */
function leaveAfterFirstChunk(url: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const req = httpRequest(url, (res) => {
      res.once("data", () => {
        req.destroy();
        resolve();
      });
    });
    req.on("error", (error) => ((error as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(error)));
    req.end();
  });
}

/** Reads a response body; resolves with what arrived and whether it ended cleanly. */
async function readAll(response: Response): Promise<{ text: string; complete: boolean }> {
  const reader = response.body!.getReader();
  let text = "";
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const step = await reader.read();
      if (step.done) return { text, complete: true };
      text += decoder.decode(step.value, { stream: true });
    }
  } catch {
    return { text, complete: false };
  }
}

let unique = 0;
const id = (what: string): string => `${what}-${process.pid}-${++unique}`;

export const serverChecks: ServerCheck[] = [
  ["sends the status, headers and body of an Array body", async (base) => {
    const response = await fetch(`${base}/hello`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain");
    expect(response.headers.get("content-length")).toBe("5");
    expect(await response.text()).toBe("hello");
  }],
  ["streams a body, skips empty chunks, and closes it once at the end (no return() after done)", async (base) => {
    const name = id("stream");
    const response = await fetch(`${base}/stream?id=${name}`);
    expect(await response.text()).toBe("abc");
    const counts = await closedOnce(base, name);
    expect(counts).toMatchObject({ closes: 1, returns: 0 });
  }],
  ["sends the headers of a lazy start (startResponse in the first step)", async (base) => {
    const response = await fetch(`${base}/lazy`);
    expect([response.status, await response.text()]).toEqual([200, "lazy"]);
  }],
  ["answers HEAD with the GET headers and no body, pulling at most one chunk, then return() and close()", async (base) => {
    const name = id("head");
    const response = await fetch(`${base}/head-probe?id=${name}`, { method: "HEAD" });
    expect([response.status, response.headers.get("content-type")]).toEqual([200, "text/plain"]);
    expect(await response.text()).toBe("");
    // [server.head]: the headers are known once startResponse ran, so a server may pull nothing at all.
    const { pulls, returns, closes } = await closedOnce(base, name);
    expect(pulls).toBeLessThanOrEqual(1);
    expect([returns, closes]).toEqual([pulls, 1]);
  }],
  ["answers 500 with a generic body when the app throws before the headers, never the message", async (base) => {
    const response = await fetch(`${base}/fail-before`);
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).not.toContain("secret");
    expect(body).toMatch(/internal server error/i);
  }],
  ["breaks the response when the body fails after the headers (no clean end)", async (base) => {
    const { status, text, complete } = await fetchAll(`${base}/fail-after`);
    expect(status === undefined || status === 200).toBe(true);
    expect(complete).toBe(false);
    expect(text).not.toContain("secret");
  }],
  ["sends no body for 204", async (base) => {
    const response = await fetch(`${base}/no-content`);
    expect([response.status, await response.text()]).toEqual([204, ""]);
  }],
  ["aborts a body shorter than its Content-Length and closes it", async (base) => {
    const name = id("short");
    const { complete } = await fetchAll(`${base}/short?id=${name}`);
    expect(complete).toBe(false);
    expect((await closedOnce(base, name)).closes).toBe(1);
  }],
  ["sends no more than Content-Length bytes of a longer body, then return() and close()", async (base) => {
    const name = id("long");
    const reply = await rawExchange(base, `GET /long?id=${name} HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n`);
    expect(reply).toMatch(/^HTTP\/1\.1 200/);
    expect(reply.split("\r\n\r\n")[1]).toBe("abc");
    expect(await closedOnce(base, name)).toMatchObject({ returns: 1, closes: 1 });
  }],
  ["passes the request body through tsgi.input", async (base) => {
    const response = await fetch(`${base}/echo`, { method: "POST", body: "ping pong" });
    expect(await response.text()).toBe("ping pong");
  }],
  ["gives PATH_INFO percent-decoded to latin-1, QUERY_STRING raw and headers folded", async (base) => {
    const response = await fetch(`${base}/environ/caf%C3%A9?q=a%20b`, { headers: { "X-A": "1" } });
    expect(await response.json()).toMatchObject({
      method: "GET",
      scriptName: "",
      pathInfo: "/environ/café",
      pathInfoLength: "/environ/cafÃ©".length,
      query: "q=a%20b",
      header: "1",
      contentLength: null,
    });
  }],
  ["answers 400 to an invalid percent-escape without calling the app", async (base) => {
    const reply = await rawExchange(base, "GET /environ/%zz HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
  }],
  ["answers 400 to a repeated Content-Length ([server.request-framing])", async (base) => {
    const reply = await rawExchange(base, "POST /echo HTTP/1.1\r\nHost: a.test\r\nContent-Length: 2\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi");
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
  }],
  ["answers 500 when the app sets a hop-by-hop header", async (base) => {
    expect((await fetch(`${base}/hop`)).status).toBe(500);
  }],
  ["stops an endless body when the client leaves: return() and close()", async (base) => {
    const name = id("endless");
    await leaveAfterFirstChunk(`${base}/endless?id=${name}`);
    expect(await closedOnce(base, name)).toMatchObject({ returns: 1, closes: 1 });
  }],
  ["sends a 304's Content-Length and no body, and keeps the connection ([server.content-length] exemption)", async (base) => {
    const reply = await rawExchange(base, "GET /not-modified HTTP/1.1\r\nHost: a.test\r\n\r\nGET /hello HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n");
    const [notModified, next] = reply.split(/(?=HTTP\/1\.1 )/);
    expect(notModified).toMatch(/^HTTP\/1\.1 304/);
    expect(notModified).toMatch(/\r\ncontent-length: 5\r\n/i);
    expect(notModified!.split("\r\n\r\n")[1]).toBe("");
    expect(next).toMatch(/^HTTP\/1\.1 200[\s\S]*\r\n\r\nhello$/);
  }],
  ["answers HEAD with the GET's Content-Length and no body, and keeps the connection", async (base) => {
    const reply = await rawExchange(base, "HEAD /hello HTTP/1.1\r\nHost: a.test\r\n\r\nGET /hello HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n");
    const [head, next] = reply.split(/(?=HTTP\/1\.1 )/);
    expect(head).toMatch(/^HTTP\/1\.1 200[\s\S]*\r\ncontent-length: 5\r\n/i);
    expect(head!.split("\r\n\r\n")[1]).toBe("");
    expect(next).toMatch(/\r\n\r\nhello$/);
  }],
  ...(
    [
      ["Content-Length with Transfer-Encoding", "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n", 400],
      ["a Content-Length that is not digits", "Content-Length: +2\r\n\r\nhi", 400],
      ["a repeated Host", "Host: b.test\r\nContent-Length: 0\r\n\r\n", 400],
      // Bun's own parser answers 400 before the server sees the request; the app never reads coded bytes either way.
      ["a transfer coding other than chunked", "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501, 400],
    ] as [string, string, number, number?][]
  ).map(([what, fields, status, bunStatus]): ServerCheck => [
    `answers ${status} to ${what} without calling the app ([server.request-framing], [server.bad-request])`,
    async (base, runtime) => {
      const reply = await rawExchange(base, `POST /echo HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n${fields}`);
      const expected = runtime === "bun" ? (bunStatus ?? status) : status;
      expect(reply).toMatch(new RegExp(`^HTTP/1\\.1 ${expected}`));
    },
  ]),
  ["frames a streamed body without Content-Length: chunked on HTTP/1.1, by closing on HTTP/1.0 ([server.framing])", async (base) => {
    // A body still going when its first chunk is sent (Bun may give a body that ended at once a Content-Length).
    const http11 = await rawExchange(base, `GET /parked?id=${id("framing")} HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n`);
    const [head11, body11] = http11.split("\r\n\r\n");
    expect(head11).toMatch(/\r\ntransfer-encoding: chunked$/im);
    expect(body11).toBe("6\r\nstart\n\r\n");
    const http10 = await rawExchange(base, `GET /stream?id=${id("framing")} HTTP/1.0\r\nHost: a.test\r\n\r\n`);
    const [head, body] = http10.split("\r\n\r\n");
    expect(head).not.toMatch(/\r\ntransfer-encoding:/i);
    expect(body).toBe("abc");
  }],
  ["answers 400 to an HTTP/1.1 request without Host ([server.bad-request])", async (base) => {
    const reply = await rawExchange(base, "GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
  }],
  ["calls return() while a next() is pending and close() without waiting for it ([body.return-pending])", async (base) => {
    const name = id("parked");
    await leaveAfterFirstChunk(`${base}/parked?id=${name}`);
    expect(await closedOnce(base, name)).toMatchObject({ pulls: 2, returns: 1, closes: 1 });
  }],
  ["tells onBodyEnd (SPEC §9.13) 'done' after the last byte and 'aborted' when the client leaves", async (base) => {
    const done = id("outcome");
    expect(await (await fetch(`${base}/outcome?id=${done}`)).text()).toBe("12345");
    expect((await closedOnce(base, done)).outcome).toBe("done 5");
    const left = id("outcome");
    await leaveAfterFirstChunk(`${base}/outcome?id=${left}&endless=1`);
    expect((await closedOnce(base, left)).outcome).toMatch(/^aborted \d+$/);
  }],
];
