import { describe, expect, it } from "vitest";
import { BodyTooLargeError, buildEnviron, createErrorStream, createInputStream, HttpError, readBody, readJson, readText } from "../src/index.js";

function envWith(body: string[], contentLength?: string) {
  const e = buildEnviron({
    method: "POST",
    target: "/",
    rawHeaders: contentLength === undefined ? [] : ["Content-Length", contentLength],
    serverName: "localhost",
    serverPort: "80",
    input: createInputStream(
      (async function* () {
        for (const b of body) yield new TextEncoder().encode(b);
      })(),
    ),
    errors: createErrorStream(() => {}),
  });
  return e;
}

describe("readBody", () => {
  it("reads the whole body", async () => {
    expect(new TextDecoder().decode(await readBody(envWith(["ab", "cd"])))).toBe("abcd");
  });

  it("fails with 413 before reading when CONTENT_LENGTH is over the limit", async () => {
    const err = await readBody(envWith(["x"], "100"), { limit: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BodyTooLargeError);
    expect((err as BodyTooLargeError).status).toBe(413);
  });

  it("fails with 413 as soon as a body without length passes the limit", async () => {
    await expect(readBody(envWith(["12345", "67890", "x"]), { limit: 10 })).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it("readText decodes UTF-8 and readJson parses JSON", async () => {
    expect(await readText(envWith(["caf\u00e9"]))).toBe("caf\u00e9");
    expect(await readJson(envWith(['{"a":', "1}"]))).toEqual({ a: 1 });
  });

  it("readJson turns malformed JSON into a 400 HttpError", async () => {
    const err = await readJson(envWith(["{nope"])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(400);
    expect((err as HttpError).expose).toBe(true);
  });
});
