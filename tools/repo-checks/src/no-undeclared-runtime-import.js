// In a monorepo every package's devDependencies, and the root's, resolve from
// every other package's files, so a src/ import of a package that is only a
// devDependency works here and fails (or pulls in types that are missing) for
// everyone who installs the published package.
import { readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import path from "node:path";

const manifests = new Map();

/** The package.json of the published package whose src/ holds `file`, or undefined. */
function manifestFor(file, root) {
  const parts = path.relative(root, file).split(path.sep);
  if (parts[0] !== "packages" || parts[2] !== "src") return undefined;
  const dir = path.join(root, parts[0], parts[1]);
  if (!manifests.has(dir)) {
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    } catch {
      manifest = undefined;
    }
    manifests.set(dir, manifest);
  }
  return manifests.get(dir);
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageNameOf(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function declared(manifest, name) {
  return [manifest.dependencies, manifest.peerDependencies, manifest.optionalDependencies].some(
    (deps) => deps !== undefined && Object.hasOwn(deps, name),
  );
}

/** @type {import("eslint").Rule.RuleModule} */
export const noUndeclaredRuntimeImport = {
  meta: {
    type: "problem",
    docs: { description: "a published package's src may import only what its package.json declares for run time" },
    schema: [],
    messages: {
      undeclared:
        "'{{name}}' is imported by {{pkg}}'s src but is not in its dependencies or peerDependencies: it resolves here only through the workspace, and not for users who install {{pkg}}",
    },
  },
  create(context) {
    const manifest = manifestFor(context.physicalFilename, context.cwd);
    if (manifest === undefined) return {};
    function check(node) {
      const source = node.source;
      if (!source || source.type !== "Literal" || typeof source.value !== "string") return;
      const specifier = source.value;
      if (specifier.startsWith(".") || specifier.startsWith("/") || isBuiltin(specifier)) return;
      const name = packageNameOf(specifier);
      if (name === manifest.name || declared(manifest, name)) return;
      context.report({ node: source, messageId: "undeclared", data: { name, pkg: manifest.name } });
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
