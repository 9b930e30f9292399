import { fromFetchHandler } from "@tsgi/fetch";
import { fromNodeHandler } from "@tsgi/fetch/node";
import express from "express";
import { Hono } from "hono";

// Apps written for other frameworks, mounted as they are: neither knows its prefix.
const hono = new Hono();
hono.get("/", (c) => c.json({ app: "hono", path: c.req.path }));

const web = express();
web.get("/", (_req, res) => {
  res.json({ app: "express", path: _req.originalUrl });
});

export const honoApp = fromFetchHandler(hono.fetch);
export const expressApp = fromNodeHandler(web);
