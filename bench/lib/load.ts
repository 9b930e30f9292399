import { createRequire } from "node:module";

/** The part of autocannon's result the benchmarks use. */
interface AutocannonResult {
  requests: { average: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: { url: string; connections: number; duration: number; pipelining?: number }) => Promise<AutocannonResult>;

// autocannon is CommonJS without bundled types.
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

export interface Sample {
  rps: number;
  p99: number;
  /** Non-2xx responses, socket errors and timeouts: any makes the sample suspect. */
  failures: number;
  /** CPU time the server process used per request, in µs (Linux /proc only). */
  cpuUsPerRequest: number | undefined;
}

/** One autocannon run of `seconds` with `connections` keep-alive connections. */
export async function load(url: string, seconds: number, connections: number, pid?: number): Promise<Sample> {
  const cpuBefore = pid === undefined ? undefined : await cpuTicks(pid);
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  const cpuAfter = pid === undefined ? undefined : await cpuTicks(pid);
  const requests = result.requests.average * seconds;
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    cpuUsPerRequest:
      cpuBefore === undefined || cpuAfter === undefined || requests === 0
        ? undefined
        : ((cpuAfter - cpuBefore) * 1e6) / TICKS_PER_SECOND / requests,
  };
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of a process in clock ticks, from /proc/<pid>/stat. */
async function cpuTicks(pid: number): Promise<number | undefined> {
  try {
    const { readFile } = await import("node:fs/promises");
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}
