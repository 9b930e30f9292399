// Adds up vitest's per-package "Tests  N passed | M failed" lines from the CI
// logs and prints one "N passed, N failed" line, the form CI reads.
import { readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
let files = 0;
for (const file of process.argv.slice(2)) {
  if (file.endsWith("-install.txt")) continue;
  const text = readFileSync(file, "utf8").replace(/\x1b\[[0-9;]*m/g, "");
  for (const line of text.split("\n")) {
    const m = /\bTests\s+(.*)\(\d+\)\s*$/.exec(line);
    if (!m) continue;
    files++;
    passed += Number(/(\d+) passed/.exec(m[1])?.[1] ?? 0);
    failed += Number(/(\d+) failed/.exec(m[1])?.[1] ?? 0);
    skipped += Number(/(\d+) skipped/.exec(m[1])?.[1] ?? 0);
  }
}
console.log(`\n== ${files} vitest runs across Node 20, 22 and 24`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || files === 0 ? 1 : 0);
