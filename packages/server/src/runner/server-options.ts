import type { ServerOptions } from "../options.js";
import { compileAccessLogFormat } from "./access-log.js";
import type { ServeConfig } from "./config.js";
import { openLineSink, type LineSink } from "./line-sink.js";
import { compileTrust } from "./trust-proxy.js";

/** The listener options a ServeConfig asks for, plus the access log they write to. */
export function serverOptionsFor(
  config: Pick<ServeConfig, "forwardedAllowIps" | "forwardedHeaders" | "accessLog" | "accessLogFormat">,
  multiprocess: boolean,
): { server: ServerOptions; accessLog: LineSink | undefined } {
  const server: ServerOptions = { multiprocess };
  if (config.forwardedAllowIps !== undefined) {
    server.trustProxy = compileTrust(config.forwardedAllowIps);
    server.forwardedHeaders = config.forwardedHeaders;
  }
  let accessLog: LineSink | undefined;
  if (config.accessLog !== undefined) {
    const sink = openLineSink(config.accessLog);
    const format = compileAccessLogFormat(config.accessLogFormat);
    server.onResponse = (info) => sink.write(format(info) + "\n");
    accessLog = sink;
  }
  return { server, accessLog };
}
