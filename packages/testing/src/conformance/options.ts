/** What a middleware legitimately does, so the kit does not count it as a fault. All default to false/0. */
export interface ConformanceOptions {
  /**
   * It answers some requests itself without calling the inner app (a static
   * file server, a cache, an auth wall, a redirect). The kit then skips the
   * checks that need the inner app's answer for those requests, but still
   * checks everything the middleware sends.
   */
  answersItself?: boolean;
  /**
   * It changes the response bytes (compression, a footer, a rewriter). The
   * kit then does not compare bytes with the inner app's, and instead checks
   * that Content-Length, ETag and Content-Range no longer claim the old bytes
   * (SPEC [middleware.content-length]).
   */
  changesBody?: boolean;
  /**
   * It replaces a failing inner app's response with its own error page (an
   * error catcher). Either way an inner failure must come out as a 5xx or an
   * aborted response, never as a success.
   */
  handlesErrors?: boolean;
  /**
   * Bytes of the inner body it may hold back before yielding its first byte
   * (a buffering transform, a compressor without per-chunk flush). Default 0:
   * every inner chunk must come out before the next is pulled
   * (SPEC [middleware.streaming]).
   */
  buffersUpTo?: number;
  /**
   * It changes the path the inner app sees (a rewriter, a trailing-slash
   * fixer). Default false: SCRIPT_NAME + PATH_INFO must stay the request's
   * path. Mounting (moving segments from PATH_INFO to SCRIPT_NAME, as
   * shiftPathInfo does) keeps that true and needs no option.
   */
  rewritesPath?: boolean;
  /** Headers added to every request the kit sends (e.g. `[["Accept-Encoding", "gzip"]]` for a compressor). */
  headers?: [string, string][];
  /** The path every request is sent to. Default `/conformance`. */
  path?: string;
  /** Scenario names to skip, with a reason in your test (see `SCENARIOS`). */
  skip?: string[];
  /** A hang guard per scenario, in ms (not a speed test). Default 5000. */
  timeoutMs?: number;
}

/** One broken contract: the scenario and check that failed, the SPEC rule it breaks, and what happened. */
export interface ConformanceFailure {
  /** `<scenario>: <what was checked>`, e.g. `client-abort: inner body closed once`. */
  check: string;
  /** The SPEC.md rule id, e.g. `middleware.close`. */
  rule?: string;
  message: string;
}

export interface ConformanceResult {
  passed: boolean;
  failures: ConformanceFailure[];
}
