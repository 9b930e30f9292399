import * as net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { killChildren, runTsgi } from "./helpers.js";

afterAll(killChildren);

/**
 * A free port for the cases that get as far as binding: the default 8000 may be
 * taken by another test running at the same time, which would change the error.
 */
const FREE_PORT = ["--bind", "127.0.0.1:0"];

/** The last line on stderr: the one the user reads. */
const lastLine = (stderr: string) => stderr.trimEnd().split("\n").at(-1);

describe("tsgi command-line errors", () => {
  it("rejects a bad --workers value with one line and exit code 2", async () => {
    const r = await runTsgi(["serve", "app.ts", "--workers", "x"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('tsgi: error: --workers must be a positive integer or "auto", got "x"\n');
  });

  it.each([
    [["--timeout", "soon"], '--timeout must be a non-negative number of seconds, got "soon"'],
    [["--bind", "localhost:http"], '--bind must be HOST:PORT, [IPV6]:PORT or unix:PATH, got "localhost:http"'],
    [["--max-body-size", "1x"], '--max-body-size must be a number of bytes (optionally with a k, m or g suffix), got "1x"'],
    [["--limit-request-fields", "0"], '--limit-request-fields must be an integer from 1 to 32768, got "0"'],
    [["--log-level", "loud"], '--log-level must be one of debug, info, warning, error, critical, got "loud"'],
    [["--max-requests", "-1"], '--max-requests must be an integer >= 0, got "-1"'],
    [["--forwarded-allow-ips", "10.0.0.300"], '--forwarded-allow-ips: invalid IP address: 10.0.0.300, got "10.0.0.300"'],
    [["--access-log-format", "%(Z)s"], '--access-log-format: unknown atom "%(Z)s"'],
    [["--bogus"], "unknown option '--bogus'"],
  ])("rejects %j", async (args, message) => {
    const r = await runTsgi(["serve", "app.ts", ...args]);
    expect(r.code).toBe(2);
    expect(lastLine(r.stderr)).toBe(`tsgi: error: ${message}`);
  });

  it("reports a module that does not exist", async () => {
    const r = await runTsgi(["serve", "missing.ts", ...FREE_PORT]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tsgi: error: cannot find module "missing\.ts" \(looked for .*missing\.ts\)\n$/);
  });

  it("reports a missing export, a non-function export and a module without app or default", async () => {
    // One after another: four TypeScript loads at once on a loaded 2-core CI
    // machine could outlast runTsgi's kill timer.
    const missing = await runTsgi(["serve", "app.ts:nope", ...FREE_PORT]);
    const notFunction = await runTsgi(["serve", "factory.ts:notAFactory", ...FREE_PORT]);
    const noApp = await runTsgi(["serve", "no-app.ts", ...FREE_PORT]);
    const badFactory = await runTsgi(["serve", "factory.ts:returnsNothing()", ...FREE_PORT]);
    expect([missing.code, notFunction.code, noApp.code, badFactory.code]).toEqual([1, 1, 1, 1]);
    expect(lastLine(missing.stderr)).toBe('tsgi: error: module "app.ts" has no export "nope" (it exports: app)');
    expect(lastLine(notFunction.stderr)).toBe('tsgi: error: export "notAFactory" of "factory.ts" is not a function (got number 42)');
    expect(lastLine(noApp.stderr)).toBe('tsgi: error: module "no-app.ts" exports neither "app" nor "default" (it exports: something)');
    expect(lastLine(badFactory.stderr)).toBe(
      'tsgi: error: returnsNothing() in "factory.ts" did not return an app function (got undefined)',
    );
    for (const r of [missing, notFunction, noApp, badFactory]) expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("reports an app that throws while loading, with its own stack", async () => {
    const r = await runTsgi(["serve", "throws.ts", ...FREE_PORT]);
    expect(r.code).toBe(1);
    expect(lastLine(r.stderr)).toBe(`tsgi: error: failed to load "throws.ts": the app's own top-level error`);
    expect(r.stderr).toMatch(/throws\.ts/);
  });

  it("reports an access log that cannot be opened", async () => {
    const r = await runTsgi(["serve", "app.ts", "--access-log", "/nonexistent-dir/access.log", ...FREE_PORT]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('tsgi: error: cannot open --access-log "/nonexistent-dir/access.log": ENOENT\n');
  });

  it("serves without the word serve: it is the default command", async () => {
    const r = await runTsgi(["app.ts", "--workers", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('tsgi: error: --workers must be a positive integer or "auto", got "0"\n');
  });

  it("reports a port in use", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await runTsgi(["serve", "app.ts", "--bind", `127.0.0.1:${port}`]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`tsgi: error: cannot listen on 127.0.0.1:${port}: address already in use\n`);
    } finally {
      blocker.close();
    }
  });

  it("lists every option with its default in --help", async () => {
    const r = await runTsgi(["serve", "--help"]);
    expect(r.code).toBe(0);
    for (const option of [
      "--bind <address>",
      "--workers <n>",
      "--timeout <seconds>",
      "--graceful-timeout <seconds>",
      "--keep-alive <seconds>",
      "--headers-timeout <seconds>",
      "--max-requests <n>",
      "--max-requests-jitter <n>",
      "--max-body-size <bytes>",
      "--limit-request-field_size <bytes>",
      "--limit-request-fields <n>",
      "--access-log <file>",
      "--access-log-format <format>",
      "--log-level <level>",
      "--reload",
      "--proxy-headers",
      "--forwarded-allow-ips <list>",
      "--env-file <file>",
    ]) {
      expect(r.stdout).toContain(option);
    }
    const help = r.stdout.replace(/\s+/g, " ");
    for (const shown of ["127.0.0.1:8000", "1", "30", "5", "10", "0", "unlimited", "16384", "100", "none", "Apache combined", "info", "127.0.0.1,::1"]) {
      expect(help).toContain(`default: ${shown})`);
    }
  });
});
