import { statusHasNoBody } from "../status.js";
import type { HeaderFacts } from "./check-headers.js";
import type { Reporter } from "./reporter.js";

/** What the validator knows about one request while it is in flight. */
export interface RequestState {
  readonly r: Reporter;
  readonly method: string;
  /** For messages: `GET /path`. */
  readonly label: string;
  /** startResponse has been called at least once. */
  started: boolean;
  /** The status code of the latest startResponse, if it had one. */
  code: number | undefined;
  facts: HeaderFacts;
  /** The server has been handed a non-empty chunk or the end of the body. */
  headersSent: boolean;
  /** Body bytes handed to the server since the headers were sent. */
  bytes: number;
  warnedContentType: boolean;
  /** How often the server's startResponse threw for an excInfo after the headers were sent. */
  excInfoThrows: number;
}

export function hasNoBody(code: number | undefined): boolean {
  return code !== undefined && statusHasNoBody(code);
}
