import type { ExcInfo, HeaderList, StartResponse } from "../types.js";
import { checkHeaders } from "./check-headers.js";
import { checkStatus } from "./check-status.js";
import { describeValue } from "../describe-value.js";
import type { RequestState } from "./request-state.js";

/**
 * The startResponse the app sees (SPEC.md §5): checks the app's arguments and
 * call order before handing them to the server's startResponse, and checks
 * that the server re-throws excInfo once the headers are out.
 */
export function wrapStartResponse(server: StartResponse, state: RequestState): StartResponse {
  const { r } = state;
  return function startResponse(this: unknown, status: string, headers: HeaderList, excInfo?: ExcInfo): void {
    if (arguments.length < 2 || arguments.length > 3) {
      r.failIntoApp("start-response.args", `startResponse takes (status, headers, excInfo?), got ${arguments.length} arguments`);
    }
    if (excInfo === undefined && state.started) {
      r.failIntoApp("start-response.once", "startResponse was called a second time without excInfo");
    }
    if (excInfo !== undefined && state.headersSent) {
      // The server must throw here; whatever it throws goes to the app unchanged.
      try {
        server(status, headers, excInfo);
      } catch (error) {
        state.excInfoThrows++;
        if (error !== excInfo) {
          r.warn("start-response.exc-info-sent", `startResponse threw ${describeValue(error)} instead of re-throwing excInfo after the headers were sent`);
        }
        throw error;
      }
      r.failIntoApp("start-response.exc-info-sent", "startResponse returned normally when called with excInfo after the headers were sent; it must throw");
      return;
    }
    const code = checkStatus(status, r);
    const facts = checkHeaders(headers, code, r);
    state.started = true;
    state.code = code;
    state.facts = facts;
    const result: unknown = excInfo === undefined ? server(status, headers) : server(status, headers, excInfo);
    if (result !== undefined) {
      r.failIntoApp("start-response.return", `the server's startResponse must return undefined, got ${describeValue(result)}`);
    }
  };
}
