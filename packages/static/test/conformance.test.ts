import { assertMiddleware } from "@tsgi/testing/conformance";
import { describe, it } from "vitest";
import { staticFiles } from "../src/index.js";
import { makeTree, MODES } from "./helpers/fixture.js";

describe.each(MODES)("conformance ($mode)", ({ cache }) => {
  it("passes the middleware conformance kit for requests that fall through", async () => {
    const root = makeTree({ "index.html": "<p>home</p>", "other.txt": "x" });
    await assertMiddleware((app) => staticFiles(app, { root, cache }), {});
  });

  it("passes the middleware conformance kit when the path names a file it serves itself", async () => {
    const root = makeTree({ conformance: "served by staticFiles\n".repeat(5000) });
    await assertMiddleware((app) => staticFiles(app, { root, cache }), {
      answersItself: true,
      // The kit's path is a 110 kB file here, streamed from its descriptor, so the inner app is never
      // called: the scenarios that check how the inner app's own status or failure is passed on do
      // not apply (the fall-through run above covers them). HEAD, abort, never-iterated and the
      // sync/async shapes still run against our FileBody.
      skip: ["no-content-204", "not-modified-304", "throws-before-start", "throws-after-start", "fails-mid-stream", "late-exc-info"],
    });
  });
});
