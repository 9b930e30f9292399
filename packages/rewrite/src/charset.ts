import { getHeader, setHeader, type HeaderList } from "@tsgi/core";
import { withCharset, type MediaType } from "./media-type.js";

/** The global TextDecoder (its type is only declared as a value without the DOM lib). */
export type Decoder = InstanceType<typeof TextDecoder>;
/** A decoder for the body's charset (UTF-8 when none is declared), or undefined for one the runtime lacks. */
export function decoderFor(type: MediaType | undefined): Decoder | undefined {
  try {
    // ignoreBOM keeps a byte order mark as text, so it is written back.
    return new TextDecoder(type?.charset ?? "utf-8", { ignoreBOM: true });
  } catch {
    return undefined;
  }
}

/** Rewritten text goes out as UTF-8: say so when the upstream used another charset. */
export function relabelUtf8(decoder: Decoder): ((headers: HeaderList) => void) | undefined {
  if (decoder.encoding === "utf-8") return undefined;
  return (headers) => {
    const contentType = getHeader(headers, "Content-Type");
    if (contentType !== undefined) setHeader(headers, "Content-Type", withCharset(contentType, "utf-8"));
  };
}
