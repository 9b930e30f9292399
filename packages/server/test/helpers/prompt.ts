/**
 * How soon the app must see the client leave: the abort comes from the
 * socket's close, not a poll, so 100 ms on an idle machine; under CI every
 * package's tests share two cores, so the bound stretches with
 * TSGI_TEST_WAIT_SCALE (3 there).
 */
export const PROMPT_MS = 100 * Number(process.env.TSGI_TEST_WAIT_SCALE ?? (process.env.CI ? 3 : 1));
