import { COMBINED_FORMAT, compileAccessLogFormat } from "./access-log.js";
import { parseAppSpec } from "./app-spec.js";
import { bindLabel, parseBind, type Bind } from "./bind.js";
import { usageError } from "../cli/cli-error.js";
import type { ServeConfig } from "./config.js";
import { checkLogLevel, type LogLevel } from "./logger.js";
import {
  checkCount,
  checkWorkers,
  COUNT_SETTINGS,
  SECONDS_SETTINGS,
  toBytes,
  toMilliseconds,
  type CountSetting,
  type SecondsSetting,
} from "./setting-values.js";
import { resolveTls, type TlsSettings } from "./tls-settings.js";
import { compileTrust, parseForwardedHeaders } from "./trust-proxy.js";

/**
 * What the runner is asked to do, in the user's units: seconds, bytes as a
 * number or `"10m"`. run() takes these as its options; the CLI turns its
 * flags into them. resolveSettings() checks them into a ServeConfig.
 */
export interface ServeSettings extends TlsSettings {
  /** `HOST:PORT`, `[IPV6]:PORT` or `unix:PATH`, or several. @default "127.0.0.1:8000" */
  bind?: string | string[];
  /** @default 1 */
  workers?: number | "auto";
  /** Seconds a response may take (503 beyond); with workers, also the heartbeat limit. 0: none. @default 30 */
  timeout?: number;
  /** @default 30 */
  gracefulTimeout?: number;
  /** @default 5 */
  keepAlive?: number;
  /** @default 10 */
  headersTimeout?: number;
  /** @default 0 (never) */
  maxRequests?: number;
  /** @default 0 */
  maxRequestsJitter?: number;
  /** Bytes (`1048576`) or with a unit (`"1m"`). @default unlimited */
  maxBodySize?: number | string;
  /** @default 16384 */
  limitRequestFieldSize?: number | string;
  /** @default 100 */
  limitRequestFields?: number;
  /** A file, or `"-"` for stdout. @default none */
  accessLog?: string;
  /** @default Apache combined */
  accessLogFormat?: string;
  /** @default "info" */
  logLevel?: LogLevel;
  reload?: boolean;
  reloadDirs?: string[];
  proxyHeaders?: boolean;
  /** @default "127.0.0.1,::1" when proxyHeaders is on */
  forwardedAllowIps?: string;
  /** Forwarding headers believed from trusted proxies, e.g. `"x-forwarded-for,x-forwarded-proto,x-forwarded-host"`; implies proxyHeaders. @default "x-forwarded-for,x-forwarded-proto" */
  forwardedHeaders?: string | string[];
  envFile?: string | string[];
}

/** The defaults of ServeSettings, in the same units (`tsgi serve --help` shows them). */
export const DEFAULTS = {
  bind: "127.0.0.1:8000",
  workers: 1,
  timeout: 30,
  gracefulTimeout: 30,
  keepAlive: 5,
  headersTimeout: 10,
  maxRequests: 0,
  maxRequestsJitter: 0,
  limitRequestFieldSize: 16384,
  limitRequestFields: 100,
  logLevel: "info",
  forwardedAllowIps: "127.0.0.1,::1",
  forwardedHeaders: "x-forwarded-for,x-forwarded-proto",
} as const;

/** Everything but the app: what run({ app }) serves with. */
export type Settings = Omit<ServeConfig, "app">;

/** The settings plus the app module (`path/to/app.ts[:export]`): what the supervisor and its workers run. */
export function resolveConfig(module: string, settings: ServeSettings): ServeConfig {
  const resolved = resolveSettings(settings);
  return { ...resolved, app: parseAppSpec(module) };
}

/** Checks the settings and puts them in base units (ms, bytes); throws CliError (exit 2) on the first bad one. */
export function resolveSettings(settings: ServeSettings): Settings {
  const binds = listOf(settings.bind ?? DEFAULTS.bind).map(parseBind);
  const config: Settings = {
    binds,
    workers: checkWorkers(settings.workers ?? DEFAULTS.workers),
    ...durations(settings),
    ...counts(settings),
    maxBodySize: settings.maxBodySize === undefined ? undefined : toBytes("--max-body-size", settings.maxBodySize),
    limitRequestFieldSize: toBytes("--limit-request-field_size", settings.limitRequestFieldSize ?? DEFAULTS.limitRequestFieldSize),
    accessLog: settings.accessLog,
    accessLogFormat: settings.accessLogFormat ?? COMBINED_FORMAT,
    logLevel: checkLogLevel(settings.logLevel ?? DEFAULTS.logLevel),
    reload: settings.reload === true,
    reloadDirs: settings.reloadDirs ?? [],
    ...proxying(settings),
    envFiles: listOf(settings.envFile ?? []),
  };
  const tls = resolveTls(settings);
  if (tls !== undefined) config.tls = tls;
  if (settings.http2 === true) config.http2 = true;
  checkTogether(config, settings);
  return config;
}

function listOf(value: string | readonly string[]): string[] {
  return typeof value === "string" ? [value] : [...value];
}

function durations(settings: ServeSettings): Record<SecondsSetting, number> {
  const out = {} as Record<SecondsSetting, number>;
  for (const key of Object.keys(SECONDS_SETTINGS) as SecondsSetting[]) out[key] = toMilliseconds(key, settings[key] ?? DEFAULTS[key]);
  return out;
}

function counts(settings: ServeSettings): Record<CountSetting, number> {
  const out = {} as Record<CountSetting, number>;
  for (const key of Object.keys(COUNT_SETTINGS) as CountSetting[]) out[key] = checkCount(key, settings[key] ?? DEFAULTS[key]);
  return out;
}

/** Forwarding headers are believed only when asked for: by proxyHeaders, or by naming the proxies or the headers. */
function proxying(settings: ServeSettings): Pick<Settings, "forwardedAllowIps" | "forwardedHeaders"> {
  const trusted = settings.proxyHeaders === true || settings.forwardedAllowIps !== undefined || settings.forwardedHeaders !== undefined;
  return {
    forwardedAllowIps: trusted ? (settings.forwardedAllowIps ?? DEFAULTS.forwardedAllowIps) : undefined,
    forwardedHeaders: parseForwardedHeaders(settings.forwardedHeaders ?? DEFAULTS.forwardedHeaders),
  };
}

/** What only fails in a worker later, or only in combination: checked before any worker starts. */
function checkTogether(config: Settings, settings: ServeSettings): void {
  checkDistinct(config.binds);
  if (config.headersTimeout === 0) throw usageError(`--headers-timeout must be more than 0 seconds, got "${String(settings.headersTimeout)}"`);
  if (config.limitRequestFieldSize < 1024) {
    throw usageError(`--limit-request-field_size must be at least 1024 bytes, got "${String(settings.limitRequestFieldSize)}"`);
  }
  // Compiled now so a bad format or address list fails before any worker starts.
  compileAccessLogFormat(config.accessLogFormat);
  if (config.forwardedAllowIps !== undefined) compileTrust(config.forwardedAllowIps);
}

/** A second listen on the same address would only fail later, in a worker, as "address already in use". */
function checkDistinct(binds: readonly Bind[]): void {
  const seen = new Set<string>();
  for (const bind of binds) {
    const label = bindLabel(bind);
    if (seen.has(label) && !(bind.kind === "tcp" && bind.port === 0)) throw usageError(`--bind "${label}" is given twice`);
    seen.add(label);
  }
}
