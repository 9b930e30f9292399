// sirv 3 in production mode (dev: false: its startup file table) on node:http, serving STATIC_ROOT.
import * as http from "node:http";
import sirv from "sirv";
import { reportWhenListening } from "../serve-child.js";

const handler = sirv(process.env.STATIC_ROOT!, { dev: false, etag: true });
reportWhenListening(http.createServer((req, res) => handler(req, res, () => { res.statusCode = 404; res.end(); })));
