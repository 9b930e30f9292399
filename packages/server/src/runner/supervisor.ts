import cluster from "node:cluster";
import { randomInt } from "node:crypto";
import { bindUrl, type Bind } from "./bind.js";
import { CliError } from "../cli/cli-error.js";
import type { ServeConfig } from "./config.js";
import { deferred } from "./deferred.js";
import type { Logger } from "./logger.js";
import type { WorkerMessage, WorkerSetup } from "./messages.js";
import { RestartPolicy } from "./restart-policy.js";
import { onSignals } from "./signals.js";
import { Watchdog } from "./watchdog.js";
import { WorkerHandle } from "./worker-handle.js";

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
  return new Arbiter(config, options);
}

class Arbiter implements Supervisor {
  readonly #config: ServeConfig;
  readonly #logger: Logger;
  readonly #workers = new Map<number, WorkerHandle>();
  readonly #policy: RestartPolicy;
  readonly #ready = deferred<Bind[]>();
  readonly #done = deferred<number>();
  readonly #watchdog: Watchdog;
  readonly #removeSignals: () => void;
  #target: number;
  #stopping = false;
  #fastStopping = false;
  #exitCode = 0;

  constructor(config: ServeConfig, options: SupervisorOptions) {
    this.#config = config;
    this.#logger = options.logger;
    this.#target = config.workers;
    this.#policy = new RestartPolicy(config.reload);
    this.#ready.promise.catch(() => {});
    setupCluster(options.exec);
    this.#watchdog = new Watchdog({ timeout: config.timeout, logger: this.#logger, workers: () => this.#workers.values(), policy: this.#policy });
    this.#removeSignals = options.handleSignals ? this.#installSignals() : () => {};
    for (let i = 0; i < this.#target; i++) this.#spawn();
  }

  get ready(): Promise<Bind[]> {
    return this.#ready.promise;
  }

  get done(): Promise<number> {
    return this.#done.promise;
  }

  get workerCount(): number {
    return this.#counted().length;
  }

  stop(fast = false, quiet = false): Promise<number> {
    if (this.#stopping && !fast) fast = true;
    // quiet: the caller reports why.
    if (!quiet && (!this.#stopping || (fast && !this.#fastStopping))) {
      this.#logger.info(fast ? "Shutting down quickly" : "Shutting down gracefully");
    }
    this.#stopping = true;
    this.#fastStopping ||= fast;
    this.#policy.cancel();
    for (const worker of this.#workers.values()) this.#tell(worker, fast);
    if (this.#workers.size === 0) this.#finish();
    return this.done;
  }

  reload(reason = "Reloading"): void {
    if (this.#stopping) return;
    this.#logger.info(`${reason}: starting new workers, then stopping the old ones`);
    this.#policy.reset();
    for (const worker of this.#workers.values()) worker.retire();
    // Retiring workers that never booted will never be replaced "by" anyone: stop them now.
    for (const worker of this.#workers.values()) {
      if (worker.state === "retiring" && worker.readyAt === 0) this.#tell(worker, true);
    }
    this.#maintain();
  }

  setWorkers(n: number): void {
    if (this.#stopping) return;
    if (n < 1) {
      this.#logger.warning("SIGTTOU ignored: at least one worker is needed");
      return;
    }
    this.#target = n;
    this.#logger.info(`Number of workers: ${n}`);
    this.#maintain();
  }

  #installSignals(): () => void {
    const stop = () => void this.stop();
    return onSignals({
      SIGTERM: stop,
      SIGINT: stop,
      SIGQUIT: () => void this.stop(true),
      SIGHUP: () => this.reload("Hang up"),
      SIGTTIN: () => this.setWorkers(this.#target + 1),
      SIGTTOU: () => this.setWorkers(this.#target - 1),
    });
  }

  #counted(): WorkerHandle[] {
    return [...this.#workers.values()].filter((worker) => worker.counted);
  }

  #spawn(): void {
    const { maxRequests, maxRequestsJitter } = this.#config;
    const setup: WorkerSetup = {
      config: this.#config,
      maxRequests: maxRequests > 0 ? maxRequests + randomInt(0, maxRequestsJitter + 1) : 0,
      multiprocess: this.#target > 1,
    };
    const worker = new WorkerHandle(setup, { message: this.#onMessage, exit: this.#onExit });
    this.#workers.set(worker.id, worker);
    this.#logger.info(`Booting worker with pid: ${worker.pid}`);
  }

  #tell(worker: WorkerHandle, fast: boolean, handOver = false): void {
    worker.tell(fast, this.#config.gracefulTimeout, handOver);
  }

  /** Brings the workers to the target: the youngest stop first, missing ones start (after the policy's delay). */
  #maintain(): void {
    if (this.#stopping || this.#policy.holding) return;
    const live = this.#counted();
    if (live.length > this.#target) {
      // Fewer workers wanted: stop the youngest first (booting ones before serving ones).
      const extra = live.sort((a, b) => (a.state === b.state ? b.spawnedAt - a.spawnedAt : a.state === "booting" ? -1 : 1));
      for (const worker of extra.slice(0, live.length - this.#target)) this.#tell(worker, false, true);
      return;
    }
    const missing = this.#target - live.length;
    if (missing <= 0) return;
    const delay = this.#policy.respawn(() => this.#fill());
    if (delay > 0) this.#logger.info(`Starting ${missing === 1 ? "a worker" : `${missing} workers`} in ${(delay / 1000).toFixed(1)} s`);
  }

  #fill(): void {
    for (let i = this.#counted().length; i < this.#target && !this.#stopping && !this.#policy.waitingForChange; i++) this.#spawn();
  }

  readonly #onMessage = (worker: WorkerHandle, message: WorkerMessage): void => {
    if (message.tsgi === "ready") this.#onListening(worker, message.binds);
    else if (message.tsgi === "boot-error" && message.detail !== undefined) this.#logger.error(message.detail);
    else if (message.tsgi === "retire" && worker.state === "ready") {
      this.#logger.info(`Worker (pid:${worker.pid}) reached --max-requests: replacing it`);
      worker.retire();
      this.#maintain();
    }
  };

  #onListening(worker: WorkerHandle, binds: Bind[]): void {
    this.#logger.debug(`Worker (pid:${worker.pid}) is listening`);
    this.#policy.listened();
    if (!this.#policy.served && this.#counted().every((w) => w.state === "ready")) {
      this.#policy.markServed();
      const scheme = this.#config.tls === undefined ? "http" : "https";
      for (const bind of binds) this.#logger.info(`Listening at: ${bindUrl(bind, scheme)} (${process.pid})`);
      this.#ready.resolve(binds);
    }
    // A replacement is up: one worker waiting to be replaced can go now.
    const retiring = [...this.#workers.values()].filter((w) => w.state === "retiring").sort((a, b) => a.spawnedAt - b.spawnedAt);
    if (retiring[0] !== undefined && worker.state === "ready") this.#tell(retiring[0], false, true);
    if (this.#stopping) this.#tell(worker, this.#fastStopping);
  }

  readonly #onExit = (worker: WorkerHandle, code: number | null, signal: string | null): void => {
    this.#workers.delete(worker.id);
    if (worker.told) this.#logger.info(`Worker exiting (pid: ${worker.pid})`);
    else if (!this.#stopping && !this.#onCrash(worker, signal !== null ? `was killed by ${signal}` : `exited with code ${code}`)) return;
    if (this.#workers.size === 0 && this.#stopping) this.#finish();
  };

  /** A worker died untold: respawn it, or give up (false) when the app cannot boot at all. */
  #onCrash(worker: WorkerHandle, how: string): boolean {
    const verdict = this.#policy.crashed(worker.readyAt);
    const reason = worker.bootError ?? `worker failed to boot: it ${how}`;
    if (verdict === "give-up") {
      this.#fail(new CliError(reason));
      return false;
    }
    if (worker.readyAt === 0) this.#logger.error(`Worker (pid:${worker.pid}) failed to boot: ${reason}`);
    else this.#logger.error(`Worker (pid:${worker.pid}) ${how}`);
    if (verdict === "wait-for-change") this.#logger.info("Waiting for a file change before starting again");
    this.#maintain();
    return true;
  }

  #fail(error: CliError): void {
    if (!this.#ready.settled) this.#ready.reject(error);
    this.#exitCode = 1;
    void this.stop(true, true);
  }

  #finish(): void {
    if (this.#done.settled) return;
    this.#watchdog.stop();
    this.#policy.cancel();
    this.#removeSignals();
    // Stopped by a signal before any worker was up (e.g. --reload waiting for a fix): not an error.
    if (!this.#ready.settled) this.#ready.resolve([]);
    this.#done.resolve(this.#exitCode);
  }
}

function setupCluster(exec: string): void {
  // Workers accept on the shared socket themselves (README "Processes and signals"): with node's
  // round-robin a connection handed to a blocked or dead worker would hang, and leak here.
  // NODE_CLUSTER_SCHED_POLICY=rr, node's own switch, keeps round-robin for whoever wants it back.
  if (process.env.NODE_CLUSTER_SCHED_POLICY !== "rr") cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({ exec, args: [], silent: false });
}
