// RFC 3986 §3.2.2 host and §3.2 authority, as Rack::Lint checks SERVER_NAME
// and HTTP_HOST. A reg-name may be empty in a Host field (RFC 9112 §3.2), but
// SERVER_NAME must name something, so isHost requires at least one character.
const REG_NAME = String.raw`(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*`;
const IP_LITERAL = String.raw`\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\]`;
const HOST = new RegExp(`^(?:${IP_LITERAL}|${REG_NAME})$`);
const AUTHORITY = new RegExp(`^(?:${IP_LITERAL}|${REG_NAME})(?::[0-9]*)?$`);

/** True for a non-empty RFC 3986 host: a name, an IPv4 address, or an IPv6 literal in brackets. */
export function isHost(text: string): boolean {
  return text !== "" && HOST.test(text);
}

/** True for a Host field value: an RFC 3986 host, possibly empty, and an optional `:port`; no userinfo. */
export function isAuthority(text: string): boolean {
  return AUTHORITY.test(text);
}
