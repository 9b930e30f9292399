import type { HeaderList } from "./types.js";

// Header names are compared case-insensitively (RFC 9110 §5.1) without
// normalising the list: apps and middleware keep the spelling they chose.
function same(a: string, lowerB: string): boolean {
  return a.length === lowerB.length && (a === lowerB || a.toLowerCase() === lowerB);
}

/** The first value of `name`, or undefined. */
export function getHeader(headers: HeaderList, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [n, v] of headers) if (same(n, lower)) return v;
  return undefined;
}

/** Every value of `name`, in order (for Set-Cookie and other repeatable fields). */
export function getAllHeaders(headers: HeaderList, name: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  for (const [n, v] of headers) if (same(n, lower)) out.push(v);
  return out;
}

export function hasHeader(headers: HeaderList, name: string): boolean {
  return getHeader(headers, name) !== undefined;
}

/** Removes every field named `name`, in place. Returns how many were removed. */
export function deleteHeader(headers: HeaderList, name: string): number {
  const lower = name.toLowerCase();
  let kept = 0;
  const before = headers.length;
  for (let i = 0; i < before; i++) {
    const h = headers[i]!;
    if (!same(h[0], lower)) headers[kept++] = h;
  }
  headers.length = kept;
  return before - kept;
}

/**
 * Replaces every field named `name` with one `[name, value]`, in place. The
 * field keeps the position of its first occurrence, or is appended.
 */
export function setHeader(headers: HeaderList, name: string, value: string): HeaderList {
  const lower = name.toLowerCase();
  const at = headers.findIndex(([n]) => same(n, lower));
  if (at === -1) {
    headers.push([name, value]);
    return headers;
  }
  headers[at] = [name, value];
  let kept = at + 1;
  for (let i = at + 1; i < headers.length; i++) {
    const h = headers[i]!;
    if (!same(h[0], lower)) headers[kept++] = h;
  }
  headers.length = kept;
  return headers;
}

/** Adds a field without touching existing ones, in place. */
export function appendHeader(headers: HeaderList, name: string, value: string): HeaderList {
  headers.push([name, value]);
  return headers;
}

/**
 * A case-insensitive view over a header list, for code that prefers methods.
 * It edits the list it wraps, so the list can still be passed to startResponse.
 */
export class HeaderMap {
  constructor(readonly list: HeaderList = []) {}
  get(name: string): string | undefined {
    return getHeader(this.list, name);
  }
  getAll(name: string): string[] {
    return getAllHeaders(this.list, name);
  }
  has(name: string): boolean {
    return hasHeader(this.list, name);
  }
  set(name: string, value: string): this {
    setHeader(this.list, name, value);
    return this;
  }
  append(name: string, value: string): this {
    this.list.push([name, value]);
    return this;
  }
  delete(name: string): number {
    return deleteHeader(this.list, name);
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.list[Symbol.iterator]();
  }
}
