export { methods, type MethodTable, type MethodsOptions } from "./methods.js";
export { DEFAULT_KNOWN_METHODS, type KnownMethods } from "./known-methods.js";
export { sortMethods } from "./method-order.js";
export { fromClass, MethodView, type HandlerName, type Handlers } from "./from-class.js";
export { methodOverride } from "./method-override.js";
export type { MethodOverrideOptions } from "./override-config.js";
export { ORIGINAL_METHOD_KEY, originalMethod } from "./original-method.js";
