import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

// Issue #14 item 4 over a real pipe: a child writes the access log to its stdout while this test does not read it.

const WRITER = fileURLToPath(new URL("../fixtures/stalled-log-writer.ts", import.meta.url));

it("past the bound, a stalled pipe reader loses only counted lines: the writer never waits, stderr says how many were dropped", async () => {
  const count = 3000;
  const child = spawn(process.execPath, ["--import", "tsx", WRITER, String(count), "20000"], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const kill = setTimeout(() => child.kill("SIGKILL"), 30_000);
  let err = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  // Nothing reads stdout until the writer has offered every line: ~300 KB against a 64 KiB pipe.
  await expect.poll(() => err, { timeout: 20_000, interval: 50 }).toMatch(/written\n/);
  expect(err).toMatch(/access log: its reader is not keeping up: dropping lines until it does/);
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  expect(await exited).toBe(0);
  clearTimeout(kill);
  const lines = out.split("\n").slice(0, -1);
  const numbers = lines.map((line) => Number(/^line (\d{6}) x{86}$/.exec(line)?.[1] ?? NaN));
  expect(numbers.filter((n, i) => !(n > (numbers[i - 1] ?? -1)))).toEqual([]);
  // The parent's pipe reads ahead even while nothing consumes it, so the queue may run empty and
  // drop again more than once (Node 24 did): every report counts.
  const dropped = [...err.matchAll(/access log: dropped (\d+) lines?/g)].reduce((sum, match) => sum + Number(match[1]), 0);
  expect(dropped).toBeGreaterThan(0);
  expect(lines.length + dropped).toBe(count);
});
