export { errors } from "./errors.js";
export { ResponseAbortedError } from "./response-aborted-error.js";
export { createError, HttpError, type CreateErrorOptions } from "./create-error.js";
export type { ErrorInfo, ErrorsOptions } from "./options.js";
export type { ErrorFormat, FormatOption } from "./negotiate-format.js";
