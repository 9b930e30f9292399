import { describe, expect, it } from "vitest";
import { shiftPathInfo } from "../src/index.js";
import type { Environ } from "../src/index.js";
import { makeEnviron } from "./helpers/validate-server.js";

function env(scriptName: string, pathInfo: string): Environ {
  const e = makeEnviron().environ;
  e.SCRIPT_NAME = scriptName;
  e.PATH_INFO = pathInfo;
  return e;
}

describe("shiftPathInfo", () => {
  it("moves the first segment from PATH_INFO to SCRIPT_NAME and returns it", () => {
    const e = env("/app", "/users/7");
    expect(shiftPathInfo(e)).toBe("users");
    expect(e.SCRIPT_NAME).toBe("/app/users");
    expect(e.PATH_INFO).toBe("/7");
    expect(shiftPathInfo(e)).toBe("7");
    expect(e.SCRIPT_NAME).toBe("/app/users/7");
    expect(e.PATH_INFO).toBe("");
    expect(shiftPathInfo(e)).toBeUndefined();
  });

  it("keeps a trailing slash on PATH_INFO", () => {
    const e = env("", "/a/");
    expect(shiftPathInfo(e)).toBe("a");
    expect(e.SCRIPT_NAME).toBe("/a");
    expect(e.PATH_INFO).toBe("/");
    expect(shiftPathInfo(e)).toBe("");
    expect(e.SCRIPT_NAME).toBe("/a/");
    expect(e.PATH_INFO).toBe("");
  });

  it("drops empty and '.' segments inside the path", () => {
    const e = env("", "/x//./y");
    expect(shiftPathInfo(e)).toBe("x");
    expect(e.PATH_INFO).toBe("/y");
  });

  it("never makes SCRIPT_NAME a lone '/'", () => {
    const e = env("", "/");
    expect(shiftPathInfo(e)).toBe("");
    expect(e.SCRIPT_NAME).toBe("");
    expect(e.PATH_INFO).toBe("/");
  });

  it("returns '..' as a name instead of resolving it", () => {
    const e = env("/app", "/../secret");
    expect(shiftPathInfo(e)).toBe("..");
    expect(e.SCRIPT_NAME).toBe("/app/..");
  });

  it("keeps SCRIPT_NAME + PATH_INFO equal to the original path", () => {
    const e = env("/m", "/a/b/c");
    shiftPathInfo(e);
    expect(e.SCRIPT_NAME + e.PATH_INFO).toBe("/m/a/b/c");
  });
});
