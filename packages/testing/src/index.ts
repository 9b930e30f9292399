export { testClient, TestClient, type CollectOptions, type StreamOptions } from "./test-client.js";
export { TestResponse, StreamingResponse } from "./test-response.js";
export { ResponseHeaders } from "./response-headers.js";
export { CookieJar, type Cookie, type CookieScope } from "./cookie-jar.js";
export { TooManyRedirectsError } from "./follow-redirects.js";
export type {
  ClientOptions,
  EnvironHook,
  FormInit,
  MultipartInit,
  QueryInit,
  RequestBody,
  RequestHeaders,
  RequestOptions,
} from "./options.js";
