import { Command, Option } from "commander";
import { COMBINED_FORMAT, compileAccessLogFormat } from "../runner/access-log.js";
import { parseAppSpec } from "../runner/app-spec.js";
import { bindLabel, parseBind } from "../runner/bind.js";
import { usageError } from "./cli-error.js";
import { DEFAULTS, type ServeConfig } from "../runner/config.js";
import { parseTlsFlags, type TlsFlags } from "../runner/tls-flags.js";
import { compileTrust, parseForwardedHeaders } from "../runner/trust-proxy.js";
import { parseBytes, parseCount, parseLogLevel, parseSeconds, parseWorkers } from "./values.js";

/** The raw strings commander collected for `serve` (run() builds the same from its options). */
export interface ServeFlags extends TlsFlags {
  bind?: string[];
  workers: string;
  timeout: string;
  gracefulTimeout: string;
  keepAlive: string;
  headersTimeout: string;
  maxRequests: string;
  maxRequestsJitter: string;
  maxBodySize?: string;
  limitRequestField_size: string;
  limitRequestFields: string;
  accessLog?: string;
  accessLogFormat?: string;
  logLevel: string;
  reload?: boolean;
  reloadDir?: string[];
  proxyHeaders?: boolean;
  forwardedAllowIps?: string;
  forwardedHeaders?: string;
  envFile?: string[];
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Turns the flags into a checked ServeConfig; throws CliError (exit 2) on the first bad value. */
export function buildConfig(appArg: string, flags: ServeFlags): ServeConfig {
  const settings = buildSettings(flags);
  return { ...settings, app: parseAppSpec(appArg) };
}

/** Everything but the app: what run({ app }) needs too. */
export function buildSettings(flags: ServeFlags): Omit<ServeConfig, "app"> {
  const binds = (flags.bind ?? [DEFAULTS.bind]).map(parseBind);
  const config: Omit<ServeConfig, "app"> = {
    binds,
    workers: parseWorkers("--workers", flags.workers),
    timeout: parseSeconds("--timeout", flags.timeout),
    gracefulTimeout: parseSeconds("--graceful-timeout", flags.gracefulTimeout),
    keepAlive: parseSeconds("--keep-alive", flags.keepAlive),
    headersTimeout: parseSeconds("--headers-timeout", flags.headersTimeout),
    maxRequests: parseCount("--max-requests", flags.maxRequests),
    maxRequestsJitter: parseCount("--max-requests-jitter", flags.maxRequestsJitter),
    maxBodySize: flags.maxBodySize === undefined ? undefined : parseBytes("--max-body-size", flags.maxBodySize),
    limitRequestFieldSize: parseBytes("--limit-request-field_size", flags.limitRequestField_size),
    limitRequestFields: parseCount("--limit-request-fields", flags.limitRequestFields, { min: 1, max: 32768 }),
    accessLog: flags.accessLog,
    accessLogFormat: flags.accessLogFormat ?? COMBINED_FORMAT,
    logLevel: parseLogLevel("--log-level", flags.logLevel),
    reload: flags.reload === true,
    reloadDirs: flags.reloadDir ?? [],
    forwardedAllowIps:
      flags.proxyHeaders === true || flags.forwardedAllowIps !== undefined || flags.forwardedHeaders !== undefined
        ? (flags.forwardedAllowIps ?? DEFAULTS.forwardedAllowIps)
        : undefined,
    forwardedHeaders: parseForwardedHeaders(flags.forwardedHeaders ?? DEFAULTS.forwardedHeaders),
    envFiles: flags.envFile ?? [],
  };
  const tls = parseTlsFlags(flags);
  if (tls !== undefined) config.tls = tls;
  if (flags.http2 === true) config.http2 = true;
  // A second listen on the same address would only fail later, in a worker, as "address already in use".
  const seen = new Set<string>();
  for (const bind of binds) {
    const label = bindLabel(bind);
    if (seen.has(label) && !(bind.kind === "tcp" && bind.port === 0)) throw usageError(`--bind "${label}" is given twice`);
    seen.add(label);
  }
  if (config.headersTimeout === 0) throw usageError(`--headers-timeout must be more than 0 seconds, got "${flags.headersTimeout}"`);
  if (config.limitRequestFieldSize < 1024) {
    throw usageError(`--limit-request-field_size must be at least 1024 bytes, got "${flags.limitRequestField_size}"`);
  }
  // Compile now so a bad format or address list fails before any worker starts.
  compileAccessLogFormat(config.accessLogFormat);
  if (config.forwardedAllowIps !== undefined) compileTrust(config.forwardedAllowIps);
  return config;
}

/**
 * The `tsgi` command line. `onServe` receives the checked config; parse
 * errors are thrown (exitOverride) so main() decides how to exit.
 */
export function createProgram(version: string, onServe: (config: ServeConfig) => Promise<void>): Command {
  const program = new Command("tsgi")
    .description("The tsgi production server: serve a tsgi app with a supervisor and worker processes.")
    .version(version, "-v, --version")
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, "tsgi: error: ")) });

  program
    .command("serve", { isDefault: true })
    .description("serve <app>: a module and, optionally, the export to use")
    .argument(
      "<app>",
      "<module>[:<export>] or <module>:<factory>(): a .ts, .mts, .js or .mjs file; the export defaults to `app`, then `default`",
    )
    .addOption(
      new Option(
        "-b, --bind <address>",
        `HOST:PORT, [IPV6]:PORT or unix:PATH to listen on; repeat to listen on several (default: ${DEFAULTS.bind})`,
      ).argParser(collect),
    )
    .addOption(new Option("-w, --workers <n>", 'worker processes: a positive integer, or "auto" for one per CPU').default(DEFAULTS.workers, DEFAULTS.workers))
    .addOption(
      new Option(
        "-t, --timeout <seconds>",
        "a response not finished in time is answered 503 (cut off if already started); a worker that stops responding this long is killed and replaced (0: no limit)",
      ).default(DEFAULTS.timeout, DEFAULTS.timeout),
    )
    .addOption(
      new Option("--graceful-timeout <seconds>", "on stop, reload or recycle: how long in-flight requests may take to finish").default(DEFAULTS.gracefulTimeout, DEFAULTS.gracefulTimeout),
    )
    .addOption(new Option("--keep-alive <seconds>", "how long an idle keep-alive connection stays open (0: close after each response)").default(DEFAULTS.keepAlive, DEFAULTS.keepAlive))
    .addOption(new Option("--headers-timeout <seconds>", "time a client has to send the request line and headers (slowloris guard)").default(DEFAULTS.headersTimeout, DEFAULTS.headersTimeout))
    .addOption(new Option("--max-requests <n>", "recycle a worker after this many requests (0: never)").default(DEFAULTS.maxRequests, DEFAULTS.maxRequests))
    .addOption(new Option("--max-requests-jitter <n>", "add a random 0..n to --max-requests per worker, so workers do not recycle together").default(DEFAULTS.maxRequestsJitter, DEFAULTS.maxRequestsJitter))
    .addOption(new Option("--max-body-size <bytes>", "largest request body accepted, e.g. 1048576, 512k, 10m; 413 beyond (default: unlimited)"))
    .addOption(
      new Option("--limit-request-field_size <bytes>", "largest request line plus headers, in total (node's maxHeaderSize); 431 beyond").default(DEFAULTS.limitRequestFieldSize, DEFAULTS.limitRequestFieldSize),
    )
    .addOption(new Option("--limit-request-fields <n>", "most header fields in a request (1-32768); 431 beyond").default(DEFAULTS.limitRequestFields, DEFAULTS.limitRequestFields))
    .addOption(new Option("--access-log <file>", 'write an access log line per request to this file, "-" for stdout (default: none)'))
    .addOption(
      new Option("--access-log-format <format>", "gunicorn-style atoms: %(h)s %(t)s %(r)s %(s)s %(b)s %(M)s %({header}i)s … (default: Apache combined)"),
    )
    .addOption(new Option("--log-level <level>", "debug, info, warning, error or critical").default(DEFAULTS.logLevel, DEFAULTS.logLevel))
    .option("--reload", "development: restart the workers when a source file changes")
    .addOption(new Option("--reload-dir <dir>", "directory to watch with --reload; repeatable (default: the current directory)").argParser(collect))
    .option("--proxy-headers", "believe the --forwarded-headers (default X-Forwarded-For and -Proto) from --forwarded-allow-ips peers (REMOTE_ADDR, tsgi.url_scheme)")
    .addOption(
      new Option(
        "--forwarded-allow-ips <list>",
        `comma-separated proxy addresses or CIDRs to trust ("*": any); implies --proxy-headers (default: ${DEFAULTS.forwardedAllowIps})`,
      ),
    )
    .addOption(
      new Option(
        "--forwarded-headers <list>",
        `forwarding headers to believe, by name: x-forwarded-for, x-forwarded-proto, x-forwarded-host, x-forwarded-port, x-forwarded-prefix, forwarded; implies --proxy-headers (default: ${DEFAULTS.forwardedHeaders})`,
      ),
    )
    .addOption(new Option("--certfile <file>", "serve HTTPS with this PEM certificate (chain); needs --keyfile; SIGHUP re-reads both"))
    .addOption(new Option("--keyfile <file>", "the PEM private key of --certfile"))
    .addOption(new Option("--ca-certs <file>", "PEM CA certificates to trust instead of node's bundle (with --certfile)"))
    .addOption(new Option("--ciphers <list>", "OpenSSL cipher list for TLS (default: node's)"))
    .option("--http2", "also speak HTTP/2 (needs --certfile; HTTP/1.1 clients keep working on the same port)")
    .addOption(new Option("--env-file <file>", "load environment variables from a dotenv file (existing ones win); repeatable").argParser(collect))
    .action(async (appArg: string, flags: ServeFlags) => {
      await onServe(buildConfig(appArg, flags));
    });

  return program;
}
