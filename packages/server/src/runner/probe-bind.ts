import { lstat, stat, unlink } from "node:fs/promises";
import * as net from "node:net";
import * as path from "node:path";
import { bindLabel, type Bind } from "./bind.js";
import { CliError } from "../cli/cli-error.js";

/**
 * Checks before any worker starts that each address can be bound, so "port in
 * use" is one clear error rather than N failing workers, and turns port 0
 * into a fixed free port so every worker (and every replacement) shares it.
 * A unix socket file nobody answers on is a leftover from a crash: removed.
 */
export async function probeBinds(binds: readonly Bind[]): Promise<Bind[]> {
  const out: Bind[] = [];
  for (const bind of binds) out.push(bind.kind === "tcp" ? await probeTcp(bind) : await probeUnix(bind));
  return out;
}

function listenError(bind: Bind, error: NodeJS.ErrnoException): CliError {
  const reason =
    error.code === "EADDRINUSE"
      ? "address already in use"
      : error.code === "EACCES"
        ? "permission denied"
        : error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND"
          ? "address not available"
          : error.message;
  return new CliError(`cannot listen on ${bindLabel(bind)}: ${reason}`);
}

export { listenError };

function probeTcp(bind: Bind & { kind: "tcp" }): Promise<Bind> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => reject(listenError(bind, error)));
    server.listen({ host: bind.host, port: bind.port, exclusive: true }, () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve({ kind: "tcp", host: bind.host, port: address.port }));
    });
  });
}

async function probeUnix(bind: Bind & { kind: "unix" }): Promise<Bind> {
  const stats = await lstat(bind.path).catch(() => undefined);
  if (stats === undefined) {
    // node reports a missing directory as EACCES ("permission denied"), and only once a worker tries.
    const dir = path.dirname(path.resolve(bind.path));
    if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) {
      throw new CliError(`cannot listen on ${bindLabel(bind)}: no such directory ${dir}`);
    }
    return bind;
  }
  if (!stats.isSocket()) throw new CliError(`cannot listen on ${bindLabel(bind)}: a file that is not a socket is in the way`);
  const alive = await new Promise<boolean>((resolve) => {
    const socket = net.connect(bind.path);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
  if (alive) throw new CliError(`cannot listen on ${bindLabel(bind)}: address already in use`);
  await unlink(bind.path);
  return bind;
}
