import type { ExcInfo, HeaderList, StartResponse } from "./types.js";

/** What the default `accept` of createStartResponse keeps of a startResponse call. */
export interface StartedHead {
  status: string;
  headers: HeaderList;
}

/**
 * Turns the status and headers of an accepted startResponse call into what
 * the server keeps (a parsed head, say). It may throw to refuse them: the
 * app sees the error, from inside its own startResponse call (SPEC
 * [start-response.server-checks]).
 */
export type AcceptHead<H> = (status: string, headers: HeaderList, excInfo: ExcInfo | undefined) => H;

export const SECOND_START_WITHOUT_EXC_INFO = "startResponse was called a second time without excInfo (SPEC §5.4)";

/**
 * The server's side of startResponse (SPEC §5.4), written once for every
 * server, bridge and test harness: a second call is refused unless it
 * carries excInfo, and once the headers are sent (`markSent()`) a call with
 * excInfo re-throws it, so the app sees its own error again.
 */
export class ResponseStart<H> {
  #head: H | undefined = undefined;
  #sent = false;
  readonly #accept: AcceptHead<H>;

  constructor(accept: AcceptHead<H>) {
    this.#accept = accept;
  }

  readonly startResponse: StartResponse = (status, headers, excInfo) => {
    if (excInfo !== undefined) {
      if (this.#sent) throw excInfo;
    } else if (this.#head !== undefined) {
      throw new Error(SECOND_START_WITHOUT_EXC_INFO);
    }
    this.#head = this.#accept(status, headers, excInfo);
  };

  /** What the last accepted call left, or undefined before the app called startResponse. */
  get head(): H | undefined {
    return this.#head;
  }

  /** True once the headers went out. */
  get sent(): boolean {
    return this.#sent;
  }

  /** The headers went out: from now on the status cannot change. */
  markSent(): void {
    this.#sent = true;
  }
}

const keepAsGiven: AcceptHead<StartedHead> = (status, headers) => ({ status, headers });

/** A ResponseStart; without `accept` it keeps the status and headers as given. */
export function createStartResponse(): ResponseStart<StartedHead>;
export function createStartResponse<H>(accept: AcceptHead<H>): ResponseStart<H>;
export function createStartResponse<H>(accept?: AcceptHead<H>): ResponseStart<H> | ResponseStart<StartedHead> {
  return accept === undefined ? new ResponseStart(keepAsGiven) : new ResponseStart(accept);
}
