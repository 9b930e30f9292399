import { readFileSync, rmSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync } from "node:zlib";
import type { TsgiServer } from "@tsgi/server";
import { expect, it } from "vitest";

const root = new URL("..", import.meta.url);

it("the README's first example runs: served over a real socket, compressed, rewritten, consistent", async () => {
  const readme = readFileSync(new URL("README.md", root), "utf8");
  const example = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
  const file = fileURLToPath(new URL(`test/.readme-example-${process.pid}.ts`, root));
  writeFileSync(file, example.replace('from "@tsgi/rewrite"', 'from "../src/index.js"'));
  process.env.PORT = "0";
  const log = console.log;
  console.log = () => {};
  try {
    const { server } = (await import(file)) as { server: TsgiServer };
    try {
      const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
        http.get(`${server.url}/`, { headers: { "Accept-Encoding": "br, gzip" } }, resolve).on("error", reject),
      );
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      expect(res.headers["content-encoding"]).toBe("br");
      expect(res.headers["vary"]).toBe("Accept-Encoding");
      expect(res.headers["etag"]).toBe('W/"v1"');
      expect(res.headers["content-length"]).toBe(String(body.length));
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      const html = brotliDecompressSync(body).toString();
      expect(html).toContain('<script src="/app.js" defer></script></body>');
      expect(html.endsWith("</html>\n<!-- served by tsgi -->\n")).toBe(true);
    } finally {
      await server.close({ timeout: 2000 });
    }
  } finally {
    console.log = log;
    rmSync(file, { force: true });
  }
});
