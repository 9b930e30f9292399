import * as fs from "node:fs";
import * as path from "node:path";
import type { SymlinkPolicy } from "./options.js";

export interface OpenedFile {
  fd: number;
  stats: fs.Stats;
}

// O_NONBLOCK: a FIFO swapped in for a file must not hang the open in the
// threadpool; it is then refused by the regular-file check below.
const FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
const PROC_FD = fs.existsSync("/proc/self/fd") ? "/proc/self/fd/" : undefined;

function openAsync(abs: string): Promise<number> {
  return new Promise((resolve, reject) => fs.open(abs, FLAGS, (error, fd) => (error ? reject(error) : resolve(fd))));
}

export function closeFd(fd: number): Promise<void> {
  return new Promise((resolve) => fs.close(fd, () => resolve()));
}

/**
 * Where the opened descriptor really points. On Linux /proc/self/fd names the
 * handle itself, so nothing can change between the check and the read.
 * Elsewhere realpath of the name is accepted only if it is the same inode as
 * the handle (a swap after open makes the inodes differ and is refused).
 */
function handlePath(fd: number, abs: string, stats: fs.Stats): string | undefined {
  if (PROC_FD !== undefined) return fs.readlinkSync(PROC_FD + fd);
  const real = fs.realpathSync(abs);
  const seen = fs.statSync(real);
  return seen.ino === stats.ino && seen.dev === stats.dev ? real : undefined;
}

/** Whether a file whose real path is `real` may be served as `abs` under `realRoot`. */
export function symlinkAllowed(policy: SymlinkPolicy, real: string, abs: string, realRoot: string): boolean {
  if (policy === "follow") return true;
  if (policy === "deny") return real === abs;
  return real.startsWith(realRoot + path.sep);
}

/**
 * Opens `abs` (a path under the real root) and decides the symlink policy on
 * the opened handle: open first, then fstat and the handle's real path, so a
 * file swapped for a symlink between check and use cannot be served. Resolves
 * undefined (nothing opened) when the file is missing, not a regular file, or
 * refused by the policy.
 */
export async function openChecked(abs: string, policy: SymlinkPolicy, realRoot: string): Promise<OpenedFile | undefined> {
  let fd: number;
  try {
    fd = await openAsync(abs);
  } catch {
    return undefined;
  }
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) throw new Error("not a regular file");
    if (policy !== "follow") {
      const real = handlePath(fd, abs, stats);
      if (real === undefined || !symlinkAllowed(policy, real, abs, realRoot)) throw new Error("symlink refused");
    }
    return { fd, stats };
  } catch {
    await closeFd(fd);
    return undefined;
  }
}
