import { safeGet } from "./read-error.js";

const MAX_DESCRIPTION = 200;

/**
 * A short text for any thrown value, for the log line and the debug page.
 * It never calls user code that could throw or loop (no toString(), no
 * JSON.stringify of a circular object), so it survives revoked Proxies and
 * throwing getters.
 */
export function describeThrown(value: unknown): string {
  switch (typeof value) {
    case "string":
      return `a string: ${quote(value)}`;
    case "undefined":
      return "undefined";
    case "function":
      return `a function ${safeName(value)}`;
    case "object":
      return value === null ? "null" : describeObject(value);
    case "symbol":
      return `a symbol ${safeSymbol(value)}`;
    default:
      return `a ${typeof value}: ${String(value as number | bigint | boolean)}`;
  }
}

/** The stack of an Error, or a description of anything else that was thrown. */
export function stackOf(value: unknown): string {
  const stack = safeGet(value, "stack");
  if (typeof stack === "string" && stack !== "") return stack;
  const message = safeGet(value, "message");
  if (typeof message === "string") return `${safeName(value) || "Error"}: ${message}`;
  return `thrown value: ${describeThrown(value)}`;
}

/** `TypeError`, or the constructor name of an object; '' when unknown. */
export function safeName(value: unknown): string {
  const name = safeGet(value, "name");
  if (typeof name === "string") return name;
  const constructorName = safeGet(safeGet(value, "constructor"), "name");
  return typeof constructorName === "string" ? constructorName : "";
}

function describeObject(value: object): string {
  let keys: string[];
  try {
    keys = Object.keys(value);
  } catch {
    return "an object that cannot be inspected (a revoked Proxy?)";
  }
  const name = safeName(value) || "Object";
  const shown = keys.slice(0, 8).join(", ");
  return `an object (${name}) with keys [${shown}${keys.length > 8 ? ", …" : ""}]`;
}

function quote(text: string): string {
  const cut = text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}…` : text;
  return JSON.stringify(cut);
}

function safeSymbol(value: symbol): string {
  return value.description === undefined ? "Symbol()" : `Symbol(${quote(value.description)})`;
}
