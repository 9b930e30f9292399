/** A frame of a V8 stack, as written. */
export interface ParsedFrame {
  /** The function part (`Object.handler`), '' for anonymous frames. */
  fn: string;
  file: string | undefined;
  line: number | undefined;
  column: number | undefined;
  /** The frame text after `at `, for frames that have no position (`native`, `<anonymous>`). */
  raw: string;
}

const MAX_FRAMES = 50;
// `at fn (file:line:col)`, `at file:line:col`, `at async fn (file:line:col)`.
const WITH_FN = /^(.*?) \((.+):(\d+):(\d+)\)$/;
const BARE = /^(.+):(\d+):(\d+)$/;

/** The `at …` lines of a V8 stack string (the message lines above them are skipped). */
export function parseStack(stack: string): ParsedFrame[] {
  const frames: ParsedFrame[] = [];
  for (const line of stack.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed.startsWith("at ")) continue;
    frames.push(parseFrame(trimmed.slice(3)));
    if (frames.length >= MAX_FRAMES) break;
  }
  return frames;
}

function parseFrame(raw: string): ParsedFrame {
  const withFn = WITH_FN.exec(raw);
  if (withFn !== null) return { fn: withFn[1]!, file: withFn[2]!, line: Number(withFn[3]), column: Number(withFn[4]), raw };
  const bare = BARE.exec(raw);
  if (bare !== null) return { fn: "", file: bare[1]!, line: Number(bare[2]), column: Number(bare[3]), raw };
  return { fn: "", file: undefined, line: undefined, column: undefined, raw };
}
