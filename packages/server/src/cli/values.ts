import {
  badValue,
  COUNT_SETTINGS,
  countExpected,
  SECONDS_EXPECTED,
  SECONDS_SETTINGS,
  WORKERS_EXPECTED,
  type CountSetting,
  type SecondsSetting,
} from "../runner/setting-values.js";

// A flag's text to the number the runner's settings take. Only the grammar is
// checked here (the runner checks ranges); text that is no number is refused
// in the runner's own words, so both say the same.

const INTEGER = /^\d+$/;
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

export function workersFlag(text: string): number | "auto" {
  if (text === "auto") return text;
  if (INTEGER.test(text)) return Number(text);
  throw badValue("--workers", WORKERS_EXPECTED, text);
}

export function secondsFlag(key: SecondsSetting, text: string): number {
  if (DECIMAL.test(text)) return Number(text);
  throw badValue(SECONDS_SETTINGS[key], SECONDS_EXPECTED, text);
}

export function countFlag(key: CountSetting, text: string): number {
  if (INTEGER.test(text)) return Number(text);
  throw badValue(COUNT_SETTINGS[key].flag, countExpected(key), text);
}
