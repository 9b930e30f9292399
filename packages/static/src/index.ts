export { staticFiles, type StaticFilesApp } from "./static-files.js";
export type {
  CacheOptions,
  DotfilesPolicy,
  Encoding,
  HeadersOption,
  StaticOptions,
  SymlinkPolicy,
} from "./options.js";
