import type { Chunk } from "@tsgi/core";

/**
 * One step of a body pipeline: bytes in, 0..n byte chunks out. A stage is
 * pushed one chunk at a time and awaited before the next, which is what gives
 * backpressure: nothing reads the upstream body faster than the client reads
 * the response.
 */
export interface Stage {
  push(chunk: Chunk): Promise<Chunk[]> | Chunk[];
  /** The upstream body ended: emit what is left. */
  end(): Promise<Chunk[]> | Chunk[];
  /** The response stopped early (error, client gone): release resources. Idempotent. */
  destroy(): void;
}

/** Feeds every output of one stage into the next, so several stages act as one. */
export function chainStages(stages: Stage[]): Stage {
  if (stages.length === 1) return stages[0]!;
  const feed = async (from: number, chunks: Chunk[]): Promise<Chunk[]> => {
    let current = chunks;
    for (let i = from; i < stages.length; i++) {
      const next: Chunk[] = [];
      for (const chunk of current) next.push(...(await stages[i]!.push(chunk)));
      current = next;
    }
    return current;
  };
  return {
    push: (chunk) => feed(0, [chunk]),
    async end() {
      const out: Chunk[] = [];
      for (let i = 0; i < stages.length; i++) {
        out.push(...(await feed(i + 1, await stages[i]!.end())));
      }
      return out;
    },
    destroy() {
      for (const stage of stages) stage.destroy();
    },
  };
}
