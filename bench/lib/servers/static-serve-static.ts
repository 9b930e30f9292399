// serve-static 2 (send) with finalhandler as next, on node:http, serving STATIC_ROOT.
import * as http from "node:http";
import finalhandler from "finalhandler";
import serveStatic from "serve-static";
import { reportWhenListening } from "../serve-child.js";

const serve = serveStatic(process.env.STATIC_ROOT!);
reportWhenListening(http.createServer((req, res) => serve(req, res, finalhandler(req, res))));
