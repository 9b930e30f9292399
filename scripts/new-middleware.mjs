#!/usr/bin/env node
// `pnpm new:middleware <name> [description]`: creates packages/<name> from
// scripts/templates/middleware, ready to build, test, lint and publish.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const templates = join(root, "scripts", "templates", "middleware");

function fail(message) {
  process.stderr.write(`new:middleware: ${message}\n`);
  process.exit(2);
}

// The part after "@tsgi/": npm's rules for a name (lowercase, URL-safe, no
// leading dot or underscore, at most 214 characters with the scope).
export function checkName(name) {
  if (name === undefined || name === "") return "give the package name: pnpm new:middleware <name> [description]";
  if (name.startsWith("@")) return `give the name without the scope: ${name.replace(/^@[^/]*\//, "")}`;
  // npm: lowercase and URL-safe, not starting with "." or "_".
  if (!/^[a-z0-9~-][a-z0-9._~-]*$/.test(name)) {
    return `"${name}" is not a valid package name: use lowercase letters, digits and single hyphens, starting with a letter`;
  }
  // Ours: the name becomes the function's name (request-id → requestId).
  if (!/^[a-z][a-z0-9-]*$/.test(name) || name.endsWith("-") || name.includes("--")) {
    return `"${name}" is a valid npm name but not a middleware name: it becomes the function's name, so use lowercase letters, digits and single hyphens, starting with a letter`;
  }
  if (`@tsgi/${name}`.length > 214) return `"${name}" is too long for an npm name`;
  if (existsSync(join(root, "packages", name))) return `packages/${name} exists already: pick another name`;
  return undefined;
}

const camel = (name) => name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const pascal = (name) => camel(name).replace(/^./, (c) => c.toUpperCase());

function render(text, values) {
  return text.replace(/__(NAME|IDENT|TYPE|DESCRIPTION)__/g, (_, key) => values[key]);
}

function* templateFiles(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* templateFiles(path);
    else yield path;
  }
}

function main([name, ...words]) {
  const problem = checkName(name);
  if (problem !== undefined) fail(problem);
  const values = {
    NAME: name,
    IDENT: camel(name),
    TYPE: pascal(name),
    DESCRIPTION: words.join(" ") || `tsgi middleware: ${name}.`,
  };
  const target = join(root, "packages", name);
  const written = [];
  for (const file of templateFiles(templates)) {
    const rel = render(relative(templates, file), values).replace(/\.tmpl$/, "");
    const out = rel === "changeset.md" ? join(root, ".changeset", `${name}-new-package.md`) : join(target, rel);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, render(readFileSync(file, "utf8"), values));
    written.push(relative(root, out));
  }
  process.stdout.write(
    `created @tsgi/${name}:\n${written.map((f) => `  ${f}`).join("\n")}\n\n` +
      `next: pnpm install && pnpm --filter @tsgi/${name}... build && pnpm --filter @tsgi/${name} test\n`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
