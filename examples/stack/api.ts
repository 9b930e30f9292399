import { readJson, type App, type StartResponse } from "@tsgi/core";
import { createError } from "@tsgi/errors";
import { methods } from "@tsgi/methods";

const items: { id: number; name: string }[] = [{ id: 1, name: "first" }];

function sendJson(startResponse: StartResponse, status: string, value: unknown): Uint8Array[] {
  const body = new TextEncoder().encode(JSON.stringify(value));
  startResponse(status, [["Content-Type", "application/json"], ["Content-Length", String(body.byteLength)]]);
  return [body];
}

/** GET lists the items (with enough padding to be worth compressing), POST adds one. */
export const api: App = methods({
  GET: (_environ, startResponse) => sendJson(startResponse, "200 OK", { items, padding: "x".repeat(4096) }),
  POST: async (environ, startResponse) => {
    const input = (await readJson(environ, { limit: 16 * 1024 })) as { name?: unknown } | null;
    if (typeof input?.name !== "string" || input.name === "") throw createError(422, "name must be a non-empty string");
    const item = { id: items.length + 1, name: input.name };
    items.push(item);
    return sendJson(startResponse, "201 Created", item);
  },
});
