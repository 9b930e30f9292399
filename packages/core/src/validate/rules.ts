/**
 * Every rule of SPEC.md, by id. SPEC.md is normative; this table is its index,
 * so the validator can name the section a violation breaks. A test keeps the
 * two in step: every id in SPEC.md is here and every id here is in SPEC.md.
 */
export interface Rule {
  /** The SPEC.md section that states the rule, e.g. `§3.2`. */
  readonly section: string;
  /** The rule in one line. */
  readonly text: string;
  /** MUST rules are violations; SHOULD rules only produce warnings. */
  readonly level: "MUST" | "SHOULD";
  /** Whether `validate()` checks the rule at run time. */
  readonly checked: boolean;
}

type Entry = [section: string, level: "MUST" | "SHOULD", checked: boolean, text: string];

const table: Record<string, Entry> = {
  // §2 The application
  "app.callable": ["§2", "MUST", true, "An application is a function of (environ, startResponse)."],
  "app.arguments": ["§2", "MUST", true, "The server calls the app with exactly two arguments: a fresh environ and a startResponse function."],
  "app.reentrant": ["§2", "MUST", false, "The app supports being called many times, also while earlier calls are still in progress."],
  "app.opaque": ["§2", "MUST", false, "The server only calls the app; it does not inspect it or depend on what kind of function it is."],
  "app.no-blocking": ["§2", "SHOULD", false, "The app does not block the event loop for long; slow work is awaited."],

  // §3 environ
  "environ.object": ["§3", "MUST", true, "environ is a plain, extensible object (prototype Object.prototype or null) with string keys."],
  "environ.required": ["§3", "MUST", true, "environ has every required key: REQUEST_METHOD, SCRIPT_NAME, PATH_INFO, QUERY_STRING, SERVER_NAME, SERVER_PORT, SERVER_PROTOCOL and the seven tsgi.* keys."],
  "environ.fresh": ["§3", "MUST", true, "The server passes a new environ object to every call of the app; the app may change it freely."],
  // §3.1 CGI variables
  "environ.cgi-string": ["§3.1", "MUST", true, "Every key without a dot has a string value; a variable with no value is absent, never undefined."],
  "environ.latin1": ["§3.1", "MUST", true, "Every string value of a key without a dot, and of tsgi.raw_uri, uses only U+0000–U+00FF."],
  "environ.request-method": ["§3.1", "MUST", true, "REQUEST_METHOD is the request method, a non-empty RFC 9110 token, case preserved."],
  "environ.content-length": ["§3.1", "MUST", true, "CONTENT_LENGTH is absent when the request has no Content-Length, and otherwise a non-empty string of decimal digits."],
  "environ.content-type": ["§3.1", "MUST", false, "CONTENT_TYPE is absent when the request has no Content-Type, and otherwise its field value."],
  "environ.no-http-content": ["§3.1", "MUST", true, "There is no HTTP_CONTENT_TYPE or HTTP_CONTENT_LENGTH key."],
  "environ.server-name": ["§3.1", "MUST", true, "SERVER_NAME is a non-empty RFC 3986 host: a name, an IPv4 address or a bracketed IPv6 literal, with no port."],
  "environ.server-port": ["§3.1", "MUST", true, "SERVER_PORT is a non-empty string of decimal digits."],
  "environ.server-protocol": ["§3.1", "MUST", true, "SERVER_PROTOCOL is the protocol of the request, matching HTTP/<digit>[.<digit>]."],
  "environ.http-keys": ["§3.1", "MUST", true, "Each request header appears as HTTP_ plus its name upper-cased with '-' turned into '_'; such keys have no lower-case letters and no '-'."],
  "environ.http-underscore": ["§3.1", "MUST", false, "The server drops request header fields whose names contain '_'."],
  "environ.http-join": ["§3.1", "MUST", false, "Repeated request header fields become one value joined with ', ' (Cookie with '; '), in order."],
  "environ.http-value": ["§3.1", "MUST", true, "HTTP_* values contain no CR, LF or NUL."],
  "environ.http-host": ["§3.1", "MUST", true, "HTTP_HOST, when present, is a valid Host value: an RFC 3986 host and an optional :port."],
  "environ.remote-addr": ["§3.1", "SHOULD", false, "The server supplies REMOTE_ADDR (and REMOTE_PORT) when it knows the peer address."],
  "environ.request-hop-by-hop": ["§3.1", "MUST", false, "Apps do not rely on hop-by-hop request headers; the server has handled them."],
  // §3.2 The request path
  "environ.script-name": ["§3.2", "MUST", true, "SCRIPT_NAME is '' or starts with '/', and is never exactly '/'."],
  "environ.path-info": ["§3.2", "MUST", true, "PATH_INFO is '', starts with '/', or is '*'."],
  "environ.path-asterisk": ["§3.2", "MUST", true, "PATH_INFO (and tsgi.raw_uri) is '*' only for an OPTIONS request with the asterisk-form target, and then SCRIPT_NAME is ''."],
  "environ.path-nonempty": ["§3.2", "MUST", true, "SCRIPT_NAME and PATH_INFO are not both ''."],
  "environ.path-decoded": ["§3.2", "MUST", false, "PATH_INFO as the server builds it is the request path percent-decoded to latin-1, less any root path, without the query, and not normalised."],
  "environ.path-mount": ["§3.2", "MUST", false, "Routing middleware moves whole segments from PATH_INFO to SCRIPT_NAME; it may drop empty and . segments but never resolves .."],
  "environ.path-invalid": ["§3.2", "MUST", false, "The server answers 400 to a request path with invalid percent-encoding and never calls the app."],
  "environ.query-string": ["§3.2", "MUST", true, "QUERY_STRING is the raw text after the first '?' of the target, not decoded (no whitespace, controls or '#'); '' when there is none."],
  "environ.raw-uri": ["§3.2", "MUST", true, "tsgi.raw_uri, when present, is the request-target exactly as received: origin-form, absolute-form or '*', with no whitespace, controls or '#'."],
  // §3.3 tsgi.* keys
  "environ.tsgi-version": ["§3.3", "MUST", true, "tsgi.version is the array [1, 0]."],
  "environ.url-scheme": ["§3.3", "MUST", true, "tsgi.url_scheme is 'http' or 'https'."],
  "environ.tsgi-flags": ["§3.3", "MUST", true, "tsgi.multithread, tsgi.multiprocess and tsgi.run_once are booleans."],
  "environ.tsgi-reserved": ["§3.3", "MUST", true, "No tsgi.* key other than those this spec defines is present."],
  "environ.tsgi-shared": ["§3.3", "MUST", true, "The optional shared keys tsgi.routing_args, tsgi.original_method and tsgi.dispatch.mount have their types when present."],
  "environ.signal": ["§3.3", "MUST", true, "tsgi.signal, when present, is an AbortSignal that is not aborted when the app is called."],
  "environ.early-hints": ["§3.3", "MUST", true, "tsgi.early_hints, when present, is a function; the app calls it with a non-empty list of Link headers, only before the response headers went out."],
  // §3.4 tsgi.input
  "input.interface": ["§3.4", "MUST", true, "tsgi.input has read(size?), readline(size?) and Symbol.asyncIterator."],
  "input.size-arg": ["§3.4", "MUST", true, "The app passes read and readline no argument, or one: a non-negative integer size."],
  "input.return": ["§3.4", "MUST", true, "read and readline resolve to a Uint8Array of at most size bytes (readline: ending at the first LF); iteration yields Uint8Arrays."],
  "input.eof": ["§3.4", "MUST", true, "An empty result means end of body; once reached, every later read is empty too."],
  "input.content-length": ["§3.4", "MUST", true, "When CONTENT_LENGTH is present the stream yields exactly that many bytes before it ends."],
  "input.terminated": ["§3.4", "MUST", false, "The stream ends at the end of the request body, also for chunked requests, so reading to the end is safe."],
  "input.disconnect": ["§3.4", "MUST", false, "If the body cannot be read to its end (client gone, malformed framing), reads reject with an error instead of ending early."],
  "input.one-at-a-time": ["§3.4", "MUST", true, "The app does not start a read, readline or next() while an earlier one is still pending."],
  "input.no-close": ["§3.4", "MUST", true, "The app never closes tsgi.input and uses no methods beyond read, readline and iteration."],
  "input.unread": ["§3.4", "MUST", false, "The server deals with bytes the app did not read: it drains them or closes the connection."],
  "input.expect-continue": ["§3.4", "MUST", false, "The server answers Expect: 100-continue itself, sending 100 Continue no later than the app's first read."],
  // §3.5 tsgi.errors
  "errors.interface": ["§3.5", "MUST", true, "tsgi.errors has write(text), writelines(lines) and flush()."],
  "errors.write-arg": ["§3.5", "MUST", true, "The app passes write a string and writelines an iterable of strings."],
  "errors.no-close": ["§3.5", "MUST", true, "The app never closes tsgi.errors and uses no other methods."],
  "errors.accept-any": ["§3.5", "MUST", true, "write, writelines and flush accept any string and never throw."],
  // §3.6 Extension keys
  "environ.extension-key": ["§3.6", "SHOULD", true, "Keys with a dot are lower-case letters, digits, '_' and '.', starting with a prefix unique to their owner."],
  "environ.extension-optional": ["§3.6", "MUST", false, "Servers work for apps that ignore their extensions; apps check an extension key is present before using it."],

  // §4 The response
  "app.body-type": ["§4", "MUST", true, "The app returns (or resolves to) a body: an Iterable or AsyncIterable object, not null, a string or a Uint8Array."],
  "body.close-type": ["§4", "MUST", true, "A body's close, when present, is a function."],
  "body.array-fixed": ["§4", "MUST", true, "The app does not change an Array body after returning it."],

  // §5 startResponse
  "start-response.args": ["§5.1", "MUST", true, "startResponse is called with (status, headers) or (status, headers, excInfo)."],
  "start-response.return": ["§5.1", "MUST", true, "startResponse returns undefined."],
  "start-response.server-checks": ["§5.1", "SHOULD", false, "The server checks status and headers inside startResponse and throws there."],
  "status.type": ["§5.2", "MUST", true, "status is a string."],
  "status.format": ["§5.2", "MUST", true, "status is three digits, one space and a non-empty reason phrase, with no surrounding whitespace."],
  "status.code": ["§5.2", "MUST", true, "The status code is from 100 to 599."],
  "status.final": ["§5.2", "MUST", true, "The status is a final status: not 1xx."],
  "status.control-chars": ["§5.2", "MUST", true, "status contains no control characters (only HTAB, SP and visible characters)."],
  "status.latin1": ["§5.2", "MUST", true, "status uses only U+0000–U+00FF."],
  "headers.type": ["§5.3", "MUST", true, "headers is an Array the server can change (not frozen or sealed)."],
  "headers.pair": ["§5.3", "MUST", true, "Each header is an Array of exactly two strings: [name, value]."],
  "headers.name": ["§5.3", "MUST", true, "A header name is an RFC 9110 token."],
  "headers.value": ["§5.3", "MUST", true, "A header value contains no control characters other than HTAB (no CR, LF or NUL)."],
  "headers.latin1": ["§5.3", "MUST", true, "Header values use only U+0000–U+00FF."],
  "headers.status": ["§5.3", "MUST", true, "There is no Status header."],
  "headers.hop-by-hop": ["§5.3", "MUST", true, "There are no hop-by-hop headers: Connection, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade."],
  "headers.content-type": ["§5.3", "SHOULD", true, "A response with a non-empty body has a Content-Type header."],
  "headers.no-content-type": ["§5.3", "MUST", true, "A 1xx, 204 or 304 response has no Content-Type header."],
  "headers.content-length": ["§5.3", "MUST", true, "Content-Length, when present, appears once and is a string of decimal digits."],
  "headers.no-content-length": ["§5.3", "MUST", true, "A 1xx or 204 response has no Content-Length header."],
  "start-response.once": ["§5.4", "MUST", true, "startResponse is called again only with excInfo."],
  "start-response.exc-info-replace": ["§5.4", "MUST", false, "Called with excInfo before the headers were sent, startResponse replaces the stored status and headers."],
  "start-response.exc-info-sent": ["§5.4", "MUST", true, "Called with excInfo after the headers were sent, startResponse throws (SHOULD throw excInfo itself)."],
  "start-response.no-catch": ["§5.4", "MUST", true, "The app does not catch the error startResponse throws for excInfo; it lets it propagate to the server."],
  "start-response.before-body": ["§5.5", "MUST", true, "startResponse has been called before the body yields its first chunk, before it ends, and before an Array body is returned."],
  "start-response.sends-nothing": ["§5.5", "MUST", false, "startResponse sends nothing: headers go out with the first non-empty chunk, or when the body ends empty."],

  // §6 The body
  "body.chunk-type": ["§6", "MUST", true, "Every chunk the body yields is a Uint8Array, through a well-formed iterator result."],
  "body.no-body-status": ["§6", "MUST", true, "The body of a 1xx, 204 or 304 response yields no bytes."],
  "body.content-length": ["§6", "MUST", true, "When Content-Length is set, the body yields exactly that many bytes (except for HEAD and 304)."],
  "body.run-to-end": ["§6", "MUST", false, "The app does not assume the server iterates its body to the end."],
  "body.once": ["§6", "MUST", true, "The server iterates the body at most once; an Array body may also be read by index."],
  "body.one-at-a-time": ["§6", "MUST", true, "The server does not call next() while an earlier next() is still pending."],
  "body.after-close": ["§6", "MUST", true, "The server does not iterate the body after calling close()."],
  "body.iterator-return": ["§6", "MUST", true, "A server that stops iterating before the iterator is done calls the iterator's return() before close()."],
  "body.return-pending": ["§6", "MUST", false, "On a disconnect or timeout the server may call return() while a next() is pending and does not await it before close()."],
  "body.close": ["§6", "MUST", true, "The server calls the body's close() when it is done with the body, however the response ended."],
  "body.close-once": ["§6", "MUST", true, "The server calls close() at most once."],
  "body.server-use": ["§6", "MUST", false, "The server uses only iteration, Array indexing and close() on the body, and does not change its bytes."],

  // §7 Middleware
  "middleware.both-sides": ["§7", "MUST", false, "Middleware obeys the server rules towards the app it wraps and the app rules towards its server."],
  "middleware.close": ["§7.1", "MUST", false, "Middleware that wraps or replaces a body closes the inner body exactly once (also when its server's startResponse throws) and passes return() on at once."],
  "middleware.streaming": ["§7.2", "MUST", false, "Middleware yields at least once per inner chunk and returns its body as soon as the inner app has started; it does not buffer streaming bodies."],
  "middleware.content-length": ["§7.3", "MUST", false, "Middleware that changes the body fixes or removes Content-Length, weakens or removes a strong ETag, removes Content-MD5/Content-Range, and adds no bytes to 204/304."],
  "middleware.exc-info": ["§7.4", "MUST", false, "Middleware that wraps startResponse passes excInfo through, or handles the error itself; it never turns a failure into a success."],
  "middleware.late-exc-info": ["§7.4", "MUST", false, "Middleware that passed the inner head on passes a later excInfo start on to its server (with its edits) while no inner byte went out."],
  "middleware.error-position": ["§7.4", "SHOULD", false, "An error-handling middleware is the outermost one that changes the response, and re-throws once a byte went out."],
  "middleware.environ": ["§7.5", "SHOULD", false, "Middleware that needs the original environ after calling the inner app passes the inner app a copy."],
  "middleware.input": ["§7.5", "MUST", false, "Middleware that reads tsgi.input gives the inner app the bytes again and sets CONTENT_LENGTH to their length."],

  // §8 Server obligations
  "server.headers-timing": ["§8", "MUST", false, "The server sends the status and headers with the first non-empty chunk, or when the body ends without one."],
  "server.streaming": ["§8", "MUST", false, "The server sends each chunk without holding it back for later chunks."],
  "server.content-length": ["§8", "MUST", false, "The server never sends more body bytes than the app's Content-Length (not for HEAD/1xx/204/304); extra bytes are cut and logged, a short body aborts the connection."],
  "server.framing": ["§8", "MUST", false, "Without a Content-Length from the app, the server frames by protocol: chunked on HTTP/1.1, close on HTTP/1.0, END_STREAM on HTTP/2/3; it may compute the length of a fully known body."],
  "server.head": ["§8", "MUST", true, "For HEAD the server sends headers as for GET and no body, and pulls no chunk after the first non-empty one."],
  "server.no-body-status": ["§8", "MUST", false, "The server sends no body for 1xx, 204 and 304 responses."],
  "server.hop-by-hop": ["§8", "MUST", false, "The server never forwards hop-by-hop headers from the app; it treats them as an app error."],
  "server.date": ["§8", "SHOULD", false, "The server adds a Date header when the app did not set one."],
  "server.error-before-headers": ["§8", "MUST", false, "An app error before the headers are sent gives a 500 with a generic body; the error is logged to tsgi.errors and never shown to the client."],
  "server.error-after-headers": ["§8", "MUST", false, "An app error after the headers were sent aborts the connection; the body is never ended cleanly."],
  "server.disconnect": ["§8", "MUST", false, "When the client goes away the server stops iterating, and still calls return() and close()."],
  "server.bad-request": ["§8", "MUST", false, "The server answers 400 to requests it cannot turn into a valid environ, without calling the app."],
  "server.request-framing": ["§8", "MUST", false, "The server answers 400 to a repeated Content-Length, a non-digit Content-Length, or Content-Length with Transfer-Encoding."],
  "server.http2": ["§8", "MUST", false, "An HTTP/2 or HTTP/3 server maps :method, :path and :authority (to HTTP_HOST) and never turns a pseudo-header into an HTTP_ key."],
  "server.root-path": ["§8", "MUST", false, "A server with a root path sets SCRIPT_NAME to it and PATH_INFO to the rest (404 outside it); a trusted X-Forwarded-Prefix goes in front of SCRIPT_NAME."],
  "server.whatwg-request": ["§8", "MUST", false, "A server given a WHATWG Request takes path and query from its URL, headers as joined, Host from the URL, and sets tsgi.raw_uri only when it has the raw target."],
  "server.document": ["§8", "SHOULD", false, "The server documents the extension keys, configuration and optional variables it provides."],
};

function build(): Readonly<Record<string, Rule>> {
  const out: Record<string, Rule> = {};
  for (const [id, [section, level, checked, text]] of Object.entries(table)) {
    out[id] = Object.freeze({ section, level, checked, text });
  }
  return Object.freeze(out);
}

/** Every rule id of SPEC.md → its section, one-line text, level and whether validate() checks it. */
export const RULES: Readonly<Record<string, Rule>> = build();
