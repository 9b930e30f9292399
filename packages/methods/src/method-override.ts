import { addVary, isToken, type App, type Body, type Environ, type StartResponse } from "@tsgi/core";
import { readFormField } from "./form-field.js";
import { ORIGINAL_METHOD_KEY } from "./original-method.js";
import { overrideConfig, type MethodOverrideOptions, type OverrideConfig } from "./override-config.js";

/**
 * Lets a client that can only send POST (an HTML form, a strict proxy) ask
 * for another method: from a header, a query parameter or a form field, in
 * that order; the first source present decides. Only the `from` methods are
 * overridden, only to the `to` methods; anything else leaves the request as
 * it came. The method it came with is kept in `tsgi.original_method`.
 */
export function methodOverride(app: App, options?: MethodOverrideOptions): App {
  if (typeof app !== "function") throw new TypeError("methodOverride(app): app must be an app function");
  const config = overrideConfig(options);
  const header = config.header;
  // Whether the header is there decides the response, on every request the
  // header is looked at, so caches must key on it each time (RFC 9110 §12.5.5).
  const vary = (startResponse: StartResponse): StartResponse =>
    header === null ? startResponse : (status, headers, excInfo) => startResponse(status, addVary(headers, header.name), excInfo);
  return (environ, startResponse) => {
    if (!config.from.has(environ.REQUEST_METHOD)) return app(environ, startResponse);
    const requested = headerOrQuery(environ, config);
    if (requested !== null || config.field === null) {
      override(environ, config, requested);
      return app(environ, vary(startResponse));
    }
    return fromField(app, environ, vary(startResponse), config, config.field);
  };
}

async function fromField(app: App, environ: Environ, startResponse: StartResponse, config: OverrideConfig, field: string): Promise<Body> {
  override(environ, config, await readFormField(environ, field, config.limit));
  return app(environ, startResponse);
}

function headerOrQuery(environ: Environ, config: OverrideConfig): string | null {
  if (config.header !== null) {
    const value = environ[config.header.key as `HTTP_${string}`];
    if (value !== undefined) return value;
  }
  if (config.query !== null && environ.QUERY_STRING !== "") {
    return new URLSearchParams(environ.QUERY_STRING).get(config.query);
  }
  return null;
}

/** Applies `requested` if it names an allowed target; matching ignores case, since forms often send `delete`. */
function override(environ: Environ, config: OverrideConfig, requested: string | null): void {
  if (requested === null) return;
  const value = requested.trim();
  if (!isToken(value)) return;
  const target = config.to.get(value.toUpperCase());
  if (target === undefined) return;
  // An earlier override already recorded the method the request arrived with.
  environ[ORIGINAL_METHOD_KEY] ??= environ.REQUEST_METHOD;
  environ.REQUEST_METHOD = target;
}
