import { Hono } from "hono";

// A plain Hono app: its routes know nothing about the /hono prefix.
export const honoApp = new Hono();

honoApp.get("/hello", (c) => {
  c.header("Set-Cookie", "from=hono; Path=/hono", { append: true });
  c.header("Set-Cookie", "flavour=fetch; Path=/hono", { append: true });
  return c.json({ app: "hono", path: c.req.path, url: c.req.url, query: c.req.query("q") ?? null });
});

honoApp.post("/upload", async (c) => {
  let bytes = 0;
  const reader = c.req.raw.body!.getReader();
  for (let step = await reader.read(); !step.done; step = await reader.read()) bytes += step.value.byteLength;
  return c.json({ app: "hono", bytes });
});
