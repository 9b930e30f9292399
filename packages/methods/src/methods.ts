import { isToken, type App, type Body, type Environ, type StartResponse } from "@tsgi/core";
import { automaticHead } from "./automatic-head.js";
import { automaticOptions } from "./automatic-options.js";
import { booleanOption, checkOptions } from "./check-options.js";
import { DEFAULT_KNOWN_METHODS, knownPredicate, type KnownMethods } from "./known-methods.js";
import { sortMethods } from "./method-order.js";
import { methodTokens } from "./method-tokens.js";
import { plainResponse, sendPlain } from "./plain-response.js";

/** Handlers by method token, case-sensitive: `{ GET: app, POST: app, PROPFIND: app }`. */
export type MethodTable = { readonly [method: string]: App };

export interface MethodsOptions {
  /**
   * Methods the server recognises; a valid token outside this set and the
   * table gets 501 instead of 405. A list, or a predicate.
   * @default DEFAULT_KNOWN_METHODS (RFC 9110's eight, PATCH, QUERY)
   */
  known?: KnownMethods;
  /** Answer HEAD with the GET handler when the table has GET and no HEAD. @default true */
  head?: boolean;
  /** Answer OPTIONS (204 + Allow) when the table has no OPTIONS. @default true */
  options?: boolean;
  /** The `Allow` of the automatic answer to `OPTIONS *`. @default the methods this table serves */
  serverMethods?: Iterable<string>;
}

const OPTION_NAMES = ["known", "head", "options", "serverMethods"] as const;
const BAD_REQUEST = plainResponse("400 Bad Request");
const NOT_ALLOWED = plainResponse("405 Method Not Allowed");
const NOT_IMPLEMENTED = plainResponse("501 Not Implemented");

/**
 * Routes a request to the handler for its method (RFC 9110 §9). A method the
 * table does not serve gets `405` with `Allow`, a method the server does not
 * know `501`, a method that is not a token `400`. HEAD and OPTIONS are
 * answered automatically unless the table has them or the options say no.
 */
export function methods(table: MethodTable, options?: MethodsOptions): App {
  const opts = checkOptions(options, OPTION_NAMES, "methods()");
  const routes = tableRoutes(table);
  if (booleanOption(opts.head, "options.head", true) && routes.has("GET") && !routes.has("HEAD")) {
    routes.set("HEAD", automaticHead(routes.get("GET")!));
  }
  const autoOptions = booleanOption(opts.options, "options.options", true) && !routes.has("OPTIONS");
  const served = new Set(routes.keys());
  if (autoOptions) served.add("OPTIONS");
  const allow = sortMethods(served).join(", ");
  if (autoOptions) routes.set("OPTIONS", automaticOptions(allow, serverAllow(opts.serverMethods, allow)));
  const isKnown = knownPredicate((opts.known as KnownMethods | undefined) ?? DEFAULT_KNOWN_METHODS, served);
  const refuse = (environ: Environ, startResponse: StartResponse): Body => {
    const method = environ.REQUEST_METHOD;
    if (!isToken(method)) return sendPlain(startResponse, BAD_REQUEST);
    if (!isKnown(method)) return sendPlain(startResponse, NOT_IMPLEMENTED);
    return sendPlain(startResponse, NOT_ALLOWED, [["Allow", allow]]);
  };
  // One Map lookup and a direct call: the handler's body is passed on as is.
  return (environ, startResponse) => (routes.get(environ.REQUEST_METHOD) ?? refuse)(environ, startResponse);
}

function tableRoutes(table: MethodTable): Map<string, App> {
  if (table === null || typeof table !== "object" || Array.isArray(table)) {
    throw new TypeError("methods(): the table must be an object of method → app, like { GET: app }");
  }
  const routes = new Map<string, App>();
  for (const [method, app] of Object.entries(table)) {
    if (!isToken(method)) throw new TypeError(`methods(): ${JSON.stringify(method)} is not a method token (RFC 9110 §9.1)`);
    if (typeof app !== "function") throw new TypeError(`methods(): the handler for ${method} must be an app function, got ${typeof app}`);
    routes.set(method, app);
  }
  if (routes.size === 0) throw new TypeError("methods(): the table serves no method");
  return routes;
}

function serverAllow(serverMethods: unknown, allow: string): string {
  return serverMethods === undefined ? allow : sortMethods(methodTokens(serverMethods, "options.serverMethods")).join(", ");
}
