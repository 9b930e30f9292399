import { HttpError } from "../../src/index.js";

/** The status of the HttpError `run` throws, or undefined when it throws none (anything else is re-thrown). */
export function statusOf(run: () => unknown): number | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
  return undefined;
}
