import type { Logger } from "./logger.js";
import { heartbeatInterval, heartbeatTimeout } from "./messages.js";
import type { RestartPolicy } from "./restart-policy.js";
import { bootTimeout, judgeWorker, type Verdict } from "./worker-deadline.js";
import type { WorkerHandle } from "./worker-handle.js";

export interface WatchdogOptions {
  /** --timeout (ms; 0 = none). */
  timeout: number;
  logger: Logger;
  /** The workers to look at on each tick. */
  workers: () => Iterable<WorkerHandle>;
  /** Told of each worker on each tick, to end a crash streak once one runs stable. */
  policy: RestartPolicy;
}

/**
 * The supervisor's timer (gunicorn's murder_workers): a worker whose event
 * loop is stuck stops beating, and one whose module never finishes loading
 * never says ready. Either is killed; the supervisor then replaces it.
 */
export class Watchdog {
  readonly #options: WatchdogOptions;
  /** Heartbeat limits (ms; 0 = none): while serving, and while loading the app. */
  readonly #silentFor: number;
  readonly #bootFor: number;
  readonly #timer: NodeJS.Timeout;

  constructor(options: WatchdogOptions) {
    this.#options = options;
    this.#silentFor = heartbeatTimeout(options.timeout);
    this.#bootFor = bootTimeout(this.#silentFor);
    this.#timer = setInterval(() => this.#check(), heartbeatInterval(options.timeout));
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #check(): void {
    const now = Date.now();
    for (const worker of this.#options.workers()) {
      this.#options.policy.observe(worker, now);
      if (!worker.watched) continue;
      const verdict = judgeWorker(worker, now, this.#silentFor);
      if (verdict !== "ok") this.#kill(worker, verdict);
    }
  }

  #kill(worker: WorkerHandle, verdict: Exclude<Verdict, "ok">): void {
    const silentFor = this.#silentFor / 1000;
    const bootFor = this.#bootFor / 1000;
    const limit = worker.readyAt === 0 ? bootFor : silentFor;
    const what = verdict === "silent" ? `no heartbeat for ${limit} s` : `not listening ${limit} s after it started loading the app`;
    this.#options.logger.critical(`WORKER TIMEOUT (pid:${worker.pid}): ${what}`);
    if (worker.readyAt === 0) {
      const floor = bootFor > silentFor ? `, at least ${bootFor} s for loading` : "";
      worker.noteBootError(`the app did not finish loading within ${bootFor} s (--timeout${floor})`);
    }
    worker.kill();
  }
}
