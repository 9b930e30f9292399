// Express 5 + the compression package (br q4 / gzip level 6 by default) on the 100 KiB JSON body.
import compression from "compression";
import express from "express";
import { reportWhenListening } from "../serve-child.js";
import { json } from "./rewrite-json.js";

const app = express();
app.disable("x-powered-by");
app.set("etag", false);
app.use(compression());
app.get("/", (_req, res) => {
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Content-Length", String(json.length));
  res.end(json);
});
reportWhenListening(app.listen(0, "127.0.0.1"));
