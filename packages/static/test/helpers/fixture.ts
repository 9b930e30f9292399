import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { App } from "@tsgi/core";
import { afterEach } from "vitest";

/** A file tree: path → contents (string, bytes) or a symlink `{ link: target }`. */
export type Tree = Record<string, string | Uint8Array | { link: string }>;

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes `tree` into a fresh temp directory (removed after the test) and returns its path. */
export function makeTree(tree: Tree, mtime = new Date("2026-01-02T03:04:05Z")): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsgi-static-"));
  made.push(dir);
  writeTree(dir, tree, mtime);
  return dir;
}

export function writeTree(dir: string, tree: Tree, mtime = new Date("2026-01-02T03:04:05Z")): void {
  for (const [rel, content] of Object.entries(tree)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (typeof content === "object" && "link" in content) {
      fs.symlinkSync(content.link, abs);
      continue;
    }
    fs.writeFileSync(abs, content);
    fs.utimesSync(abs, mtime, mtime);
  }
}

/** An app that answers 404 with a marker, so a test sees when staticFiles fell through. */
export const fallback: App = (environ, startResponse) => {
  const body = new TextEncoder().encode(`app saw ${environ.PATH_INFO}`);
  startResponse("404 Not Found", [
    ["Content-Type", "text/plain; charset=utf-8"],
    ["Content-Length", String(body.byteLength)],
  ]);
  return [body];
};

/** Both modes every behaviour must hold in: the startup index, and on-disk lookups. */
export const MODES = [
  { mode: "index", cache: undefined },
  { mode: "disk", cache: false as const },
];
