import { readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** The pid and every descendant (a CLI's supervisor and its workers), from /proc. */
export function processTree(pid: number): Set<number> {
  const out = new Set<number>();
  const todo = [pid];
  while (todo.length > 0) {
    const p = todo.pop()!;
    out.add(p);
    try {
      for (const child of readFileSync(`/proc/${p}/task/${p}/children`, "utf8").split(" ")) {
        if (child.trim() !== "") todo.push(Number(child));
      }
    } catch {
      // the process is gone: its CPU time is gone with it
    }
  }
  return out;
}

/** utime + stime of every process in the set, in seconds. */
export function cpuSeconds(pids: Iterable<number>): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited between listing and reading
    }
  }
  return ticks / TICKS_PER_SECOND;
}
