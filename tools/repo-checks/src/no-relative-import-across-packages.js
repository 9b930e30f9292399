// A relative import that climbs out of its own package (`../../core/src/x.js`)
// couples two packages through files that neither package publishes: it works
// in the monorepo and breaks for every user who installs from npm.
import path from "node:path";

/** Package roots: the folder right under one of these workspace folders. */
const WORKSPACE_FOLDERS = ["packages", "examples", "tools"];

/**
 * The root folder of the package that holds `file`, relative to `root`, or
 * undefined when the file is in none (then the rule has nothing to say).
 * `bench/` is one package of its own.
 */
export function packageRootOf(file, root) {
  const parts = path.relative(root, file).split(path.sep);
  if (parts[0] === "bench") return "bench";
  if (WORKSPACE_FOLDERS.includes(parts[0]) && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return undefined;
}

/** Published packages may neither reach out of themselves nor be reached into. */
function isPublished(pkgRoot) {
  return pkgRoot.startsWith("packages/");
}

function sourceOf(node) {
  const source = node.source;
  return source && source.type === "Literal" && typeof source.value === "string" ? source : undefined;
}

/** @type {import("eslint").Rule.RuleModule} */
export const noRelativeImportAcrossPackages = {
  meta: {
    type: "problem",
    docs: { description: "forbid relative imports that leave their package or reach into a published one" },
    schema: [],
    messages: {
      across:
        "'{{source}}' reaches from {{from}} into {{to}}: import another package by its name and its public exports, never by a relative path into its files",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = context.physicalFilename;
    const from = packageRootOf(file, root);
    if (from === undefined) return {};
    function check(node) {
      const source = sourceOf(node);
      if (!source || !source.value.startsWith(".")) return;
      const target = path.resolve(path.dirname(file), source.value);
      const to = packageRootOf(target, root) ?? path.relative(root, target);
      if (to === from || !(isPublished(from) || isPublished(to))) return;
      context.report({ node: source, messageId: "across", data: { source: source.value, from, to } });
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
