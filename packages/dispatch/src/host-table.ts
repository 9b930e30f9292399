import type { HostPattern } from "./parse-mount-key.js";
import type { RequestHost } from "./request-host.js";

class HostNode<T> {
  readonly exact = new Map<string, HostNode<T>>();
  wildcard: HostNode<T> | undefined;
  readonly byPort = new Map<string, T>();
  anyPort: T | undefined;
}

/** A value found for a host, with the labels its `*`s matched, left to right. */
export interface HostMatch<T> {
  value: T;
  wildcards: string[];
}

/**
 * Host patterns in a trie of labels read from the right (`com` → `example`
 * → `*`), so a lookup costs one Map lookup per label of the request's host,
 * whatever the number of hosts. A wildcard label matches exactly one label.
 */
export class HostTable<T> {
  readonly #root = new HostNode<T>();
  readonly #create: () => T;

  constructor(create: () => T) {
    this.#create = create;
  }

  /** The value stored for `pattern`, created on first use. */
  at(pattern: HostPattern): T {
    let node = this.#root;
    for (let i = pattern.labels.length - 1; i >= 0; i--) {
      const label = pattern.labels[i]!;
      if (label === "*") {
        node = node.wildcard ??= new HostNode<T>();
      } else {
        let child = node.exact.get(label);
        if (child === undefined) node.exact.set(label, (child = new HostNode<T>()));
        node = child;
      }
    }
    if (pattern.port === undefined) return (node.anyPort ??= this.#create());
    let value = node.byPort.get(pattern.port);
    if (value === undefined) node.byPort.set(pattern.port, (value = this.#create()));
    return value;
  }

  /**
   * Every value whose pattern matches `host`, most specific first: exact
   * labels before wildcards (from the right), and a key's port before any port.
   */
  lookup(host: RequestHost): HostMatch<T>[] {
    const out: HostMatch<T>[] = [];
    collect(this.#root, host, host.labels.length - 1, [], out);
    return out;
  }
}

function collect<T>(node: HostNode<T>, host: RequestHost, i: number, captured: string[], out: HostMatch<T>[]): void {
  if (i < 0) {
    const wildcards = captured.slice().reverse();
    const exact = node.byPort.get(host.port);
    if (exact !== undefined) out.push({ value: exact, wildcards });
    if (node.anyPort !== undefined) out.push({ value: node.anyPort, wildcards });
    return;
  }
  const label = host.labels[i]!;
  const child = node.exact.get(label);
  if (child !== undefined) collect(child, host, i - 1, captured, out);
  if (node.wildcard !== undefined && label !== "") {
    captured.push(label);
    collect(node.wildcard, host, i - 1, captured, out);
    captured.pop();
  }
}
