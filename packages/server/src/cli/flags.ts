import { checkLogLevel } from "../runner/logger.js";
import type { ServeSettings } from "../runner/settings.js";
import { COUNT_SETTINGS, SECONDS_SETTINGS, type CountSetting, type SecondsSetting } from "../runner/setting-values.js";
import type { TlsSettings } from "../runner/tls-settings.js";
import { countFlag, secondsFlag, workersFlag } from "./values.js";

/** The strings commander collected for `serve`: only the flags given (the runner knows the defaults). */
export interface ServeFlags extends TlsSettings, Partial<Record<SecondsSetting | CountSetting, string>> {
  bind?: string[];
  workers?: string;
  maxBodySize?: string;
  limitRequestField_size?: string;
  accessLog?: string;
  accessLogFormat?: string;
  logLevel?: string;
  reload?: boolean;
  reloadDir?: string[];
  proxyHeaders?: boolean;
  forwardedAllowIps?: string;
  forwardedHeaders?: string;
  envFile?: string[];
}

/** Flags the settings take as they are: addresses, paths, sizes with units, lists, switches. */
const AS_GIVEN = [
  "bind", "maxBodySize", "accessLog", "accessLogFormat", "reload", "proxyHeaders", "forwardedAllowIps",
  "forwardedHeaders", "envFile", "certfile", "keyfile", "caCerts", "ciphers", "http2",
] as const satisfies readonly (keyof ServeFlags & keyof ServeSettings)[];

/** The flags as the runner's typed settings: numbers become numbers, the rest passes as given. */
export function settingsFromFlags(flags: ServeFlags): ServeSettings {
  const settings: Record<string, unknown> = {};
  for (const key of AS_GIVEN) if (flags[key] !== undefined) settings[key] = flags[key];
  if (flags.workers !== undefined) settings.workers = workersFlag(flags.workers);
  for (const key of Object.keys(SECONDS_SETTINGS) as SecondsSetting[]) {
    const text = flags[key];
    if (text !== undefined) settings[key] = secondsFlag(key, text);
  }
  for (const key of Object.keys(COUNT_SETTINGS) as CountSetting[]) {
    const text = flags[key];
    if (text !== undefined) settings[key] = countFlag(key, text);
  }
  if (flags.limitRequestField_size !== undefined) settings.limitRequestFieldSize = flags.limitRequestField_size;
  if (flags.reloadDir !== undefined) settings.reloadDirs = flags.reloadDir;
  if (flags.logLevel !== undefined) settings.logLevel = checkLogLevel(flags.logLevel);
  return settings as ServeSettings;
}
