import { describe, expect, it } from "vitest";
import { testClient } from "../src/index.js";
import { echoApp, rawEchoApp, type Echo } from "./helpers.js";

describe("request methods", () => {
  const client = testClient(echoApp);

  it.each([
    ["get", "GET"],
    ["post", "POST"],
    ["put", "PUT"],
    ["patch", "PATCH"],
    ["delete", "DELETE"],
    ["options", "OPTIONS"],
  ] as const)("client.%s sends REQUEST_METHOD %s", async (method, expected) => {
    const response = await client[method]("/thing");
    expect(response.json<Echo>().method).toBe(expected);
  });

  it("client.head sends HEAD and returns the headers without the body", async () => {
    const response = await client.head("/thing");
    expect(response.status).toBe(200);
    expect(response.environ.REQUEST_METHOD).toBe("HEAD");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.body.byteLength).toBe(0);
  });

  it("client.request sends any token method", async () => {
    const response = await client.request("PROPFIND", "/dav");
    expect(response.json<Echo>().method).toBe("PROPFIND");
  });

  it("rejects a method that is not an HTTP token", async () => {
    await expect(client.request("GE T", "/")).rejects.toThrow(/invalid request method/);
  });
});

describe("request bodies", () => {
  const client = testClient(echoApp);

  it("sends a string as UTF-8 text with its byte length", async () => {
    const echo = (await client.post("/", { body: "héllo" })).json<Echo>();
    expect(echo.body).toBe("héllo");
    expect(echo.contentLength).toBe("6");
    expect(echo.contentType).toBe("text/plain;charset=UTF-8");
  });

  it("sends bytes as they are, with no Content-Type unless given", async () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const response = await testClient(rawEchoApp).put("/", { body: bytes });
    expect(response.body).toEqual(bytes);
    expect(response.environ.CONTENT_LENGTH).toBe("4");
    expect(response.environ.CONTENT_TYPE).toBeUndefined();
  });

  it("sends an ArrayBuffer", async () => {
    const response = await testClient(rawEchoApp).post("/", { body: new Uint8Array([7, 8]).buffer });
    expect([...response.body]).toEqual([7, 8]);
  });

  it("lets a Content-Type header replace the body's own", async () => {
    const echo = (await client.post("/", { body: "<a/>", headers: { "content-type": "application/xml" } })).json<Echo>();
    expect(echo.contentType).toBe("application/xml");
  });

  it("sends json as application/json", async () => {
    const echo = (await client.patch("/", { json: { a: [1, "é"] } })).json<Echo>();
    expect(echo.contentType).toBe("application/json");
    expect(JSON.parse(echo.body)).toEqual({ a: [1, "é"] });
  });

  it("sends a form URL-encoded, repeating keys for array values", async () => {
    const echo = (await client.post("/", { form: { name: "a b&c", tag: ["x", "y"], n: 3, skip: undefined } })).json<Echo>();
    expect(echo.contentType).toBe("application/x-www-form-urlencoded");
    expect(echo.body).toBe("name=a+b%26c&tag=x&tag=y&n=3");
  });

  it("sends a multipart form whose file arrives intact", async () => {
    const fileBytes = new Uint8Array(256).map((_, i) => i);
    const response = await testClient(rawEchoApp).post("/upload", {
      multipart: {
        title: "Ünïcode title",
        file: new File([fileBytes], "bytes.bin", { type: "application/octet-stream" }),
        tags: ["a", "b"],
      },
    });
    expect(response.environ.CONTENT_TYPE).toMatch(/^multipart\/form-data; boundary=/);
    expect(response.environ.CONTENT_LENGTH).toBe(String(response.body.byteLength));
    const parsed = await new Response(response.body, {
      headers: { "content-type": response.environ.CONTENT_TYPE! },
    }).formData();
    expect(parsed.get("title")).toBe("Ünïcode title");
    expect(parsed.getAll("tags")).toEqual(["a", "b"]);
    const file = parsed.get("file") as File;
    expect(file.name).toBe("bytes.bin");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(fileBytes);
  });

  it("sends a FormData as multipart", async () => {
    const form = new FormData();
    form.append("note", new Blob(["plain text"], { type: "text/plain" }), "note.txt");
    const response = await testClient(rawEchoApp).post("/", { multipart: form });
    const parsed = await new Response(response.body, { headers: { "content-type": response.environ.CONTENT_TYPE! } }).formData();
    expect(await (parsed.get("note") as File).text()).toBe("plain text");
  });

  it("sends an async iterable chunked, without CONTENT_LENGTH, one chunk at a time", async () => {
    async function* source(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([1, 2]);
      yield new Uint8Array([3]);
    }
    const response = await testClient(rawEchoApp).post("/", { body: source() });
    expect([...response.body]).toEqual([1, 2, 3]);
    expect(response.headers.get("x-chunks")).toBe("2");
    expect(response.environ.CONTENT_LENGTH).toBeUndefined();
    expect(response.environ.HTTP_TRANSFER_ENCODING).toBe("chunked");
  });

  it("sends a ReadableStream chunked", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([9]));
        controller.enqueue(new Uint8Array([10]));
        controller.close();
      },
    });
    const response = await testClient(rawEchoApp).post("/", { body: stream });
    expect([...response.body]).toEqual([9, 10]);
    expect(response.environ.CONTENT_LENGTH).toBeUndefined();
  });

  it("sends no CONTENT_LENGTH or CONTENT_TYPE without a body", async () => {
    const echo = (await client.get("/")).json<Echo>();
    expect(echo.contentLength).toBeNull();
    expect(echo.contentType).toBeNull();
  });

  it("refuses two body kinds at once", async () => {
    await expect(client.post("/", { json: 1, form: { a: "b" } })).rejects.toThrow(/at most one of body, json, form and multipart/);
  });

  it("refuses a stream that yields strings", async () => {
    async function* bad(): AsyncGenerator<Uint8Array> {
      yield "text" as unknown as Uint8Array;
    }
    await expect(client.post("/", { body: bad() })).rejects.toThrow(/must yield Uint8Array/);
  });
});
