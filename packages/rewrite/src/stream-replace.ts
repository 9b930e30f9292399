/** A replacement: a string (with `$&`, `$1`…, `$<name>`, `$$`) or a function, as String.prototype.replace takes. */
export type Replacement = string | ((match: string, ...groups: string[]) => string);

/** `[pattern, replacement]`; a RegExp pattern needs `maxMatchLength`, the longest text it can match. */
export type ReplacePair =
  | readonly [pattern: string, replacement: Replacement]
  | readonly [pattern: RegExp, replacement: Replacement, options: { maxMatchLength: number }];

/**
 * Replaces every match of one pattern in text that arrives in pieces. It
 * holds back at most `maxMatchLength - 1` characters — the longest tail that
 * could still start a match — so a match split across chunks is found, memory
 * stays bounded, and the output equals `whole.replace(pattern, replacement)`
 * (for patterns without `^`/`$`/lookbehind, which see only the window).
 */
export class StreamReplacer {
  readonly #pattern: RegExp;
  /** A string pattern, searched with indexOf (several times faster than a RegExp). */
  readonly #literal: string | undefined;
  readonly #replacement: Replacement;
  readonly #max: number;
  #held = "";

  constructor(pair: ReplacePair) {
    const [pattern, replacement] = pair;
    if (typeof pattern === "string") {
      if (pattern === "") throw new TypeError("rewriteText: an empty replace pattern matches everywhere");
      this.#pattern = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g");
      this.#literal = pattern;
      this.#max = pattern.length;
    } else {
      const max = pair[2]?.maxMatchLength;
      if (!Number.isInteger(max) || max! < 1) {
        throw new TypeError(`rewriteText: the RegExp ${String(pattern)} needs { maxMatchLength } (a positive integer), so text can stream`);
      }
      this.#pattern = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, "") + "g");
      this.#literal = undefined;
      this.#max = max!;
    }
    this.#replacement = replacement;
  }

  /** Replaces what is settled in `held + text`, keeping back what a later chunk could still change. */
  push(text: string): string {
    return this.#run(this.#held + text, false);
  }

  /** The end of the text: everything left is settled. */
  end(): string {
    return this.#run(this.#held, true);
  }

  #run(text: string, final: boolean): string {
    // A match starting before `cut` lies wholly inside the text we have.
    const cut = final ? text.length : Math.max(0, text.length - this.#max + 1);
    if (this.#literal !== undefined && typeof this.#replacement === "string" && !this.#replacement.includes("$")) {
      return this.#runLiteral(text, cut, this.#literal, this.#replacement);
    }
    const re = this.#pattern;
    re.lastIndex = 0;
    let out = "";
    let done = 0;
    for (let m = re.exec(text); m !== null && m.index < cut; m = re.exec(text)) {
      out += text.slice(done, m.index) + this.#expand(m);
      done = m.index + m[0].length;
      if (m[0].length === 0) re.lastIndex++;
    }
    const keep = Math.max(done, cut);
    this.#held = text.slice(keep);
    return out + text.slice(done, keep);
  }

  /** The common case: a literal string replaced by a literal string. */
  #runLiteral(text: string, cut: number, literal: string, replacement: string): string {
    let out = "";
    let done = 0;
    for (let at = text.indexOf(literal); at !== -1 && at < cut; at = text.indexOf(literal, done)) {
      out += text.slice(done, at) + replacement;
      done = at + literal.length;
    }
    const keep = Math.max(done, cut);
    this.#held = text.slice(keep);
    return out + text.slice(done, keep);
  }

  #expand(m: RegExpExecArray): string {
    const r = this.#replacement;
    if (typeof r === "function") return r(m[0], ...(m.slice(1) as string[]));
    return r.replace(/\$(\$|&|\d{1,2}|<([^>]*)>)/g, (token, what: string, name?: string) => {
      if (what === "$") return "$";
      if (what === "&") return m[0];
      if (name !== undefined) return m.groups?.[name] ?? "";
      const index = Number(what);
      if (index >= 1 && index < m.length) return m[index] ?? "";
      return token;
    });
  }
}
