export { toFetchHandler, type FetchHandler, type ToFetchHandlerOptions } from "./to-fetch-handler.js";
export { fromFetchHandler, type FetchStyleHandler, type FromFetchHandlerOptions } from "./from-fetch-handler.js";
export type { HeaderEncoding } from "./header-bytes.js";
