export { fromNodeHandler, type NodeHandler, type NodeHandlerApp } from "./from-node-handler.js";
