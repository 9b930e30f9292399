import cluster, { type Worker } from "node:cluster";
import { randomInt } from "node:crypto";
import { restartDelay, STABLE_AFTER_MS } from "./backoff.js";
import { bindUrl, type Bind } from "./bind.js";
import { CliError } from "../cli/cli-error.js";
import type { ServeConfig } from "./config.js";
import type { Logger } from "./logger.js";
import { bootTimeout, judgeWorker } from "./worker-deadline.js";
import { heartbeatInterval, heartbeatTimeout, isWorkerMessage, WORKER_ENV, type SupervisorMessage, type WorkerSetup } from "./messages.js";

type State = "booting" | "ready" | "retiring" | "stopping";

interface Entry {
  worker: Worker;
  state: State;
  /** Set once the worker is told to stop (its in-flight requests may still run). */
  told: boolean;
  spawnedAt: number;
  readyAt: number;
  firstBeat: number;
  lastBeat: number;
  bootError: string | undefined;
  killTimer: NodeJS.Timeout | undefined;
}

export interface SupervisorOptions {
  /** The script cluster workers run (dist/cli.js). */
  exec: string;
  logger: Logger;
  /** Install SIGTERM/SIGINT/SIGQUIT/SIGHUP/SIGTTIN/SIGTTOU handlers. */
  handleSignals: boolean;
}

export interface Supervisor {
  /** Resolves with the bound addresses once the first workers are all up; rejects if they cannot boot. */
  readonly ready: Promise<Bind[]>;
  /** Resolves with the exit code once every worker is gone. */
  readonly done: Promise<number>;
  /** Graceful stop; a second call (or `fast`) cuts in-flight requests. */
  stop(fast?: boolean, quiet?: boolean): Promise<number>;
  /** Rolling restart: new workers first, then the old ones are stopped gracefully. */
  reload(reason?: string): void;
  /** Change the number of workers (SIGTTIN/SIGTTOU). */
  setWorkers(n: number): void;
  readonly workerCount: number;
}

/**
 * The gunicorn-like arbiter on node:cluster: keeps `workers` processes
 * running, replaces any that crash or miss heartbeats for --timeout (with a
 * growing delay, so a crash loop never spins), recycles workers after
 * --max-requests and reloads them on SIGHUP with the replacement listening
 * before the old one stops, so no request is refused.
 */
export function startSupervisor(config: ServeConfig, options: SupervisorOptions): Supervisor {
  const { logger } = options;
  const entries = new Map<number, Entry>();
  let target = config.workers;
  let everReady = false;
  let stopping = false;
  let fastStopping = false;
  let streak = 0;
  let respawnTimer: NodeJS.Timeout | undefined;
  /** --reload: after a failed boot, wait for the next change instead of retrying. */
  let waitForChange = false;
  let resolveReady!: (binds: Bind[]) => void;
  let rejectReady!: (error: Error) => void;
  let readySettled = false;
  const ready = new Promise<Bind[]>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {});
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));
  let exitCode = 0;

  // Workers accept on the shared socket themselves (README "Processes and signals"): with node's
  // round-robin a connection handed to a blocked or dead worker would hang, and leak here.
  // NODE_CLUSTER_SCHED_POLICY=rr, node's own switch, keeps round-robin for whoever wants it back.
  if (process.env.NODE_CLUSTER_SCHED_POLICY !== "rr") cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({ exec: options.exec, args: [], silent: false });

  const spawn = (): void => {
    const maxRequests = config.maxRequests > 0 ? config.maxRequests + randomInt(0, config.maxRequestsJitter + 1) : 0;
    const setup: WorkerSetup = { config, maxRequests, multiprocess: target > 1 };
    const worker = cluster.fork({ [WORKER_ENV]: JSON.stringify(setup) });
    const now = Date.now();
    const entry: Entry = {
      worker,
      state: "booting",
      told: false,
      spawnedAt: now,
      readyAt: 0,
      firstBeat: 0,
      lastBeat: now,
      bootError: undefined,
      killTimer: undefined,
    };
    entries.set(worker.id, entry);
    logger.info(`Booting worker with pid: ${worker.process.pid}`);
    worker.on("message", (message: unknown) => onMessage(entry, message));
    // 'exit' can come before the last messages are read (a boot error sent just before exiting):
    // wait for the channel to close too, which happens after every message was delivered.
    let exitStatus: [number | null, string | null] | undefined;
    let disconnected = false;
    let settled = false;
    const settle = () => {
      if (settled || exitStatus === undefined) return;
      settled = true;
      onExit(entry, ...exitStatus);
    };
    worker.on("disconnect", () => {
      disconnected = true;
      settle();
    });
    worker.on("exit", (code: number | null, signal: string | null) => {
      exitStatus = [code, signal];
      if (disconnected) settle();
      else setTimeout(settle, 500);
    });
    // An IPC channel error (worker gone mid-send) is followed by 'exit'; nothing to do here.
    worker.on("error", () => {});
  };

  const send = (entry: Entry, message: SupervisorMessage): void => {
    if (entry.worker.isConnected()) entry.worker.send(message, undefined, () => {});
  };

  /** `handOver`: other workers go on serving, so this one drains gently. */
  const tell = (entry: Entry, fast: boolean, handOver = false): void => {
    if (entry.told && !fast) return;
    entry.told = true;
    entry.state = "stopping";
    if (fast) {
      send(entry, { tsgi: "quit" });
      entry.worker.process.kill("SIGQUIT");
    } else send(entry, { tsgi: "stop", timeout: config.gracefulTimeout, handOver });
    if (entry.killTimer !== undefined) clearTimeout(entry.killTimer);
    entry.killTimer = setTimeout(() => entry.worker.process.kill("SIGKILL"), (fast ? 0 : config.gracefulTimeout) + 2000);
  };

  const counted = (): Entry[] => [...entries.values()].filter((e) => e.state === "booting" || e.state === "ready");

  const maintain = (): void => {
    if (stopping || waitForChange || respawnTimer !== undefined) return;
    const live = counted();
    if (live.length > target) {
      // Fewer workers wanted: stop the youngest first (booting ones before serving ones).
      const extra = live.sort((a, b) => (a.state === b.state ? b.spawnedAt - a.spawnedAt : a.state === "booting" ? -1 : 1));
      for (const entry of extra.slice(0, live.length - target)) tell(entry, false, true);
      return;
    }
    const missing = target - live.length;
    if (missing <= 0) return;
    const delay = restartDelay(streak);
    if (delay > 0) {
      logger.info(`Starting ${missing === 1 ? "a worker" : `${missing} workers`} in ${(delay / 1000).toFixed(1)} s`);
      respawnTimer = setTimeout(() => {
        respawnTimer = undefined;
        for (let i = counted().length; i < target && !stopping && !waitForChange; i++) spawn();
      }, delay);
      return;
    }
    for (let i = 0; i < missing; i++) spawn();
  };

  const onMessage = (entry: Entry, message: unknown): void => {
    if (!isWorkerMessage(message)) return;
    if (entry.lastBeat === Infinity) return; // already being killed
    entry.lastBeat = Date.now();
    if (entry.firstBeat === 0) entry.firstBeat = entry.lastBeat;
    switch (message.tsgi) {
      case "ready": {
        entry.readyAt = Date.now();
        logger.debug(`Worker (pid:${entry.worker.process.pid}) is listening`);
        if (entry.state === "booting") entry.state = "ready";
        waitForChange = false;
        if (!everReady) {
          if (counted().every((e) => e.state === "ready")) {
            everReady = true;
            for (const bind of message.binds) logger.info(`Listening at: ${bindUrl(bind, config.tls === undefined ? "http" : "https")} (${process.pid})`);
            readySettled = true;
            resolveReady(message.binds);
          }
        }
        // A replacement is up: one worker waiting to be replaced can go now.
        const retiring = [...entries.values()].filter((e) => e.state === "retiring").sort((a, b) => a.spawnedAt - b.spawnedAt);
        if (retiring[0] !== undefined && entry.state === "ready") tell(retiring[0], false, true);
        if (stopping) tell(entry, fastStopping);
        break;
      }
      case "boot-error":
        entry.bootError = message.message;
        if (message.detail !== undefined) logger.error(message.detail);
        break;
      case "retire":
        if (entry.state === "ready") {
          logger.info(`Worker (pid:${entry.worker.process.pid}) reached --max-requests: replacing it`);
          entry.state = "retiring";
          maintain();
        }
        break;
      default:
        break;
    }
  };

  const onExit = (entry: Entry, code: number | null, signal: string | null): void => {
    entries.delete(entry.worker.id);
    if (entry.killTimer !== undefined) clearTimeout(entry.killTimer);
    const pid = entry.worker.process.pid;
    const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
    if (entry.told) {
      logger.info(`Worker exiting (pid: ${pid})`);
    } else if (!stopping) {
      const booted = entry.readyAt > 0;
      if (!booted) {
        const reason = entry.bootError ?? `worker failed to boot: it ${how}`;
        if (!everReady && !config.reload) {
          fail(new CliError(reason));
          return;
        }
        logger.error(`Worker (pid:${pid}) failed to boot: ${reason}`);
        if (config.reload) {
          waitForChange = true;
          logger.info("Waiting for a file change before starting again");
        }
      } else {
        logger.error(`Worker (pid:${pid}) ${how}`);
      }
      if (!booted || Date.now() - entry.readyAt < STABLE_AFTER_MS) streak++;
      else streak = 1;
      maintain();
    }
    if (entries.size === 0 && stopping) finish();
  };

  const fail = (error: CliError): void => {
    if (!readySettled) {
      readySettled = true;
      rejectReady(error);
    }
    exitCode = 1;
    void stop(true, true);
    if (entries.size === 0) finish();
  };

  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    clearInterval(watchdog);
    if (respawnTimer !== undefined) clearTimeout(respawnTimer);
    removeSignals();
    if (!readySettled) {
      // Stopped by a signal before any worker was up (e.g. --reload waiting for a fix): not an error.
      readySettled = true;
      resolveReady([]);
    }
    resolveDone(exitCode);
  };

  // A worker whose event loop is stuck stops beating, and one whose module never finishes
  // loading never says ready: kill it and let maintain() replace it.
  const silentFor = heartbeatTimeout(config.timeout);
  const bootFor = bootTimeout(silentFor);
  const bootLimit = `${bootFor / 1000} s (--timeout${bootFor > silentFor ? `, at least ${bootFor / 1000} s for loading` : ""})`;
  const watchdog = setInterval(() => {
    const now = Date.now();
    for (const entry of entries.values()) {
      if (entry.readyAt > 0 && streak > 0 && now - entry.readyAt >= STABLE_AFTER_MS && entry.state === "ready") streak = 0;
      if (entry.lastBeat === Infinity || entry.worker.process.exitCode !== null) continue;
      const verdict = judgeWorker(entry, now, silentFor);
      if (verdict === "ok") continue;
      const pid = entry.worker.process.pid;
      const limit = entry.readyAt === 0 ? bootFor : silentFor;
      if (verdict === "silent") logger.critical(`WORKER TIMEOUT (pid:${pid}): no heartbeat for ${limit / 1000} s`);
      else logger.critical(`WORKER TIMEOUT (pid:${pid}): not listening ${limit / 1000} s after it started loading the app`);
      if (entry.readyAt === 0) entry.bootError ??= `the app did not finish loading within ${bootLimit}`;
      entry.lastBeat = Infinity;
      entry.worker.process.kill("SIGKILL");
    }
  }, heartbeatInterval(config.timeout));

  const stop = (fast = false, quiet = false): Promise<number> => {
    if (stopping && !fast) fast = true;
    if (quiet) {
      // The caller reports why.
    } else if (!stopping) logger.info(fast ? "Shutting down quickly" : "Shutting down gracefully");
    else if (fast && !fastStopping) logger.info("Shutting down quickly");
    stopping = true;
    fastStopping ||= fast;
    if (respawnTimer !== undefined) clearTimeout(respawnTimer);
    for (const entry of entries.values()) tell(entry, fast);
    if (entries.size === 0) finish();
    return done;
  };

  const reload = (reason = "Reloading"): void => {
    if (stopping) return;
    logger.info(`${reason}: starting new workers, then stopping the old ones`);
    waitForChange = false;
    streak = 0;
    if (respawnTimer !== undefined) {
      clearTimeout(respawnTimer);
      respawnTimer = undefined;
    }
    for (const entry of entries.values()) {
      if (entry.state === "booting" || entry.state === "ready") entry.state = "retiring";
    }
    // Retiring workers that never booted will never be replaced "by" anyone: stop them now.
    for (const entry of entries.values()) if (entry.state === "retiring" && entry.readyAt === 0) tell(entry, true);
    maintain();
  };

  const setWorkers = (n: number): void => {
    if (stopping) return;
    if (n < 1) {
      logger.warning("SIGTTOU ignored: at least one worker is needed");
      return;
    }
    target = n;
    logger.info(`Number of workers: ${n}`);
    maintain();
  };

  const handlers: [NodeJS.Signals, () => void][] = [
    ["SIGTERM", () => void stop()],
    ["SIGINT", () => void stop()],
    ["SIGQUIT", () => void stop(true)],
    ["SIGHUP", () => reload("Hang up")],
    ["SIGTTIN", () => setWorkers(target + 1)],
    ["SIGTTOU", () => setWorkers(target - 1)],
  ];
  const removeSignals = (): void => {
    if (options.handleSignals) for (const [signal, handler] of handlers) process.off(signal, handler);
  };
  if (options.handleSignals) for (const [signal, handler] of handlers) process.on(signal, handler);

  for (let i = 0; i < target; i++) spawn();

  return {
    ready,
    done,
    stop,
    reload,
    setWorkers,
    get workerCount() {
      return counted().length;
    },
  };
}
