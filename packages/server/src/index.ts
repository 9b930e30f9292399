export type { ResponseInfo, ServerOptions } from "./options.js";
export { FORWARDED_HEADERS, DEFAULT_FORWARDED_HEADERS, type ForwardedHeader } from "./forwarded-headers.js";
export { createRequestListener, type RequestListener, type TsgiRequestListener } from "./request-listener.js";
export { makeServer, type TsgiServer } from "./make-server.js";
export { serve, type ServeOptions } from "./serve.js";
export type { CloseOptions } from "./graceful-close.js";
export type { TlsOptions } from "./tls-options.js";
export { run, type RunOptions, type RunningServer } from "./run.js";
