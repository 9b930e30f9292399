import { checkResponseHead, type HeaderList, type StartResponse } from "@tsgi/core";

/** The status and headers an app gave, checked as SPEC §5 and [start-response.server-checks] say. */
export interface Head {
  status: string;
  code: number;
  reason: string;
  headers: HeaderList;
  /** The app's Content-Length, or -1. */
  contentLength: number;
}

/**
 * The server's side of `startResponse` (SPEC §5.1, §5.4): the first call is
 * kept; a later call needs `excInfo` and replaces it only while nothing was
 * sent, otherwise `excInfo` is thrown back to the app.
 */
export class ResponseStart {
  #head: Head | undefined;
  #sent = false;

  readonly startResponse: StartResponse = (status, headers, excInfo) => {
    if (this.#head !== undefined) {
      if (excInfo === undefined) throw new Error("startResponse called a second time without excInfo (SPEC [start-response.once])");
      if (this.#sent) throw excInfo;
    }
    // Throws a TypeError into the app for a head no server could send (hop-by-hop, two Content-Lengths …).
    const { code, reason, contentLength } = checkResponseHead(status, headers);
    this.#head = { status, code, reason, headers: headers.slice(), contentLength };
  };

  get head(): Head | undefined {
    return this.#head;
  }

  /** From now on the head is on the wire: excInfo is re-thrown ([start-response.exc-info-sent]). */
  markSent(): Head {
    if (this.#head === undefined) throw new Error("the body yielded before the app called startResponse (SPEC §5.5)");
    this.#sent = true;
    return this.#head;
  }
}
