import {
  callApp,
  closeBody,
  closeOnce,
  concat,
  respond,
  transformBody,
  type App,
  type Body,
  type BodyTransform,
  type Chunk,
  type Environ,
  type HeaderList,
} from "@tsgi/core";
import { decodeWhole } from "./content-coding.js";
import { decodedBody } from "./decoded-body.js";
import { byteLength, runWhole } from "./run-whole.js";
import type { Stage } from "./stage.js";

/**
 * The most bytes an encoded Array body is decoded to in memory so that the
 * rewritten body gets an exact Content-Length; one that expands further (a
 * decompression bomb) streams in bounded pieces instead.
 */
const WHOLE_DECODE_LIMIT = 8 * 1024 * 1024;

/** What a rewriter sees of a response when deciding whether to touch it. */
export interface ResponseView {
  environ: Environ;
  code: number;
  headers: HeaderList;
  /** The whole body's length when it is known (Content-Length, or an Array body). */
  length: number | undefined;
}

/** A rewriter's decision for one response: the byte pipeline and the header edits that go with it. */
export interface RewritePlan {
  /** The Content-Encoding the upstream body is decoded from before `makeStage`'s pipeline sees it. */
  decode?: string | undefined;
  /** Builds the byte pipeline; called only when the body is rewritten. */
  makeStage(): Stage;
  /** A faster way to rewrite a complete (Array) body than pushing it through a stage. */
  whole?(chunks: readonly Chunk[]): Promise<Chunk[]>;
  /** Makes the headers describe the new body; `length` is given when the new body is known whole. */
  editHeaders(headers: HeaderList, length?: number): void;
}

export type Decide = (view: ResponseView) => RewritePlan | undefined;

/**
 * The engine behind every body rewriter. It calls the app, lets `decide`
 * look at the response, and either passes it on untouched or streams the body
 * through the plan's stage with the headers fixed. An Array body is rewritten
 * whole before answering, so it gets an exact Content-Length. HEAD gets the
 * headers GET would get, and its body (which no server sends) is left alone.
 *
 * Errors: one thrown while rewriting an Array body, or before the first
 * rewritten byte of a stream, reaches whatever calls this app before any
 * byte was sent, so an error handler outside can still answer through
 * startResponse(…, excInfo); later ones abort the response. The app's body is
 * closed exactly once on every path.
 */
export function rewriteResponse(app: App, decide: Decide): App {
  return async (environ, startResponse) => {
    let plan: RewritePlan | undefined;
    const response = await callApp(app, environ, {
      // An error handler inside us replaced the response before any byte: the
      // same pipeline carries its page, so the same header edits apply.
      onLateStart: (status, headers, excInfo) => {
        plan?.editHeaders(headers);
        startResponse(status, headers, excInfo);
      },
    });
    const { status, code, headers, body } = response;
    try {
      plan = decide({ environ, code, headers, length: knownLength(headers, body) });
    } catch (error) {
      await closeBody(body).catch(() => {});
      throw error;
    }
    if (plan === undefined) return respond(startResponse, status, headers, body);
    if (environ.REQUEST_METHOD === "HEAD") {
      // The server sends no body, so none is rewritten; the headers are the
      // ones GET gets, except a length that would take the rewrite to know.
      plan.editHeaders(headers);
      return respond(startResponse, status, headers, body);
    }
    if (Array.isArray(body)) return respondWhole(startResponse, status, headers, body as Chunk[], plan);
    plan.editHeaders(headers);
    return respond(startResponse, status, headers, streamThrough(body, plan));
  };
}

function streamThrough(body: Body, plan: RewritePlan): Body {
  const plain = plan.decode === undefined ? body : decodedBody(body, plan.decode);
  return transformBody(plain, stageSteps(plan.makeStage()));
}

async function respondWhole(
  startResponse: Parameters<App>[1],
  status: string,
  headers: HeaderList,
  body: Chunk[] & Body,
  plan: RewritePlan,
): Promise<Body> {
  let chunks: Chunk[];
  try {
    const input = plan.decode === undefined ? body : await decodeArray(body, plan.decode);
    if (input === undefined) {
      // Decoded, it would be too large to hold whole: stream it instead.
      plan.editHeaders(headers);
      return respond(startResponse, status, headers, streamThrough(body, plan));
    }
    chunks = plan.whole ? await plan.whole(input) : await runWhole(input, plan.makeStage());
  } catch (error) {
    await closeBody(body).catch(() => {});
    throw error;
  }
  plan.editHeaders(headers, byteLength(chunks));
  return respond(startResponse, status, headers, Object.assign(chunks, { close: closeOnce(body) }));
}

/** An encoded Array body decoded whole, or undefined past WHOLE_DECODE_LIMIT. */
async function decodeArray(body: readonly Chunk[], coding: string): Promise<Chunk[] | undefined> {
  const plain = await decodeWhole(coding, body.length === 1 ? body[0]! : concat(body), WHOLE_DECODE_LIMIT);
  return plain === undefined ? undefined : [plain];
}

function stageSteps(stage: Stage): BodyTransform {
  return {
    transform: (chunk) => stage.push(chunk),
    flush: () => stage.end(),
    cleanup: (end) => {
      if (end !== "done") stage.destroy();
    },
  };
}

function knownLength(headers: HeaderList, body: Body): number | undefined {
  if (Array.isArray(body)) return byteLength(body as Chunk[]);
  for (const [name, value] of headers) {
    if (name.length === 14 && name.toLowerCase() === "content-length") return Number(value);
  }
  return undefined;
}
