import type { Environ, HeaderList } from "../types.js";
import { isToken } from "../http-syntax.js";
import { describeValue } from "../describe-value.js";
import type { RequestState } from "./request-state.js";

const CR_LF_NUL = /[\r\n\u0000]/;

/**
 * The optional keys a server offers for its protocol (SPEC §3.3): checks
 * tsgi.signal as the app is called, and wraps tsgi.early_hints in `env` (the
 * app's copy) so that each call is checked when it is made.
 */
export function checkProtocolKeys(env: Environ, state: RequestState): void {
  if ("tsgi.signal" in env) checkSignal(env["tsgi.signal"], state);
  if ("tsgi.early_hints" in env) {
    const send = env["tsgi.early_hints"];
    if (typeof send !== "function") {
      state.r.fail("environ.early-hints", `tsgi.early_hints must be a function taking a header list, got ${describeValue(send)}`);
      return;
    }
    env["tsgi.early_hints"] = (headers: HeaderList) => {
      checkHints(headers, state);
      send(headers);
    };
  }
}

function checkSignal(signal: unknown, state: RequestState): void {
  const isSignal = typeof AbortSignal === "function" ? signal instanceof AbortSignal : typeof (signal as AbortSignal | null)?.aborted === "boolean";
  if (!isSignal) {
    state.r.fail("environ.signal", `tsgi.signal must be an AbortSignal, got ${describeValue(signal)}`);
  } else if ((signal as AbortSignal).aborted) {
    state.r.fail("environ.signal", "tsgi.signal is already aborted when the app is called");
  }
}

function checkHints(headers: unknown, state: RequestState): void {
  const { r } = state;
  if (state.headersSent) {
    r.failIntoApp("environ.early-hints", `tsgi.early_hints was called after the response headers went out (${state.label})`);
  }
  if (!Array.isArray(headers) || headers.length === 0) {
    r.failIntoApp("environ.early-hints", `tsgi.early_hints takes a non-empty header list, got ${describeValue(headers)}`);
    return;
  }
  for (const header of headers as unknown[]) {
    const [name, value] = Array.isArray(header) && header.length === 2 ? (header as unknown[]) : [undefined, undefined];
    if (typeof name !== "string" || typeof value !== "string" || !isToken(name) || CR_LF_NUL.test(value)) {
      r.failIntoApp("environ.early-hints", `each early hint must be a [name, value] pair of valid strings, got ${describeValue(header)}`);
    } else if (name.toLowerCase() !== "link") {
      r.failIntoApp("environ.early-hints", `early hints carry only Link headers, got ${JSON.stringify(name)}`);
    }
  }
}
