/** One line of source code around a stack frame. */
export interface SourceLine {
  number: number;
  text: string;
  /** The line the frame points at. */
  here: boolean;
}

/** One frame of a stack, mapped to the original source when a source map says where. */
export interface StackFrame {
  /** The frame as it reads in the stack, after mapping: `handler (/app/src/app.ts:12:9)`. */
  text: string;
  file: string | undefined;
  line: number | undefined;
  column: number | undefined;
  /** True when the position came from a source map (the stack itself pointed at compiled JavaScript). */
  mapped: boolean;
  /** A few lines of source around the frame, when the source could be read. */
  context: SourceLine[] | undefined;
}

/** One error of the chain: the thrown value, its `cause`s and an AggregateError's `errors`. */
export interface ChainLink {
  /** How it relates to the error above it: '' for the thrown one, 'cause', or 'errors[2]'. */
  relation: string;
  depth: number;
  name: string;
  message: string;
  frames: StackFrame[];
}

/** Everything the development page shows beyond the production page. */
export interface DebugReport {
  chain: ChainLink[];
  /** The environ, secrets masked, values described as text. */
  environ: [key: string, value: string][];
}
