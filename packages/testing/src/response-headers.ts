import { getAllHeaders, getHeader, hasHeader, type HeaderList } from "@tsgi/core";

/** The response headers as the app sent them, read case-insensitively. */
export class ResponseHeaders implements Iterable<[string, string]> {
  /** The `[name, value]` list in the app's order and spelling. */
  readonly raw: readonly (readonly [string, string])[];

  constructor(list: HeaderList) {
    this.raw = list;
  }

  /** The first value of `name`, or undefined. Set-Cookie and friends: use getAll. */
  get(name: string): string | undefined {
    return getHeader(this.raw as HeaderList, name);
  }

  /** Every value of `name`, in order. */
  getAll(name: string): string[] {
    return getAllHeaders(this.raw as HeaderList, name);
  }

  has(name: string): boolean {
    return hasHeader(this.raw as HeaderList, name);
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.raw.map(([name, value]): [string, string] => [name, value])[Symbol.iterator]();
  }

  /** A plain object with lower-case names; repeated fields joined with ", " (Set-Cookie with "\n"). */
  toJSON(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of this.raw) {
      const key = name.toLowerCase();
      const prev = out[key];
      out[key] = prev === undefined ? value : prev + (key === "set-cookie" ? "\n" : ", ") + value;
    }
    return out;
  }
}
