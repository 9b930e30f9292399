import { describe, expect, it } from "vitest";
import { settingsFromFlags } from "../../src/cli/flags.js";
import { resolveSettings, type ServeSettings } from "../../src/runner/settings.js";

describe("the runner's settings", () => {
  it("applies the defaults, in milliseconds and bytes", () => {
    expect(resolveSettings({})).toMatchObject({
      binds: [{ kind: "tcp", host: "127.0.0.1", port: 8000 }],
      workers: 1,
      timeout: 30_000,
      gracefulTimeout: 30_000,
      keepAlive: 5000,
      headersTimeout: 10_000,
      maxBodySize: undefined,
      limitRequestFieldSize: 16384,
      limitRequestFields: 100,
      logLevel: "info",
      forwardedAllowIps: undefined,
    });
  });

  it("takes numbers as numbers and sizes with a unit", () => {
    const settings = resolveSettings({ timeout: 0.5, maxBodySize: "1k", limitRequestFieldSize: 2048, logLevel: "warn" as never });
    expect(settings).toMatchObject({ timeout: 500, maxBodySize: 1024, limitRequestFieldSize: 2048, logLevel: "warning" });
  });

  it.each<[ServeSettings, string]>([
    [{ workers: 0 }, '--workers must be a positive integer or "auto", got "0"'],
    [{ workers: 1.5 }, '--workers must be a positive integer or "auto", got "1.5"'],
    [{ timeout: -1 }, '--timeout must be a non-negative number of seconds, got "-1"'],
    [{ gracefulTimeout: Number.NaN }, '--graceful-timeout must be a non-negative number of seconds, got "NaN"'],
    [{ maxRequests: -1 }, '--max-requests must be an integer >= 0, got "-1"'],
    [{ limitRequestFields: 0 }, '--limit-request-fields must be an integer from 1 to 32768, got "0"'],
    [{ maxBodySize: "1x" }, '--max-body-size must be a number of bytes (optionally with a k, m or g suffix), got "1x"'],
    [{ headersTimeout: 0 }, '--headers-timeout must be more than 0 seconds, got "0"'],
    [{ limitRequestFieldSize: 1000 }, '--limit-request-field_size must be at least 1024 bytes, got "1000"'],
    [{ bind: ["127.0.0.1:9", "127.0.0.1:9"] }, '--bind "127.0.0.1:9" is given twice'],
  ])("refuses %j with the CLI's message", (settings, message) => {
    expect(() => resolveSettings(settings)).toThrow(message);
  });
});

describe("the command line's flags as settings", () => {
  it("turns numeric flags into numbers and passes the rest as given", () => {
    const settings = settingsFromFlags({
      workers: "auto",
      timeout: "0.5",
      maxRequests: "10",
      limitRequestField_size: "1k",
      reloadDir: ["src"],
      bind: ["unix:/tmp/a.sock"],
      logLevel: "WARN",
    });
    expect(settings).toEqual({
      workers: "auto",
      timeout: 0.5,
      maxRequests: 10,
      limitRequestFieldSize: "1k",
      reloadDirs: ["src"],
      bind: ["unix:/tmp/a.sock"],
      logLevel: "warning",
    });
  });

  it.each([
    [{ workers: "x" }, '--workers must be a positive integer or "auto", got "x"'],
    [{ timeout: "soon" }, '--timeout must be a non-negative number of seconds, got "soon"'],
    [{ maxRequestsJitter: "1.5" }, '--max-requests-jitter must be an integer >= 0, got "1.5"'],
    [{ limitRequestFields: "-1" }, '--limit-request-fields must be an integer from 1 to 32768, got "-1"'],
  ])("refuses %j in the runner's words", (flags, message) => {
    expect(() => settingsFromFlags(flags)).toThrow(message);
  });
});
