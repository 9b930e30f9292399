import { startChildServer, type ChildServer } from "./child-server.js";
import { load, type Sample } from "./load.js";

export interface Contender {
  name: string;
  /** A script under servers/ (see serve-child.ts). */
  script: URL;
  /** What GET / must answer, checked before any load is applied. */
  expectBody: string;
}

export interface CompareOptions {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

export function optionsFromEnv(defaults: CompareOptions): CompareOptions {
  const num = (name: string, fallback: number): number => {
    const raw = process.env[name];
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!(n > 0)) throw new Error(`${name} must be a positive number, got ${raw}`);
    return n;
  };
  return {
    rounds: num("BENCH_ROUNDS", defaults.rounds),
    seconds: num("BENCH_SECONDS", defaults.seconds),
    warmupSeconds: num("BENCH_WARMUP", defaults.warmupSeconds),
    connections: num("BENCH_CONNECTIONS", defaults.connections),
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * Runs every contender in its own process, checks its answer, warms it up,
 * then loads them in interleaved rounds (A B C, A B C, …) so drift on a
 * noisy machine hits all of them alike. The first contender is the baseline
 * of the "× baseline" column. Every server is stopped at the end.
 */
export async function compare(contenders: Contender[], options: CompareOptions): Promise<string> {
  const servers: ChildServer[] = [];
  try {
    for (const c of contenders) servers.push(await startChildServer(c.name, c.script));
    for (const [i, server] of servers.entries()) {
      const res = await fetch(server.url);
      const text = await res.text();
      if (res.status !== 200 || text !== contenders[i]!.expectBody) {
        throw new Error(`${server.name} answered ${res.status} ${JSON.stringify(text)}, expected ${JSON.stringify(contenders[i]!.expectBody)}`);
      }
    }
    console.error(`warm-up: ${options.warmupSeconds} s each`);
    for (const server of servers) await load(server.url, options.warmupSeconds, options.connections);
    const samples = servers.map(() => [] as Sample[]);
    for (let round = 1; round <= options.rounds; round++) {
      for (const [i, server] of servers.entries()) {
        const sample = await load(server.url, options.seconds, options.connections, server.pid);
        samples[i]!.push(sample);
        console.error(
          `round ${round}/${options.rounds} ${server.name}: ${Math.round(sample.rps)} req/s, p99 ${sample.p99} ms` +
            (sample.failures > 0 ? `, ${sample.failures} FAILURES` : ""),
        );
      }
    }
    return table(contenders, samples, options);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

function table(contenders: Contender[], samples: Sample[][], options: CompareOptions): string {
  const baseline = median(samples[0]!.map((s) => s.rps));
  const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
  const lines = [
    `autocannon -c ${options.connections}, ${options.rounds} interleaved rounds of ${options.seconds} s after ${options.warmupSeconds} s warm-up; medians [min–max]`,
    "",
    `| server | req/s | × ${contenders[0]!.name} | p99 ms | CPU µs/req | failures |`,
    "|---|---|---|---|---|---|",
  ];
  for (const [i, c] of contenders.entries()) {
    const rps = samples[i]!.map((s) => s.rps);
    const cpu = samples[i]!.map((s) => s.cpuUsPerRequest).filter((x): x is number => x !== undefined);
    lines.push(
      `| ${c.name} | ${fmt(median(rps))} [${fmt(Math.min(...rps))}–${fmt(Math.max(...rps))}] | ` +
        `${(median(rps) / baseline).toFixed(2)} | ${median(samples[i]!.map((s) => s.p99))} | ` +
        `${cpu.length > 0 ? median(cpu).toFixed(1) : "n/a"} | ${samples[i]!.reduce((n, s) => n + s.failures, 0)} |`,
    );
  }
  return lines.join("\n");
}
