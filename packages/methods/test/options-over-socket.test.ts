import { validate } from "@tsgi/core";
import { makeServer, type TsgiServer } from "@tsgi/server";
import { afterEach, describe, expect, it } from "vitest";
import { methods } from "../src/index.js";
import { says } from "./helpers.js";
import { exchange } from "./raw-exchange.js";

let server: TsgiServer | undefined;
afterEach(async () => {
  await server?.close({ timeout: 0 });
  server = undefined;
});

describe("automatic OPTIONS over a real socket", () => {
  it.each([
    ["OPTIONS * gets the server-wide set", "*", "GET, HEAD, POST, PUT, DELETE, OPTIONS"],
    ["OPTIONS on a resource gets the table's methods", "/thing", "GET, HEAD, OPTIONS"],
  ])("%s", async (_name, target, allow) => {
    const app = methods({ GET: says("x") }, { serverMethods: ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"] });
    server = makeServer("127.0.0.1", 0, validate(app));
    await server.listen();
    const raw = await exchange(server.port, `OPTIONS ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    const end = raw.indexOf("\r\n\r\n");
    const head = raw.slice(0, end).split("\r\n");
    expect(head[0]).toBe("HTTP/1.1 204 No Content");
    expect(head.filter((line) => /^allow:/i.test(line))).toEqual([`Allow: ${allow}`]);
    expect(raw.slice(end + 4)).toBe("");
  });
});
