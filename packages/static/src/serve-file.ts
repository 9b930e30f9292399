import type { Body, Chunk, Environ, HeaderList, StartResponse } from "@tsgi/core";
import { evaluatePreconditions, ifRangeHolds } from "./conditional.js";
import { FileBody, WHOLE_READ_MAX } from "./file-body.js";
import { makeVariant, type FileEntry, type Variant } from "./file-entry.js";
import { planMultipart, type Piece } from "./multipart.js";
import { negotiateEncoding } from "./negotiate-encoding.js";
import { closeFd, openChecked, type OpenedFile } from "./open-file.js";
import type { ResolvedOptions } from "./options.js";
import { planRanges, type ByteRange } from "./ranges.js";
import { contentIdentity } from "./shared-chunks.js";

interface Source {
  variant: Variant;
  /** Undefined when the variant is served from memory. */
  opened: OpenedFile | undefined;
}

function changed(v: Variant, o: OpenedFile): boolean {
  return o.stats.size !== v.size || o.stats.mtimeMs !== v.mtimeMs || o.stats.ino !== v.ino;
}

/**
 * Opens the chosen variant (or identity if that one is gone). A file that
 * changed since the index was built is described from the opened handle; a
 * strong ETag is then left out until refresh(), since hashing would mean
 * reading the file twice.
 */
async function openSource(opts: ResolvedOptions, entry: FileEntry, variant: Variant): Promise<Source | undefined> {
  if (variant.data !== undefined) return { variant, opened: undefined };
  const opened = await openChecked(variant.abs, opts.symlinks, opts.realRoot);
  if (opened === undefined) {
    const identity = entry.variants[0]!;
    return variant === identity ? undefined : openSource(opts, entry, identity);
  }
  if (!changed(variant, opened)) return { variant, opened };
  const fresh = makeVariant(
    { ...opts, etag: opts.etag === "weak" ? "weak" : false },
    entry.file,
    variant.coding,
    opened.stats,
  );
  return { variant: fresh, opened };
}

function replaceLength(headers: HeaderList, length: number, extra: HeaderList): HeaderList {
  const out = headers.map((h): [string, string] => (h[0] === "Content-Length" ? [h[0], String(length)] : h));
  out.push(...extra);
  return out;
}

function respondEmpty(source: Source, startResponse: StartResponse, status: string, headers: HeaderList): Body {
  if (source.opened !== undefined) void closeFd(source.opened.fd);
  startResponse(status, headers);
  return [];
}

function bodyOf(source: Source, pieces: Piece[]): Body {
  const data = source.variant.data;
  if (source.opened !== undefined) {
    const { fd, stats } = source.opened;
    const all = pieces.length === 1 && "range" in pieces[0]! && pieces[0].range.start === 0 && pieces[0].range.end === stats.size - 1;
    const whole = all && stats.size <= WHOLE_READ_MAX ? { identity: contentIdentity(stats), size: stats.size } : undefined;
    return new FileBody(fd, pieces, whole);
  }
  if (pieces.length === 1 && "range" in pieces[0]! && pieces[0].range.end === data!.byteLength - 1 && pieces[0].range.start === 0) {
    return [data!];
  }
  return pieces.map((p): Chunk => ("bytes" in p ? p.bytes : data!.subarray(p.range.start, p.range.end + 1)));
}

function partial(source: Source, entry: FileEntry, ranges: ByteRange[]): { headers: HeaderList; pieces: Piece[] } | undefined {
  const v = source.variant;
  if (ranges.length === 1) {
    const r = ranges[0]!;
    const headers = replaceLength(v.headers, r.end - r.start + 1, [["Content-Range", `bytes ${r.start}-${r.end}/${v.size}`]]);
    return { headers, pieces: [{ range: r }] };
  }
  // Several ranges of a compressed variant would need Content-Encoding inside
  // each part; the whole variant is sent instead.
  if (v.coding !== "identity") return undefined;
  const plan = planMultipart(ranges, v.size, entry.contentType);
  const headers = replaceLength(v.headers, plan.length, []).map((h): [string, string] =>
    h[0] === "Content-Type" ? [h[0], plan.contentType] : h,
  );
  return { headers, pieces: plan.pieces };
}

/**
 * Answers GET or HEAD for a file: picks the coding, opens the file (policy
 * checked on the handle), evaluates preconditions and Range, and returns the
 * body: an Array from memory, or a FileBody whose close() closes the
 * descriptor. A file in memory is answered synchronously (no Promise at
 * all: the fast path). Gives undefined when the file cannot be served after
 * all (gone, or refused by the symlink policy), so the caller falls through.
 */
export function serveFile(
  opts: ResolvedOptions,
  environ: Environ,
  entry: FileEntry,
  startResponse: StartResponse,
): Body | Promise<Body | undefined> | undefined {
  const chosen =
    entry.variants.length === 1
      ? entry.variants[0]!
      : entry.variants[entry.codings.indexOf(negotiateEncoding(environ.HTTP_ACCEPT_ENCODING, entry.codings))]!;
  if (chosen.data !== undefined) return respond(environ, entry, { variant: chosen, opened: undefined }, startResponse);
  return openSource(opts, entry, chosen).then((source) =>
    source === undefined ? undefined : respond(environ, entry, source, startResponse),
  );
}

function respond(environ: Environ, entry: FileEntry, source: Source, startResponse: StartResponse): Body {
  const v = source.variant;
  if (environ.HTTP_IF_MATCH !== undefined || environ.HTTP_IF_NONE_MATCH !== undefined ||
      environ.HTTP_IF_MODIFIED_SINCE !== undefined || environ.HTTP_IF_UNMODIFIED_SINCE !== undefined) {
    const precondition = evaluatePreconditions(environ, v);
    if (precondition === "not-modified") return respondEmpty(source, startResponse, "304 Not Modified", v.notModified.slice());
    if (precondition === "failed") {
      return respondEmpty(source, startResponse, "412 Precondition Failed", [["Content-Length", "0"]]);
    }
  }
  let status = "200 OK";
  let headers = v.headers;
  let pieces: Piece[] = [{ range: { start: 0, end: v.size - 1 } }];
  if (environ.HTTP_RANGE !== undefined && ifRangeHolds(environ, v)) {
    const plan = planRanges(environ.HTTP_RANGE, v.size);
    if (plan.kind === "unsatisfiable") {
      const h: HeaderList = [["Content-Range", `bytes */${v.size}`], ["Content-Length", "0"], ...v.notModified];
      return respondEmpty(source, startResponse, "416 Range Not Satisfiable", h);
    }
    const part = plan.kind === "partial" ? partial(source, entry, plan.ranges) : undefined;
    if (part !== undefined) ({ status, headers, pieces } = { status: "206 Partial Content", ...part });
  }
  if (environ.REQUEST_METHOD === "HEAD" || v.size === 0) return respondEmpty(source, startResponse, status, headers.slice());
  startResponse(status, headers.slice());
  return bodyOf(source, pieces);
}
