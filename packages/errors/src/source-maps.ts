import { readFile } from "node:fs/promises";
import * as nodeModule from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Where a position of compiled JavaScript came from. */
export interface OriginalPosition {
  file: string;
  line: number;
  column: number;
  /** The original source text, when the map embeds it (`sourcesContent`). */
  content: string | undefined;
}

interface MapPayload {
  sources?: string[];
  sourcesContent?: (string | null)[];
  sourceRoot?: string;
}

interface LoadedMap {
  map: nodeModule.SourceMap;
  payload: MapPayload;
  url: URL;
}

const MAX_CACHED = 200;
const cache = new Map<string, Promise<LoadedMap | undefined>>();

/**
 * Maps a 1-based line and column of a JavaScript file to its original
 * (TypeScript) source. Node's own source-map data is used when it has it
 * (`--enable-source-maps`, or tsx); otherwise the file's `sourceMappingURL`
 * (inline `data:` or a `.map` file beside it) is read and decoded with
 * node's `module.SourceMap`. Undefined when there is no map or no entry.
 */
export async function originalPosition(file: string, line: number, column: number): Promise<OriginalPosition | undefined> {
  const loaded = await loadMap(file);
  if (loaded === undefined) return undefined;
  const entry = loaded.map.findEntry(line - 1, column - 1) as Partial<nodeModule.SourceMapping>;
  if (entry.originalSource === undefined || entry.originalLine === undefined) return undefined;
  const source = new URL(entry.originalSource, sourceBase(loaded));
  const index = loaded.payload.sources?.findIndex((s) => new URL(s, sourceBase(loaded)).href === source.href) ?? -1;
  const content = index >= 0 ? loaded.payload.sourcesContent?.[index] ?? undefined : undefined;
  const shown = source.protocol === "file:" ? fileURLToPath(source) : source.href;
  return { file: shown, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1, content };
}

function sourceBase(loaded: LoadedMap): URL {
  const root = loaded.payload.sourceRoot;
  return root ? new URL(root.endsWith("/") ? root : `${root}/`, loaded.url) : loaded.url;
}

function loadMap(file: string): Promise<LoadedMap | undefined> {
  let loaded = cache.get(file);
  if (loaded === undefined) {
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    loaded = readMap(file).catch(() => undefined);
    cache.set(file, loaded);
  }
  return loaded;
}

async function readMap(file: string): Promise<LoadedMap | undefined> {
  const url = file.startsWith("file:") ? new URL(file) : pathToFileURL(file);
  const known = nodeModule.findSourceMap?.(fileURLToPath(url));
  if (known !== undefined) return { map: known, payload: known.payload as MapPayload, url };
  const code = await readFile(url, "utf8");
  const reference = /\/\/[#@] sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
  if (reference === undefined) return undefined;
  const mapUrl = new URL(reference, url);
  const text = mapUrl.protocol === "data:" ? decodeDataUrl(mapUrl.href) : await readFile(mapUrl, "utf8");
  const payload = JSON.parse(text) as MapPayload & nodeModule.SourceMapPayload;
  return { map: new nodeModule.SourceMap(payload), payload, url: mapUrl.protocol === "data:" ? url : mapUrl };
}

function decodeDataUrl(href: string): string {
  const comma = href.indexOf(",");
  const meta = href.slice(5, comma);
  const data = href.slice(comma + 1);
  return meta.endsWith(";base64") ? Buffer.from(data, "base64").toString("utf8") : decodeURIComponent(data);
}
