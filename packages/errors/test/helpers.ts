import type { App, Body, Chunk } from "@tsgi/core";
import { expect } from "vitest";
import { ResponseAbortedError } from "../src/index.js";

export const utf8 = new TextEncoder();

/** Counts how often the inner body's close() runs. */
export class CloseCounter {
  count = 0;
  /** `body` with a close() that counts (and then runs `onClose`, which may throw). */
  track<T extends Body>(body: T, onClose?: () => void): T {
    return Object.assign(body, {
      close: () => {
        this.count++;
        onClose?.();
      },
    });
  }
}

/** The lines the middleware logged (its own, not the validator's or server's). */
export function errorLines(text: string): string[] {
  return text.split("\n").filter((line) => line.startsWith("[tsgi errors]"));
}

/** An app that throws `value` synchronously. */
export function throwing(value: unknown): App {
  return () => {
    throw value;
  };
}

/** An app that starts 200 text/plain and streams `chunks`, then throws `value` (if given). */
export function streaming(chunks: string[], value?: unknown, counter?: CloseCounter): App {
  return (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    async function* generate(): AsyncGenerator<Chunk> {
      for (const chunk of chunks) yield utf8.encode(chunk);
      if (value !== undefined) throw value;
    }
    const body = generate();
    return counter ? counter.track(body) : body;
  };
}

/** A Proxy that throws on every access. */
export function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** A circular object: `{ self: itself }`. */
export function circular(): Record<string, unknown> {
  const value: Record<string, unknown> = { name: "Circular" };
  value.self = value;
  return value;
}

/** What `reading` (the client reading the body) rejects with: the middleware's ResponseAbortedError. */
export async function abortNote(reading: Promise<unknown>): Promise<ResponseAbortedError> {
  let thrown: unknown;
  try {
    await reading;
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ResponseAbortedError);
  return thrown as ResponseAbortedError;
}

/** The app's error that a mid-stream abort carries as its cause. */
export async function abortCause(reading: Promise<unknown>): Promise<unknown> {
  return (await abortNote(reading)).cause;
}
