import { Command, Option } from "commander";
import type { ServeConfig } from "../runner/config.js";
import { DEFAULTS, resolveConfig } from "../runner/settings.js";
import { settingsFromFlags, type ServeFlags } from "./flags.js";

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Help text with the default the runner applies when the flag is not given. */
const withDefault = (text: string, value: string | number): string => `${text} (default: ${value})`;

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

  const serve = program
    .command("serve", { isDefault: true })
    .description("serve <app>: a module and, optionally, the export to use")
    .argument(
      "<app>",
      "<module>[:<export>] or <module>:<factory>(): a .ts, .mts, .js or .mjs file; the export defaults to `app`, then `default`",
    );
  for (const option of [...listenOptions(), ...limitOptions(), ...logOptions(), ...proxyOptions(), ...tlsOptions(), ...envOptions()]) serve.addOption(option);
  serve.action(async (appArg: string, flags: ServeFlags) => {
    await onServe(resolveConfig(appArg, settingsFromFlags(flags)));
  });
  return program;
}

function listenOptions(): Option[] {
  return [
    new Option("-b, --bind <address>", withDefault("HOST:PORT, [IPV6]:PORT or unix:PATH to listen on; repeat to listen on several", DEFAULTS.bind)).argParser(collect),
    new Option("-w, --workers <n>", withDefault('worker processes: a positive integer, or "auto" for one per CPU', DEFAULTS.workers)),
    new Option(
      "-t, --timeout <seconds>",
      withDefault(
        "a response not finished in time is answered 503 (cut off if already started); a worker that stops responding this long is killed and replaced (0: no limit)",
        DEFAULTS.timeout,
      ),
    ),
    new Option("--graceful-timeout <seconds>", withDefault("on stop, reload or recycle: how long in-flight requests may take to finish", DEFAULTS.gracefulTimeout)),
  ];
}

function limitOptions(): Option[] {
  return [
    new Option("--keep-alive <seconds>", withDefault("how long an idle keep-alive connection stays open (0: close after each response)", DEFAULTS.keepAlive)),
    new Option("--headers-timeout <seconds>", withDefault("time a client has to send the request line and headers (slowloris guard)", DEFAULTS.headersTimeout)),
    new Option("--max-requests <n>", withDefault("recycle a worker after this many requests (0: never)", DEFAULTS.maxRequests)),
    new Option("--max-requests-jitter <n>", withDefault("add a random 0..n to --max-requests per worker, so workers do not recycle together", DEFAULTS.maxRequestsJitter)),
    new Option("--max-body-size <bytes>", "largest request body accepted, e.g. 1048576, 512k, 10m; 413 beyond (default: unlimited)"),
    new Option(
      "--limit-request-field_size <bytes>",
      withDefault("largest request line plus headers, in total (node's maxHeaderSize); 431 beyond", DEFAULTS.limitRequestFieldSize),
    ),
    new Option("--limit-request-fields <n>", withDefault("most header fields in a request (1-32768); 431 beyond", DEFAULTS.limitRequestFields)),
  ];
}

function logOptions(): Option[] {
  return [
    new Option("--access-log <file>", 'write an access log line per request to this file, "-" for stdout (default: none)'),
    new Option("--access-log-format <format>", "gunicorn-style atoms: %(h)s %(t)s %(r)s %(s)s %(b)s %(M)s %({header}i)s … (default: Apache combined)"),
    new Option("--log-level <level>", withDefault("debug, info, warning, error or critical", DEFAULTS.logLevel)),
    new Option("--reload", "development: restart the workers when a source file changes"),
    new Option("--reload-dir <dir>", "directory to watch with --reload; repeatable (default: the current directory)").argParser(collect),
  ];
}

function proxyOptions(): Option[] {
  return [
    new Option("--proxy-headers", "believe the --forwarded-headers (default X-Forwarded-For and -Proto) from --forwarded-allow-ips peers (REMOTE_ADDR, tsgi.url_scheme)"),
    new Option(
      "--forwarded-allow-ips <list>",
      withDefault('comma-separated proxy addresses or CIDRs to trust ("*": any); implies --proxy-headers', DEFAULTS.forwardedAllowIps),
    ),
    new Option(
      "--forwarded-headers <list>",
      withDefault(
        "forwarding headers to believe, by name: x-forwarded-for, x-forwarded-proto, x-forwarded-host, x-forwarded-port, x-forwarded-prefix, forwarded; implies --proxy-headers",
        DEFAULTS.forwardedHeaders,
      ),
    ),
  ];
}

function tlsOptions(): Option[] {
  return [
    new Option("--certfile <file>", "serve HTTPS with this PEM certificate (chain); needs --keyfile; SIGHUP re-reads both"),
    new Option("--keyfile <file>", "the PEM private key of --certfile"),
    new Option("--ca-certs <file>", "PEM CA certificates to trust instead of node's bundle (with --certfile)"),
    new Option("--ciphers <list>", "OpenSSL cipher list for TLS (default: node's)"),
    new Option("--http2", "also speak HTTP/2 (needs --certfile; HTTP/1.1 clients keep working on the same port)"),
  ];
}

function envOptions(): Option[] {
  return [
    new Option("--env-file <file>", "load environment variables from a dotenv file (existing ones win); repeatable").argParser(collect),
  ];
}
