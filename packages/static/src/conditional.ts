import type { Environ } from "@tsgi/core";
import { tagListMatches } from "./etag.js";

/** The validators of the representation about to be sent. */
export interface Validators {
  etag: string | undefined;
  /** Last-Modified in whole seconds since the epoch, or undefined when not sent. */
  mtimeSec: number | undefined;
}

export type Precondition = "proceed" | "not-modified" | "failed";

function httpDateSec(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * Evaluates the preconditions in RFC 9110 §13.2.2 order for GET/HEAD:
 * If-Match, else If-Unmodified-Since (412); then If-None-Match, else
 * If-Modified-Since (304). An invalid date is ignored, as the RFC says.
 */
export function evaluatePreconditions(environ: Environ, v: Validators): Precondition {
  const ifMatch = environ.HTTP_IF_MATCH;
  if (ifMatch !== undefined) {
    if (v.etag === undefined ? ifMatch.trim() !== "*" : !tagListMatches(ifMatch, v.etag, true)) return "failed";
  } else {
    const since = httpDateSec(environ.HTTP_IF_UNMODIFIED_SINCE);
    if (since !== undefined && v.mtimeSec !== undefined && v.mtimeSec > since) return "failed";
  }
  const ifNoneMatch = environ.HTTP_IF_NONE_MATCH;
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === "*") return "not-modified";
    return v.etag !== undefined && tagListMatches(ifNoneMatch, v.etag, false) ? "not-modified" : "proceed";
  }
  const since = httpDateSec(environ.HTTP_IF_MODIFIED_SINCE);
  if (since !== undefined && v.mtimeSec !== undefined && v.mtimeSec <= since) return "not-modified";
  return "proceed";
}

/**
 * If-Range (RFC 9110 §13.1.5): the Range applies only when the validator
 * matches: the exact current ETag, or a date equal to Last-Modified.
 * Deliberately, an exact weak ETag matches too: the RFC would refuse it, but
 * Chromium sends the weak ETag it was given when it resumes a media download,
 * and refusing it turns every seek into a download of the whole file.
 */
export function ifRangeHolds(environ: Environ, v: Validators): boolean {
  const ifRange = environ.HTTP_IF_RANGE?.trim();
  if (ifRange === undefined) return true;
  if (ifRange.startsWith('"') || ifRange.startsWith("W/")) return v.etag !== undefined && ifRange === v.etag;
  const date = httpDateSec(ifRange);
  return date !== undefined && v.mtimeSec !== undefined && date === v.mtimeSec;
}
