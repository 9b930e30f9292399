import type { App, Environ, StartResponse } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { fromClass, MethodView } from "../src/index.js";

const json = (startResponse: StartResponse, status: string, value: unknown): Uint8Array[] => {
  const body = new TextEncoder().encode(JSON.stringify(value));
  startResponse(status, [["Content-Type", "application/json"], ["Content-Length", String(body.byteLength)]]);
  return [body];
};

class Widgets {
  readonly items: string[] = ["bolt"];
  readonly TTL = 60; // an upper-case property that is not a function is not a handler

  GET(_environ: Environ, startResponse: StartResponse) {
    return json(startResponse, "200 OK", this.items);
  }

  POST(_environ: Environ, startResponse: StartResponse) {
    this.items.push(`widget ${this.items.length}`);
    return json(startResponse, "201 Created", this.items);
  }

  helper(): string {
    return "not a handler: lower case";
  }
}

class ReadOnlyWidgets extends Widgets {
  override POST(_environ: Environ, startResponse: StartResponse) {
    return json(startResponse, "403 Forbidden", { error: "read only" });
  }

  "M-SEARCH"(_environ: Environ, startResponse: StartResponse) {
    return json(startResponse, "200 OK", "searched");
  }
}

describe("fromClass", () => {
  it("makes a table of the upper-case handler methods, bound to the object", async () => {
    const client = testClient(fromClass(new Widgets()));
    expect((await client.post("/")).json()).toEqual(["bolt", "widget 1"]);
    expect((await client.get("/")).json()).toEqual(["bolt", "widget 1"]);
    const refused = await client.delete("/");
    expect(refused.status).toBe(405);
    expect(refused.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
  });

  it("takes handlers from base classes, the subclass's winning", async () => {
    const client = testClient(fromClass(new ReadOnlyWidgets()));
    expect((await client.post("/")).status).toBe(403);
    expect((await client.get("/")).json()).toEqual(["bolt"]);
    expect((await client.request("M-SEARCH", "/")).json()).toBe("searched");
    expect((await client.options("/")).headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS, M-SEARCH");
  });

  it("passes options on to methods()", async () => {
    const response = await testClient(fromClass(new Widgets(), { head: false })).head("/");
    expect(response.status).toBe(405);
  });

  it("refuses an object without handlers", () => {
    expect(() => fromClass({ helper() {} })).toThrow(/no handler methods/);
    expect(() => fromClass(null as never)).toThrow(TypeError);
    expect(() => fromClass(Widgets as never)).toThrow(/pass an object, like new Widget\(\)/);
  });

  it("checks handler signatures at compile time", () => {
    class Broken {
      GET(): string {
        return "not an app";
      }
    }
    // @ts-expect-error GET must be an app: (environ, startResponse) => body
    expect(() => fromClass(new Broken())).not.toThrow();
  });
});

describe("MethodView", () => {
  class Greeting extends MethodView {
    constructor(readonly greeting: string) {
      super();
    }

    GET: App = (_environ, startResponse) => json(startResponse, "200 OK", this.greeting);
  }

  it("gives a subclass asApp()", async () => {
    const client = testClient(new Greeting("hello").asApp());
    expect((await client.get("/")).json()).toBe("hello");
    expect((await client.put("/")).headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("checks the subclass's handlers at compile time", () => {
    class BadView extends MethodView {
      POST(): number {
        return 1;
      }
    }
    // @ts-expect-error POST must be an app
    expect(() => new BadView().asApp()).not.toThrow();
  });
});
