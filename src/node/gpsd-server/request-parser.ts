// Requests from gpsd clients, parsed greedily from a byte stream (transports.md §6).
//
// Real clients disagree on framing: gpspipe sends `?WATCH={…};\n`, python3-gps drops the `;`,
// gpsmon ends with CRLF, OpenCPN sends `?WATCH={…}` with no terminator at all. So a request is
// `?NAME` followed by `;`, a line end, or `={…}` where the balanced object itself ends the
// request; a trailing `;` is consumed. A line end always ends a request: an object still open
// there is invalid (the client sent one request per line and waits for its answer), so a
// malformed request cannot swallow the requests after it. Text outside requests is junk and is
// dropped at once (gpsd answers it with nothing), so the buffer only ever holds one unfinished
// request, on one line, and that is capped.

export type GpsdRequest =
  /** A well-formed request; `argument` is the JSON object after `=`, if any. */
  | { kind: "command"; name: string; argument?: Record<string, unknown>; text: string }
  /** `?NAME=` followed by something that is not one JSON object. */
  | { kind: "invalid"; name: string; text: string; message: string }
  /** An unfinished request grew past the cap; it was discarded up to the next line end. */
  | { kind: "oversize"; byteCount: number };

export interface RequestParserOptions {
  /** Longest request accepted, characters from `?` to its end (default 1024; gpsd's own limit is 80 per line). */
  maxRequestBytes?: number;
}

export interface RequestParser {
  /** Feed received text; returns the requests it completed, in order. */
  push(text: string): GpsdRequest[];
  /** Characters held for an unfinished request. */
  readonly pendingLength: number;
}

export const DEFAULT_MAX_REQUEST_BYTES = 1024;

const isNameChar = (c: string): boolean => (c >= "A" && c <= "Z") || (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c === "_";

type ObjectEnd =
  /** `end`: index just past the `}` that balances the opening `{`. */
  | { kind: "closed"; end: number }
  /** A line end at `at` came while the object was still open. */
  | { kind: "line-end"; at: number }
  /** Neither yet: wait for more text. */
  | { kind: "open" };

/** Where the object that opens at `start` ends. JSON strings hold no raw line end, so one ends the request anywhere. */
function endOfObject(text: string, start: number): ObjectEnd {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") return { kind: "line-end", at: i };
    if (inString) {
      if (c === "\\") {
        if (text[i + 1] === "\n") return { kind: "line-end", at: i + 1 };
        i++;
      } else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === "{" || c === "[") {
      depth++;
    } else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return { kind: "closed", end: i + 1 };
    }
  }
  return { kind: "open" };
}

function parseArgument(json: string): { value: Record<string, unknown> } | { message: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { message: error instanceof Error ? error.message : "malformed JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { message: "expected a JSON object" };
  return { value: value as Record<string, unknown> };
}

export function createRequestParser(options: RequestParserOptions = {}): RequestParser {
  const maxBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  if (!(maxBytes > 0)) throw new TypeError("maxRequestBytes must be positive");
  let pending = "";
  let skippingLine = false;

  function push(chunk: string): GpsdRequest[] {
    const out: GpsdRequest[] = [];
    const text = pending + chunk;
    pending = "";
    let i = 0;
    // An unfinished request waits for more text, unless it is already too long.
    const hold = (start: number): void => {
      if (text.length - start > maxBytes) {
        out.push({ kind: "oversize", byteCount: text.length - start });
        skippingLine = !text.endsWith("\n");
      } else {
        pending = text.slice(start);
      }
    };
    while (i < text.length) {
      if (skippingLine) {
        const lineEnd = text.indexOf("\n", i);
        if (lineEnd < 0) return out;
        skippingLine = false;
        i = lineEnd + 1;
        continue;
      }
      const start = text.indexOf("?", i);
      if (start < 0) return out; // the rest is junk
      let j = start + 1;
      while (j < text.length && isNameChar(text[j] as string)) j++;
      if (j - start > maxBytes) {
        out.push({ kind: "oversize", byteCount: j - start });
        skippingLine = true;
        i = j;
        continue;
      }
      if (j === text.length) {
        hold(start); // `?NAME` so far: wait for its terminator
        break;
      }
      const name = text.slice(start + 1, j);
      if (text[j] !== "=") {
        // `;`, a line end, or anything else ends an argument-less request
        const end = text[j] === ";" ? j + 1 : j;
        out.push({ kind: "command", name, text: text.slice(start, end) });
        i = end;
        continue;
      }
      let objectStart = j + 1;
      while (text[objectStart] === " " || text[objectStart] === "\t") objectStart++;
      if (objectStart >= text.length) {
        hold(start);
        break;
      }
      if (text[objectStart] !== "{") {
        const lineEnd = text.indexOf("\n", objectStart);
        const end = lineEnd < 0 ? text.length : lineEnd;
        out.push({ kind: "invalid", name, text: text.slice(start, end).trimEnd(), message: "expected a JSON object after '='" });
        i = end;
        continue;
      }
      const found = endOfObject(text, objectStart);
      if (found.kind === "open") {
        hold(start);
        break;
      }
      if (found.kind === "line-end") {
        if (found.at - start > maxBytes) out.push({ kind: "oversize", byteCount: found.at - start });
        else out.push({ kind: "invalid", name, text: text.slice(start, found.at).trimEnd(), message: "the JSON object is not closed before the line end" });
        i = found.at + 1;
        continue;
      }
      const objectEnd = found.end;
      if (objectEnd - start > maxBytes) {
        out.push({ kind: "oversize", byteCount: objectEnd - start });
        i = objectEnd;
        continue;
      }
      const end = text[objectEnd] === ";" ? objectEnd + 1 : objectEnd;
      const requestText = text.slice(start, end);
      const parsed = parseArgument(text.slice(objectStart, objectEnd));
      out.push(
        "value" in parsed
          ? { kind: "command", name, argument: parsed.value, text: requestText }
          : { kind: "invalid", name, text: requestText, message: parsed.message },
      );
      i = end;
    }
    return out;
  }

  return {
    push,
    get pendingLength() {
      return pending.length;
    },
  };
}
