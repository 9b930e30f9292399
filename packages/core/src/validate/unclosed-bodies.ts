import type { Reporter } from "./reporter.js";

interface Held {
  r: Reporter;
  label: string;
}

// A body the server dropped without close() can only be noticed when it is
// garbage-collected, as wsgiref's __del__ check does. Nobody can catch an
// error thrown from a finalizer, so this is always reported to tsgi.errors.
const registry =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<Held>(({ r, label }) => {
        r.write(`tsgi.validate: [body.close] the body of ${label} was garbage-collected without the server calling close()\n`);
      })
    : undefined;

export function watchForClose(body: object, r: Reporter, label: string): void {
  registry?.register(body, { r, label }, body);
}

export function closed(body: object): void {
  registry?.unregister(body);
}
