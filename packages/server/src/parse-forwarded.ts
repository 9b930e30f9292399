/** One proxy hop: what a proxy saw of the request it forwarded. */
export interface Hop {
  for?: string;
  proto?: string;
  host?: string;
  port?: string;
  prefix?: string;
}

/** RFC 7239 §4: `for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"`. Unparseable input gives no hops. */
export function parseForwarded(header: string): Hop[] {
  const hops: Hop[] = [];
  let hop: Hop = {};
  let i = 0;
  const n = header.length;
  const skipSpace = (): void => {
    while (i < n && (header[i] === " " || header[i] === "\t")) i++;
  };
  while (i < n) {
    skipSpace();
    const eq = header.indexOf("=", i);
    if (eq === -1) return [];
    const key = header.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    let value = "";
    if (header[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) return [];
        const c = header[i++]!;
        if (c === '"') break;
        if (c === "\\") {
          if (i >= n) return [];
          value += header[i++]!;
        } else value += c;
      }
    } else {
      const start = i;
      while (i < n && header[i] !== ";" && header[i] !== ",") i++;
      value = header.slice(start, i).trim();
    }
    if (key === "for" || key === "proto" || key === "host") hop[key] = value;
    skipSpace();
    if (i < n && header[i] === ",") {
      hops.push(hop);
      hop = {};
    } else if (i < n && header[i] !== ";") return [];
    i++;
  }
  hops.push(hop);
  return hops;
}
