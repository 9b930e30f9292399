/** Option checks made once, when a middleware is built: a TypeError names the bad option. */
export function checkNumber(where: string, name: string, value: unknown, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== "number" || Number.isNaN(value) || value < min || value > max) {
    throw new TypeError(`${where}: options.${name} must be a number from ${min} to ${max}, got ${String(value)}`);
  }
}

export function checkFunction(where: string, name: string, value: unknown): void {
  if (value !== undefined && typeof value !== "function") {
    throw new TypeError(`${where}: options.${name} must be a function, got ${typeof value}`);
  }
}
