import { execSync } from "node:child_process";
import type { App } from "@tsgi/core";
import { makeServer, type TsgiServer } from "@tsgi/server";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "../app.js";

function findChromium(): string | undefined {
  try {
    return execSync("command -v chromium || command -v chromium-browser", { encoding: "utf8", shell: "/bin/sh" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const executablePath = findChromium();
if (executablePath === undefined && !process.env.CI) {
  console.warn("browser test skipped: no chromium on PATH (apt-get install -y chromium); in CI this fails instead");
}

interface Seen {
  path: string;
  status: number;
  type: string | undefined;
  range: string | undefined;
  ifRange?: string | undefined;
  conditional: boolean;
}

/** Records what the server answered, so the test sees 304s and 206s as they went over the wire. */
function recording(inner: App, seen: Seen[]): App {
  return (environ, startResponse) =>
    inner(environ, (status, headers, excInfo) => {
      seen.push({
        path: environ.PATH_INFO,
        status: Number(status.slice(0, 3)),
        type: headers.find(([n]) => n.toLowerCase() === "content-type")?.[1],
        range: environ.HTTP_RANGE,
        ifRange: environ.HTTP_IF_RANGE,
        conditional: environ.HTTP_IF_NONE_MATCH !== undefined || environ.HTTP_IF_MODIFIED_SINCE !== undefined,
      });
      startResponse(status, headers, excInfo);
    });
}

describe.skipIf(executablePath === undefined && !process.env.CI)("the static site in headless Chromium", () => {
  const seen: Seen[] = [];
  let server: TsgiServer;
  let browser: Browser;

  beforeAll(async () => {
    if (executablePath === undefined) throw new Error("CI: chromium is not installed (.ci/run installs it with apt)");
    server = makeServer("127.0.0.1", 0, recording(app, seen));
    await server.listen();
    browser = await chromium.launch({
      executablePath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--autoplay-policy=no-user-gesture-required"],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close({ timeout: 1000 });
  });

  it("renders the page with every asset typed right, and a reload revalidates with 304s", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => document.title === "tsgi static site: ready", undefined, { timeout: 20_000 });
    expect(await page.textContent("#status")).toBe("app says: hello from the app");
    expect(await page.$eval("h1", (h) => getComputedStyle(h).color)).toBe("rgb(51, 85, 170)");
    expect(await page.$eval("#logo", (img) => (img as HTMLImageElement).naturalWidth)).toBe(64);

    const typeOf = (p: string) => seen.find((s) => s.path === p && s.status === 200)?.type;
    expect(typeOf("/")).toBe("text/html; charset=utf-8");
    expect(typeOf("/style.css")).toBe("text/css; charset=utf-8");
    expect(typeOf("/app.js")).toBe("text/javascript; charset=utf-8");
    expect(typeOf("/logo.png")).toBe("image/png");
    expect(typeOf("/api/hello")).toBe("application/json");

    const before = seen.length;
    await page.reload();
    await page.waitForFunction(() => document.title === "tsgi static site: ready", undefined, { timeout: 20_000 });
    const reloaded = seen.slice(before);
    const revalidated = reloaded.filter((s) => s.status === 304).map((s) => s.path);
    expect(revalidated).toContain("/");
    expect(revalidated.length).toBeGreaterThanOrEqual(2);
    expect(reloaded.filter((s) => s.status === 304).every((s) => s.conditional)).toBe(true);

    const videoOnLoad = seen.filter((s) => s.path === "/media/clip.webm");
    expect(videoOnLoad.every((s) => s.status === 206 || s.status === 304), JSON.stringify(videoOnLoad)).toBe(true);
    await page.close();
  }, 60_000);

  it("seeks the video with a range request answered 206 (on a slow link, so the end is not buffered yet)", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false, latency: 20, downloadThroughput: 64 * 1024, uploadThroughput: 64 * 1024,
    });
    const before = seen.length;
    await page.goto(`${server.url}/`);
    const seekedTo = await page.evaluate(async () => {
      const video = document.querySelector("video")!;
      if (video.readyState < 1) await new Promise((r) => video.addEventListener("loadedmetadata", r, { once: true }));
      video.currentTime = 7;
      await new Promise((r) => video.addEventListener("seeked", r, { once: true }));
      return video.currentTime;
    });
    expect(seekedTo).toBeGreaterThan(6.5);
    const video = seen.slice(before).filter((s) => s.path === "/media/clip.webm");
    expect(video.length, JSON.stringify(video)).toBeGreaterThan(0);
    expect(video.every((s) => s.status === 206 || (s.status === 304 && s.conditional)), JSON.stringify(video)).toBe(true);
    expect(video[0]?.type).toBe("video/webm");
    // The seek asked for bytes past the start of the file.
    expect(video.some((s) => /^bytes=([1-9]\d*)-/.test(s.range ?? "")), JSON.stringify(video)).toBe(true);
    await context.close();
  }, 60_000);
});
