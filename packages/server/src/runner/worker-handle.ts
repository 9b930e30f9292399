import cluster, { type Worker } from "node:cluster";
import { deferred } from "./deferred.js";
import { isWorkerMessage, WORKER_ENV, type SupervisorMessage, type WorkerMessage, type WorkerSetup } from "./messages.js";
import type { WorkerClock } from "./worker-deadline.js";

/** booting → ready → (retiring, once a replacement is wanted) → stopping (told to stop). */
export type WorkerState = "booting" | "ready" | "retiring" | "stopping";

export interface WorkerEvents {
  /** A message from the worker, after its clock and state took it into account. */
  message(worker: WorkerHandle, message: WorkerMessage): void;
  /** The process is gone and every message it sent has arrived. */
  exit(worker: WorkerHandle, code: number | null, signal: string | null): void;
}

/** After 'exit', how long the channel may take to deliver the last messages before the worker counts as gone. */
const LAST_MESSAGES_MS = 500;
/** How long past its graceful deadline a worker told to stop gets before SIGKILL. */
const KILL_GRACE_MS = 2000;

/**
 * One worker process's life as the supervisor sees it (gunicorn's Arbiter
 * keeps the same per worker): spawned with its setup, its heartbeats and
 * state, told to stop (gently or at once, killed if it does not), and its
 * exit reported once.
 */
export class WorkerHandle implements WorkerClock {
  readonly spawnedAt = Date.now();
  readonly #worker: Worker;
  #state: WorkerState = "booting";
  #told = false;
  #killed = false;
  #readyAt = 0;
  #firstBeat = 0;
  #lastBeat = this.spawnedAt;
  #bootError: string | undefined;
  #killTimer: NodeJS.Timeout | undefined;
  /** The stop order last sent, sent again if the worker turns out not to have heard it. */
  #stopOrder: SupervisorMessage | undefined;

  constructor(setup: WorkerSetup, events: WorkerEvents) {
    this.#worker = cluster.fork({ [WORKER_ENV]: JSON.stringify(setup) });
    this.#worker.on("message", (message: unknown) => this.#receive(message, events));
    // An IPC channel error (worker gone mid-send) is followed by 'exit'; nothing to do here.
    this.#worker.on("error", () => {});
    this.#watchExit(events);
  }

  get id(): number {
    return this.#worker.id;
  }

  get pid(): number | undefined {
    return this.#worker.process.pid;
  }

  get state(): WorkerState {
    return this.#state;
  }

  /** Booting or serving: one of the workers the supervisor counts toward --workers. */
  get counted(): boolean {
    return this.#state === "booting" || this.#state === "ready";
  }

  /** Told to stop: its exit is expected, not a crash. */
  get told(): boolean {
    return this.#told;
  }

  get readyAt(): number {
    return this.#readyAt;
  }

  get firstBeat(): number {
    return this.#firstBeat;
  }

  get lastBeat(): number {
    return this.#lastBeat;
  }

  /** Why it could not boot, as it said or as the supervisor saw it. */
  get bootError(): string | undefined {
    return this.#bootError;
  }

  /** Still worth watching for a missed deadline: not killed yet and not exited. */
  get watched(): boolean {
    return !this.#killed && this.#worker.process.exitCode === null;
  }

  /** A replacement is wanted (reload, --max-requests): it stops once one is up. */
  retire(): void {
    if (this.counted) this.#state = "retiring";
  }

  /** Keeps the first reason only: what the worker said beats what the watchdog guessed. */
  noteBootError(reason: string): void {
    this.#bootError ??= reason;
  }

  /** Stop: gracefully within `gracefulTimeout` ms (`handOver`: others serve on, so drain gently) or at once. */
  tell(fast: boolean, gracefulTimeout: number, handOver = false): void {
    if (this.#told && !fast) return;
    this.#told = true;
    this.#state = "stopping";
    this.#stopOrder = fast ? { tsgi: "quit" } : { tsgi: "stop", timeout: gracefulTimeout, handOver };
    this.#send(this.#stopOrder);
    if (fast) this.#worker.process.kill("SIGQUIT");
    clearTimeout(this.#killTimer);
    this.#killTimer = setTimeout(() => this.#worker.process.kill("SIGKILL"), (fast ? 0 : gracefulTimeout) + KILL_GRACE_MS);
  }

  /** SIGKILL now (a missed deadline); whatever it still sends is ignored. */
  kill(): void {
    this.#killed = true;
    this.#worker.process.kill("SIGKILL");
  }

  #send(message: SupervisorMessage): void {
    if (this.#worker.isConnected()) this.#worker.send(message, undefined, () => {});
  }

  #receive(message: unknown, events: WorkerEvents): void {
    if (!isWorkerMessage(message) || this.#killed) return;
    this.#lastBeat = Date.now();
    if (this.#firstBeat === 0) this.#firstBeat = this.#lastBeat;
    if (message.tsgi === "ready") {
      this.#readyAt = this.#lastBeat;
      if (this.#state === "booting") this.#state = "ready";
      // A worker told to stop while booting exits instead of saying "ready": this one was told
      // before it listened for messages (node drops those), so it would serve on until SIGKILL.
      if (this.#stopOrder !== undefined) this.#send(this.#stopOrder);
    } else if (message.tsgi === "boot-error") this.#bootError = message.message;
    events.message(this, message);
  }

  #watchExit(events: WorkerEvents): void {
    // 'exit' can come before the last messages are read (a boot error sent just before exiting):
    // wait for the channel to close too, which happens after every message was delivered.
    const closed = deferred();
    const exited = deferred<[number | null, string | null]>();
    this.#worker.on("disconnect", () => closed.resolve());
    this.#worker.on("exit", (code: number | null, signal: string | null) => {
      exited.resolve([code, signal]);
      if (!closed.settled) setTimeout(() => closed.resolve(), LAST_MESSAGES_MS);
    });
    void Promise.all([exited.promise, closed.promise]).then(([[code, signal]]) => {
      clearTimeout(this.#killTimer);
      events.exit(this, code, signal);
    });
  }
}
