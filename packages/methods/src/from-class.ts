import { isToken, type App } from "@tsgi/core";
import { methods, type MethodsOptions } from "./methods.js";

/** The property names of `T` that read as method tokens: upper case, like `GET` or `M-SEARCH`. */
export type HandlerName<T> = {
  [K in keyof T]: K extends string ? (K extends Uppercase<K> ? (K extends Lowercase<K> ? never : K) : never) : never;
}[keyof T];

/**
 * Checks a class at compile time: every upper-case method (`GET`, `POST`,
 * `PROPFIND`) must be an app, `(environ, startResponse) => body`.
 */
export type Handlers<T> = { [K in HandlerName<T>]: T[K] extends (...args: never[]) => unknown ? App : T[K] };

/**
 * Builds a `methods()` table from an object's handler methods, Flask
 * MethodView style: every function property, own or inherited (not from
 * Object.prototype), whose name is a method token with upper-case letters
 * and no lower-case ones. Each is bound to `instance`, so handlers may use
 * `this`; a subclass's handler replaces its parent's.
 */
export function fromClass<T extends object & Handlers<T>>(instance: T, options?: MethodsOptions): App {
  return methods(handlerTable(instance), options);
}

function handlerTable(instance: object): Record<string, App> {
  if (instance === null || typeof instance !== "object") throw new TypeError("fromClass(): pass an object, like new Widget()");
  const table: Record<string, App> = {};
  for (const name of handlerNames(instance)) {
    const handler = (instance as Record<string, unknown>)[name];
    if (typeof handler === "function") table[name] = (handler as App).bind(instance);
  }
  if (Object.keys(table).length === 0) {
    throw new TypeError("fromClass(): the object has no handler methods (name them GET, POST, …)");
  }
  return table;
}

function handlerNames(instance: object): Set<string> {
  const names = new Set<string>();
  for (let level: object | null = instance; level !== null && level !== Object.prototype; level = Object.getPrototypeOf(level)) {
    for (const name of Object.getOwnPropertyNames(level)) if (isHandlerName(name)) names.add(name);
  }
  return names;
}

function isHandlerName(name: string): boolean {
  return isToken(name) && name !== name.toLowerCase() && name === name.toUpperCase();
}

/**
 * A base class for class-based resources: `new Widget().asApp()` is
 * `fromClass(new Widget())`. Subclasses declare `GET(environ, startResponse)`
 * and friends as ordinary methods.
 */
export class MethodView {
  /** This object's handler methods as one app; see `fromClass`. */
  asApp<T extends MethodView>(this: T & Handlers<T>, options?: MethodsOptions): App {
    return methods(handlerTable(this), options);
  }
}
