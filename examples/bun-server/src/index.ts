export { serveTsgi, type ServeTsgiOptions } from "./serve-tsgi.js";
