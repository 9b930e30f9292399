// One ESLint config for the whole repository, run by `pnpm test` (root turbo
// task `//#lint:eslint`). Syntax-only (no type information), so a full run
// stays a few seconds on a loaded 2-core machine; `tsc` does the type checks.
// The import rules encode ARCHITECTURE.md: tools/repo-checks/test shows each
// one failing on a bad fixture with the message below.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";
import { noRelativeImportAcrossPackages } from "./tools/repo-checks/src/no-relative-import-across-packages.js";
import { noUndeclaredRuntimeImport } from "./tools/repo-checks/src/no-undeclared-runtime-import.js";

const CODE = ["**/*.{ts,mts,cts,tsx,js,mjs,cjs}"];

/** The packages that are not middleware; every other folder in packages/ is. */
const NOT_MIDDLEWARE = ["core", "server", "testing", "fetch"];

const INTERNALS = {
  regex: "^@tsgi/[^/]+/(src|dist|test)(/|$)",
  message:
    "Import a @tsgi package by its name and its public exports (package.json \"exports\"), never its src/, dist/ or test/ files: those are not published.",
};

/**
 * The import rules for one block. Later blocks replace a rule's options, never
 * merge them, so each block lists every pattern. `no-restricted-imports` does
 * not look at `import("...")`, so the same patterns go to `no-restricted-syntax`.
 */
function restrictImports(...extra) {
  const patterns = [INTERNALS, ...extra];
  const dynamic = patterns.map(({ regex, message }) => ({
    selector: `ImportExpression[source.value=/${regex.replaceAll("/", "\\/")}/]`,
    message,
  }));
  return {
    "no-restricted-imports": ["error", { patterns }],
    "no-restricted-syntax": ["error", ...dynamic],
  };
}

export default defineConfig(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/.turbo/**",
      "**/coverage/**",
      ".node22/**",
      ".node24/**",
      // Deliberately bad code: tools/repo-checks lints it itself and expects errors.
      "tools/repo-checks/test/fixtures/**",
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  {
    files: CODE,
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: { ...globals.node } },
    plugins: {
      tsgi: {
        rules: {
          "no-relative-import-across-packages": noRelativeImportAcrossPackages,
          "no-undeclared-runtime-import": noUndeclaredRuntimeImport,
        },
      },
    },
    rules: {
      "tsgi/no-relative-import-across-packages": "error",
      "tsgi/no-undeclared-runtime-import": "error",
      ...restrictImports(),
      // Matching control characters is the job here (header, status and
      // environ validation, log escaping): every such regex is deliberate.
      "no-control-regex": "off",
      // `let x;` read by a closure before its one assignment is deliberate
      // (a callback that may fire first sees undefined, not a TDZ error).
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      // `_`-prefixed names mark a parameter kept for its position (startResponse, excInfo).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  {
    // Static assets that examples and tests serve run in a browser.
    files: ["**/public/**/*.{js,mjs}"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // A generator that throws before its first yield is how a test builds a
    // body that fails on the first pull.
    files: ["**/test/**"],
    rules: { "require-yield": "off" },
  },
  {
    files: ["packages/core/src/**"],
    rules: {
      ...restrictImports({
        regex: "^@tsgi/(?![^/]+/(src|dist|test)(/|$))",
        message: "@tsgi/core is the bottom layer: its src imports no other @tsgi package (nor itself by name).",
      }),
    },
  },
  {
    files: ["packages/*/src/**"],
    ignores: ["packages/core/**"],
    rules: {
      ...restrictImports({
        regex: "^@tsgi/(?!core(/|$))",
        message: "A package's src may import only @tsgi/core of ours at run time (tests may use @tsgi/testing and @tsgi/server).",
      }),
    },
  },
  {
    files: ["packages/*/src/**"],
    ignores: NOT_MIDDLEWARE.map((name) => `packages/${name}/**`),
    rules: {
      ...restrictImports({
        regex: "^@tsgi/(?!core(/|$))",
        message:
          "Middleware src may import only @tsgi/core of ours at run time (tests may use @tsgi/testing and @tsgi/server), so any server can run it and apps share one core.",
      }),
    },
  },
);
