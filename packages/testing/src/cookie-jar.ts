/** One stored cookie. */
export interface Cookie {
  name: string;
  value: string;
  /** Lower-case, without a leading dot. */
  domain: string;
  /** True when the cookie had no Domain attribute: it goes back to exactly that host. */
  hostOnly: boolean;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  /** When it expires (ms since the epoch); undefined for a session cookie. */
  expires: number | undefined;
}

/** Where a cookie set by hand applies. */
export interface CookieScope {
  /** @default "localhost" */
  domain?: string;
  /** @default "/" */
  path?: string;
  /** @default false */
  secure?: boolean;
}

/**
 * A cookie store for a test client, following RFC 6265's storage and
 * matching rules: Domain (host-only unless given), Path (default: the
 * request's directory), Max-Age over Expires, a past expiry deletes,
 * Secure cookies go only to https. SameSite is not enforced, since every
 * request from the client is same-site.
 */
export class CookieJar implements Iterable<Cookie> {
  #cookies: Cookie[] = [];

  /** Stores the cookie of one Set-Cookie header received from `url`; ignores invalid ones. */
  setCookie(header: string, url: URL, now = Date.now()): void {
    const [pair = "", ...attributes] = header.split(";");
    const eq = pair.indexOf("=");
    if (eq === -1) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (name === "") return;
    const host = url.hostname.toLowerCase();
    const cookie: Cookie = {
      name,
      value,
      domain: host,
      hostOnly: true,
      path: defaultPath(url.pathname),
      secure: false,
      httpOnly: false,
      expires: undefined,
    };
    let maxAge: number | undefined;
    for (const attribute of attributes) {
      const at = attribute.indexOf("=");
      const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
      const arg = at === -1 ? "" : attribute.slice(at + 1).trim();
      if (key === "expires") {
        const time = Date.parse(arg);
        if (!Number.isNaN(time)) cookie.expires = time;
      } else if (key === "max-age") {
        if (/^-?\d+$/.test(arg)) maxAge = Number(arg);
      } else if (key === "domain") {
        const domain = arg.replace(/^\./, "").toLowerCase();
        if (domain === "") continue;
        if (!domainMatches(host, domain)) return;
        cookie.domain = domain;
        cookie.hostOnly = false;
      } else if (key === "path") {
        if (arg.startsWith("/")) cookie.path = arg;
      } else if (key === "secure") {
        cookie.secure = true;
      } else if (key === "httponly") {
        cookie.httpOnly = true;
      }
    }
    if (maxAge !== undefined) cookie.expires = maxAge <= 0 ? -Infinity : now + maxAge * 1000;
    this.#store(cookie, now);
  }

  /** The Cookie header to send to `url`, or undefined when no cookie applies. */
  cookieHeader(url: URL, now = Date.now()): string | undefined {
    const matching = this.matching(url, now);
    return matching.length === 0 ? undefined : matching.map((c) => `${c.name}=${c.value}`).join("; ");
  }

  /** The cookies that would be sent to `url`, longest path first (RFC 6265 §5.4). */
  matching(url: URL, now = Date.now()): Cookie[] {
    this.#expire(now);
    const host = url.hostname.toLowerCase();
    const https = url.protocol === "https:";
    return this.#cookies
      .filter(
        (c) =>
          (c.hostOnly ? host === c.domain : domainMatches(host, c.domain)) &&
          pathMatches(url.pathname, c.path) &&
          (!c.secure || https),
      )
      .sort((a, b) => b.path.length - a.path.length);
  }

  /** The value of the first stored cookie named `name` (any domain and path), or undefined. */
  get(name: string): string | undefined {
    this.#expire(Date.now());
    return this.#cookies.find((c) => c.name === name)?.value;
  }

  /** Stores a cookie by hand, as if the app had set it. */
  set(name: string, value: string, scope: CookieScope = {}): void {
    this.#store(
      {
        name,
        value,
        domain: (scope.domain ?? "localhost").toLowerCase(),
        hostOnly: scope.domain === undefined,
        path: scope.path ?? "/",
        secure: scope.secure ?? false,
        httpOnly: false,
        expires: undefined,
      },
      Date.now(),
    );
  }

  /** Removes every cookie named `name`. */
  delete(name: string): void {
    this.#cookies = this.#cookies.filter((c) => c.name !== name);
  }

  clear(): void {
    this.#cookies = [];
  }

  get size(): number {
    this.#expire(Date.now());
    return this.#cookies.length;
  }

  [Symbol.iterator](): Iterator<Cookie> {
    this.#expire(Date.now());
    return this.#cookies.map((c) => ({ ...c }))[Symbol.iterator]();
  }

  #store(cookie: Cookie, now: number): void {
    // Same name, domain and path: the new cookie replaces the old (or deletes it when expired).
    this.#cookies = this.#cookies.filter(
      (c) => !(c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path),
    );
    if (cookie.expires === undefined || cookie.expires > now) this.#cookies.push(cookie);
  }

  #expire(now: number): void {
    this.#cookies = this.#cookies.filter((c) => c.expires === undefined || c.expires > now);
  }
}

function domainMatches(host: string, domain: string): boolean {
  return host === domain || (host.endsWith("." + domain) && !/^[\d.]+$/.test(host));
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

/** RFC 6265 §5.1.4: the directory of the request path. */
function defaultPath(path: string): string {
  const last = path.lastIndexOf("/");
  return last <= 0 ? "/" : path.slice(0, last);
}
