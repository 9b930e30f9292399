import express from "express";

// A plain Express app: mounted under /express, it sees req.baseUrl "/express".
export const expressApp: express.Express = express();

expressApp.get("/hello", (req, res) => {
  res.cookie("from", "express", { path: "/express" });
  res.cookie("flavour", "node", { path: "/express" });
  res.json({ app: "express", url: req.url, baseUrl: req.baseUrl, originalUrl: req.originalUrl, query: req.query.q ?? null });
});

expressApp.post("/upload", async (req, res) => {
  let bytes = 0;
  let chunks = 0;
  for await (const chunk of req) {
    bytes += (chunk as Buffer).byteLength;
    chunks++;
  }
  res.json({ app: "express", bytes, chunks });
});

expressApp.get("/fail", () => {
  throw new Error("express route failed");
});
