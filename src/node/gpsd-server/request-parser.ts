// Requests from gpsd clients, parsed greedily from a byte stream (transports.md §6).
//
// Real clients disagree on framing: gpspipe sends `?WATCH={…};\n`, python3-gps drops the `;`,
// gpsmon ends with CRLF, OpenCPN sends `?WATCH={…}` with no terminator at all. So a request is
// `?NAME` followed by `;`, a line end, or `={…}` where the balanced object itself ends the
// request; a trailing `;` is consumed. A line end always ends a request: an object still open
// there is invalid (the client sent one request per line and waits for its answer), so a
// malformed request cannot swallow the requests after it. Text outside requests is junk and is
// dropped at once (gpsd answers it with nothing).
//
// The parser is a state machine fed one character at a time, so a request split over any number of
// reads parses as it would in one. It keeps the text of the request being read up to the cap; a request
// past the cap is reported at once, and its text is no longer kept while the machine follows where it
// ends (its name, its object, its line), so the requests after it on the same line are answered, as
// gpsd does.

export type GpsdRequest =
  /** A well-formed request; `argument` is the JSON object after `=`, if any. */
  | { kind: "command"; name: string; argument?: Record<string, unknown>; text: string }
  /** `?NAME=` followed by something that is not one JSON object. */
  | { kind: "invalid"; name: string; text: string; message: string }
  /** A request grew past the cap; reported once, the rest of it is discarded up to its end. */
  | { kind: "oversize"; byteCount: number };

export interface RequestParserOptions {
  /** Longest request accepted, characters from `?` to its end (default 1024; gpsd's own limit is 80 per line). */
  maxRequestBytes?: number;
}

export interface RequestParser {
  /** Feed received text; returns the requests it completed, in order. */
  push(text: string): GpsdRequest[];
  /** Characters held for an unfinished request (at most the cap). */
  readonly pendingLength: number;
}

export const DEFAULT_MAX_REQUEST_BYTES = 1024;

const isNameChar = (c: string): boolean => (c >= "A" && c <= "Z") || (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c === "_";

type Mode =
  /** Outside any request: everything but `?` is dropped. */
  | "junk"
  /** In `?NAME`. */
  | "name"
  /** After `=`, before the object's `{`. */
  | "equals"
  /** Inside the argument object. */
  | "object"
  /** `=` was not followed by an object: the rest of the line is the invalid request. */
  | "rest-of-line";

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
  let mode: Mode = "junk";
  /** The request so far, while it is within the cap. */
  let text = "";
  /** Characters of the request so far, kept or not. */
  let length = 0;
  let oversize = false;
  let name = "";
  /** Where the argument object starts in `text`. */
  let objectStart = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** A `;` right after a request that ended with its object belongs to it. */
  let swallowSemicolon = false;

  const begin = (): void => {
    mode = "name";
    text = "?";
    length = 1;
    oversize = false;
  };

  function push(chunk: string): GpsdRequest[] {
    const out: GpsdRequest[] = [];
    const finish = (request: GpsdRequest | undefined): void => {
      if (request !== undefined && !oversize) out.push(request);
      mode = "junk";
      text = "";
      length = 0;
    };
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charAt(i);
      if (mode === "junk") {
        if (c === ";" && swallowSemicolon) {
          swallowSemicolon = false;
          continue;
        }
        swallowSemicolon = false;
        if (c === "?") begin();
        continue;
      }
      if (mode === "name" && !isNameChar(c) && c !== "=") {
        // `;`, a line end or anything else ends an argument-less request; only `;` belongs to it
        const ownText = c === ";" ? `${text};` : text;
        finish({ kind: "command", name: text.slice(1), text: ownText });
        if (c !== ";") i--; // the character is looked at again outside the request (it may start the next)
        continue;
      }
      // The character belongs to the request: keep it while the request is within the cap.
      length++;
      if (!oversize) {
        if (length > maxBytes) {
          oversize = true;
          text = "";
          out.push({ kind: "oversize", byteCount: length });
        } else {
          text += c;
        }
      }
      switch (mode) {
        case "name":
          if (c === "=") {
            name = oversize ? "" : text.slice(1, -1);
            mode = "equals";
          }
          break;
        case "equals":
          if (c === "{") {
            mode = "object";
            objectStart = text.length - 1;
            depth = 1;
            inString = false;
            escaped = false;
          } else if (c === "\n") {
            finish({ kind: "invalid", name, text: text.slice(0, -1).trimEnd(), message: "expected a JSON object after '='" });
          } else if (c !== " " && c !== "\t") {
            mode = "rest-of-line";
          }
          break;
        case "rest-of-line":
          if (c === "\n") finish({ kind: "invalid", name, text: text.slice(0, -1).trimEnd(), message: "expected a JSON object after '='" });
          break;
        case "object":
          // JSON strings hold no raw line end, so one ends the request anywhere (after a backslash too)
          if (c === "\n") {
            finish({ kind: "invalid", name, text: text.slice(0, -1).trimEnd(), message: "the JSON object is not closed before the line end" });
          } else if (inString) {
            if (escaped) escaped = false;
            else if (c === "\\") escaped = true;
            else if (c === '"') inString = false;
          } else if (c === '"') {
            inString = true;
          } else if (c === "{" || c === "[") {
            depth++;
          } else if (c === "}" || c === "]") {
            depth--;
            if (depth === 0) {
              const parsed = oversize ? undefined : parseArgument(text.slice(objectStart));
              finish(
                parsed === undefined
                  ? undefined
                  : "value" in parsed
                    ? { kind: "command", name, argument: parsed.value, text }
                    : { kind: "invalid", name, text, message: parsed.message },
              );
              swallowSemicolon = true;
            }
          }
          break;
        default:
          break;
      }
    }
    return out;
  }

  return {
    push,
    get pendingLength() {
      return text.length;
    },
  };
}
