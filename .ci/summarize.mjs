// Adds up vitest's per-package "Tests  N passed | M failed" lines from the CI
// logs and prints one "N passed, N failed" line, the form CI reads. Before it,
// the names of failing tests and tasks, so the tail of the log (often all
// that is kept of a CI run) says what broke and on which Node.
import { basename } from "node:path";
import { readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
let files = 0;
const failures = [];
for (const file of process.argv.slice(2)) {
  if (file.endsWith("-install.txt")) continue;
  const label = basename(file, ".txt");
  const text = readFileSync(file, "utf8").replace(/\x1b\[[0-9;]*m/g, "");
  for (const line of text.split("\n")) {
    if (isFailure(line)) failures.push(`${label}: ${line.trim()}`);
    const m = /\bTests\s+(.*)\(\d+\)\s*$/.exec(line);
    if (!m) continue;
    files++;
    passed += Number(/(\d+) passed/.exec(m[1])?.[1] ?? 0);
    failed += Number(/(\d+) failed/.exec(m[1])?.[1] ?? 0);
    skipped += Number(/(\d+) skipped/.exec(m[1])?.[1] ?? 0);
  }
}

/** vitest's "FAIL file > test" and "× test" lines, turbo's "Failed: task" and ERR_PNPM lines. */
function isFailure(line) {
  const text = line.replace(/^\S+:\S+: /, ""); // turbo's "pkg:task: " prefix
  return /^\s*(FAIL\s|×\s|✗\s)/.test(text) || /^\s*Failed:\s/.test(text) || /ERR_PNPM_|ELIFECYCLE/.test(text);
}

const unique = [...new Set(failures)];
if (unique.length > 0) {
  console.log(`\n== what failed (${unique.length} lines)`);
  for (const line of unique.slice(0, 60)) console.log(line);
}
console.log(`\n== ${files} vitest runs across Node 20, 22 and 24`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || files === 0 ? 1 : 0);
