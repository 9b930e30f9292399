// The floor for large files: node:http + fs.stat + fs.createReadStream(path).pipe(res), no checks at all.
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { reportWhenListening } from "../serve-child.js";

const root = process.env.STATIC_ROOT!;
reportWhenListening(
  http.createServer((req, res) => {
    const file = path.join(root, req.url!.split("?")[0]!);
    fs.stat(file, (error, st) => {
      if (error || !st.isFile()) {
        res.statusCode = 404;
        res.end();
        return;
      }
      res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": st.size });
      fs.createReadStream(file).pipe(res);
    });
  }),
);
