export type {
  App,
  Body,
  Chunk,
  Environ,
  ErrorStream,
  ExcInfo,
  Header,
  HeaderList,
  InputStream,
  Middleware,
  StartResponse,
} from "./types.js";
export { buildEnviron, foldHeaderName, type RequestParts } from "./build-environ.js";
export { buildEnvironFromRequest, type RequestEnvironOptions } from "./build-environ-from-request.js";
export { isHostField } from "./host-field.js";
export { callApp, type AppResponse, type CallAppOptions } from "./call-app.js";
export { addVary } from "./add-vary.js";
export { chooseEncoding, parseQualityValues, type QualityValue } from "./accept-encoding.js";
export { catchBody, type BodyErrorInfo } from "./catch-body.js";
export { closeBody, closeOnce, isAsyncIterable, isSyncIterable } from "./close-body.js";
export { isThenable } from "./is-thenable.js";
export { collectBody } from "./collect-body.js";
export { compose } from "./compose.js";
export { createErrorStream } from "./error-stream.js";
export {
  HeaderMap,
  appendHeader,
  deleteHeader,
  getAllHeaders,
  getHeader,
  hasHeader,
  setHeader,
} from "./header-list.js";
export { isHopByHop } from "./hop-by-hop.js";
export { hasControlChar, isFieldValue, isLatin1, isToken } from "./http-syntax.js";
export { describeValue, formatError } from "./describe-value.js";
export { checkResponseHead, type ResponseHead } from "./check-response-head.js";
export { BodyTooLargeError, HttpError } from "./http-error.js";
export { concat, createInputStream, emptyInput } from "./input-stream.js";
export { InnerBody } from "./inner-body.js";
export { mapBody, type MapBodyOptions } from "./map-body.js";
export { onBodyEnd, type BodyOutcome } from "./on-body-end.js";
export { onClose } from "./on-close.js";
export { decodePathLatin1, latin1ToUtf8, quoteLatin1, utf8ToLatin1 } from "./percent-encoding.js";
export { readBody, readJson, readText, type ReadBodyOptions } from "./read-body.js";
export { replaceInput } from "./replace-input.js";
export { respond } from "./respond.js";
export {
  ContentLengthError,
  MISSING_START_RESPONSE,
  ResponseBody,
  type BodyStep,
  type FinishErrorHandler,
  type MaybePromise,
} from "./response-body.js";
export {
  createStartResponse,
  ResponseStart,
  SECOND_START_WITHOUT_EXC_INFO,
  type AcceptHead,
  type StartedHead,
} from "./response-start.js";
export { applicationUri, requestUri } from "./request-uri.js";
export { shiftPathInfo } from "./shift-path-info.js";
export { streamChunks, type StreamChunks } from "./stream-chunks.js";
export { STATUS_REASONS, statusCode, statusHasNoBody, statusLine } from "./status.js";
export {
  transformBody,
  type BodyTransform,
  type ChunkOutput,
  type TransformEnd,
  type TransformedBody,
} from "./transform-body.js";
export { weakenETag } from "./weaken-etag.js";
export { withStartResponse, type StartEdit } from "./with-start-response.js";
export { RULES, SpecViolation, validate, type Rule, type ValidateOptions } from "./validate/index.js";
