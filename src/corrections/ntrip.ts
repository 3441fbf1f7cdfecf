// NTRIP, the protocol casters serve RTCM corrections with (RTCM 10410.1 v2.0; v1.0 of 2004), without I/O: the
// `ntrip://` URL, the request, the caster's answer, HTTP/1.1 chunked bodies and the sourcetable. The client that
// opens the socket is src/node/ntrip/client.ts. Isomorphic: no Node built-ins.
//
//  v1 request  GET /MOUNT HTTP/1.0          v1 answers  ICY 200 OK                      then the stream
//              User-Agent: NTRIP name                   SOURCETABLE 200 OK ... ENDSOURCETABLE (mount unknown)
//              Authorization: Basic b64                 HTTP/1.0 401 Unauthorized
//  v2 request  GET /MOUNT HTTP/1.1          v2 answers  HTTP/1.1 200 OK, Transfer-Encoding: chunked (stream)
//              Host, Ntrip-Version: Ntrip/2.0           HTTP/1.1 200 OK, Content-Type: gnss/sourcetable
//              Ntrip-GGA: $GPGGA,...                    HTTP/1.1 401 / 404 ...
// A v2 request is understood by v1 casters (they answer ICY 200 OK), so it is the default.

import { printable } from "../framing/printable.js";
import { distanceM } from "../geodesy.js";

export const NTRIP_DEFAULT_PORT = 2101;

/** Where corrections come from: `ntrip://[user:pass@]host[:port]/MOUNT`. */
export interface NtripSpec {
  host: string;
  port: number;
  /** Empty for the caster's sourcetable (`ntrip://host:port/`). */
  mountpoint: string;
  username?: string;
  password?: string;
}

export class NtripUrlError extends Error {
  override readonly name = "NtripUrlError";
}

/** `ntrip://u:p@caster.example:2101/MOUNT` → its parts; `requireMountpoint` for a stream (not a sourcetable). */
export function parseNtripUrl(text: string, { requireMountpoint = true } = {}): NtripSpec {
  const usage = "expected ntrip://[user:pass@]host[:port]/MOUNT";
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new NtripUrlError(`${text}: ${usage}`);
  }
  if (url.protocol !== "ntrip:" && url.protocol !== "http:") throw new NtripUrlError(`${text}: ${usage}`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (host === "") throw new NtripUrlError(`${text}: no caster host (${usage})`);
  const port = url.port === "" ? NTRIP_DEFAULT_PORT : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new NtripUrlError(`${text}: port must be 1-65535`);
  // a % not followed by two hex digits made decodeURIComponent throw "URI malformed", exit 1: a lone % stays as
  // typed, as in an mqtt:// URL (sources/spec.ts)
  const unescaped = (part: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  const mountpoint = unescaped(url.pathname.replace(/^\/+/, "").replace(/\/+$/, ""));
  if (requireMountpoint && mountpoint === "") throw new NtripUrlError(`${text}: no mountpoint (${usage}; gnsskit ntrip sourcetable lists them)`);
  if (/[\s/]/.test(mountpoint)) throw new NtripUrlError(`${text}: a mountpoint is one word, without spaces or slashes`);
  const spec: NtripSpec = { host, port, mountpoint };
  if (url.username !== "") spec.username = unescaped(url.username);
  if (url.password !== "") spec.password = unescaped(url.password);
  return spec;
}

/** `ntrip://user@host:port/MOUNT`: the password never appears in messages. */
export function describeNtrip(spec: NtripSpec): string {
  const host = spec.host.includes(":") ? `[${spec.host}]` : spec.host;
  const user = spec.username === undefined ? "" : `${encodeURIComponent(spec.username)}@`;
  return `ntrip://${user}${host}:${spec.port}/${spec.mountpoint}`;
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export interface NtripRequestOptions {
  /** 2 (default): HTTP/1.1 with Ntrip-Version, answered by v1 casters too; 1: the 2004 request, for casters that refuse HTTP/1.1. */
  version?: 1 | 2;
  userAgent: string;
  /** A GGA sentence for casters that pick or compute the base from the rover's position (v2 header; v1 sends it after). */
  gga?: string;
}

/** The request's text, ending in the blank line. */
export function ntripRequest(spec: NtripSpec, options: NtripRequestOptions): string {
  const version = options.version ?? 2;
  const lines = [`GET /${encodeURI(spec.mountpoint)} HTTP/1.${version === 2 ? 1 : 0}`];
  if (version === 2) {
    lines.push(`Host: ${spec.host.includes(":") ? `[${spec.host}]` : spec.host}:${spec.port}`, "Ntrip-Version: Ntrip/2.0");
  }
  lines.push(`User-Agent: NTRIP ${options.userAgent}`);
  if (spec.username !== undefined) lines.push(`Authorization: Basic ${base64(`${spec.username}:${spec.password ?? ""}`)}`);
  if (version === 2 && options.gga !== undefined) lines.push(`Ntrip-GGA: ${options.gga}`);
  if (version === 2) lines.push("Connection: close");
  return `${lines.join("\r\n")}\r\n\r\n`;
}

// ───────────────────────────── the caster's answer ─────────────────────────────

export type NtripAnswer =
  /** Corrections follow: raw (v1 ICY, v2 without chunking) or in HTTP/1.1 chunks */
  | { kind: "stream"; version: 1 | 2; chunked: boolean }
  /** The sourcetable instead of a stream: v1 casters answer so for an unknown mountpoint (v2 may chunk it) */
  | { kind: "sourcetable"; contentLength?: number; chunked: boolean }
  | { kind: "refused"; status: number; reason: string };

/** Longest answer head accepted before the body (a caster that talks forever is not one). */
export const MAX_ANSWER_HEAD_BYTES = 16 * 1024;

/**
 * Where the answer's head ends in the bytes received so far: the offset of the body, or undefined while it is
 * incomplete. `ICY 200 OK\r\n` has no header block in v1 (str2str sends that line alone); the other answers
 * end with a blank line.
 */
export function answerHeadLength(bytes: Uint8Array): number | undefined {
  const firstLineEnd = indexOfCrlf(bytes, 0);
  if (firstLineEnd === undefined) return undefined;
  const first = latin1(bytes.subarray(0, firstLineEnd));
  if (/^ICY 200 OK$/i.test(first.trim())) {
    // Some v1 casters add headers and a blank line after ICY; most send the stream right away.
    const next = firstLineEnd + 2;
    if (bytes.length >= next + 2 && bytes[next] === 0x0d && bytes[next + 1] === 0x0a) return next + 2;
    return next;
  }
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a && bytes[i + 2] === 0x0d && bytes[i + 3] === 0x0a) return i + 4;
  }
  return undefined;
}

/** A first line a caster may answer with (ICY, SOURCETABLE, HTTP/1.x); anything else is no caster. */
export function isAnswerStatusLine(line: string): boolean {
  return /^(ICY \d{3}|SOURCETABLE \d{3}|HTTP\/1\.[01] \d{3}|ERROR\b)/i.test(line.trim());
}

/** The answer's head (its text up to the body) → what it means. Unknown answers are refusals with status 0. */
export function parseAnswerHead(head: string): NtripAnswer {
  const lines = head.split(/\r?\n/);
  const status = (lines[0] ?? "").trim();
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const length = headers.get("content-length");
  const contentLength = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
  const withLength = contentLength === undefined ? {} : { contentLength };
  const chunked = /chunked/i.test(headers.get("transfer-encoding") ?? "");
  if (/^ICY 200 OK/i.test(status)) return { kind: "stream", version: 1, chunked: false };
  if (/^SOURCETABLE 200 OK/i.test(status)) return { kind: "sourcetable", ...withLength, chunked: false };
  // NTRIP v1 casters refuse with a line of their own (`ERROR - Bad Password`, `ERROR - Bad Mountpoint`)
  const error = /^ERROR\b\W*(.*)$/i.exec(status);
  if (error !== null) {
    const said = error[1] ?? "";
    return { kind: "refused", status: /password|auth/i.test(said) ? 401 : /mount/i.test(said) ? 404 : 0, reason: printable(status.slice(0, 80)) };
  }
  const http = /^HTTP\/1\.([01])\s+(\d{3})\s*(.*)$/i.exec(status);
  if (http === null) return { kind: "refused", status: 0, reason: printable(status.slice(0, 80)) };
  const code = Number(http[2]);
  if (code === 200) {
    if (/gnss\/sourcetable|text\/plain/i.test(headers.get("content-type") ?? "")) return { kind: "sourcetable", ...withLength, chunked };
    const version = /ntrip\/2/i.test(headers.get("ntrip-version") ?? "") || chunked ? 2 : 1;
    return { kind: "stream", version, chunked };
  }
  return { kind: "refused", status: code, reason: printable((http[3] ?? "").trim().slice(0, 80)) };
}

/** A v1 caster's own refusal line (`ERROR - Bad Password`) where it gave one, else the HTTP status. */
const ownWords = (answer: Extract<NtripAnswer, { kind: "refused" }>, http: string): string => (/^ERROR\b/i.test(answer.reason) ? `"${answer.reason}"` : http);

/** A refusal in words, for the one line the user sees. */
export function refusalText(answer: Extract<NtripAnswer, { kind: "refused" }>, spec: NtripSpec): string {
  switch (answer.status) {
    case 401:
      return spec.username === undefined
        ? `the caster wants a user and password (${ownWords(answer, "401 Unauthorized")}): ntrip://USER:PASS@host/MOUNT`
        : `the caster refused user ${spec.username} (${ownWords(answer, "401 Unauthorized")}: wrong user or password?)`;
    case 403:
      return `the caster forbids mountpoint ${spec.mountpoint} to this user (403 Forbidden)`;
    case 404:
      return `the caster has no mountpoint ${spec.mountpoint} (${ownWords(answer, "404 Not Found")}; gnsskit ntrip sourcetable lists them)`;
    case 0:
      return /^ERROR\b/i.test(answer.reason) ? `the caster refused: "${answer.reason}"` : `not an NTRIP caster: it answered "${answer.reason}"`;
    default:
      return `the caster answered ${answer.status}${answer.reason === "" ? "" : ` ${answer.reason}`}`;
  }
}

function indexOfCrlf(bytes: Uint8Array, from: number): number | undefined {
  for (let i = from; i + 1 < bytes.length; i++) if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) return i;
  return undefined;
}

function latin1(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

// ───────────────────────────── HTTP/1.1 chunked bodies ─────────────────────────────

export interface ChunkedDecoder {
  /** Bytes of the body as received; the data inside the chunks goes to `onData`. */
  push(bytes: Uint8Array): void;
  /** The last (zero-size) chunk came: the caster ended the stream. */
  readonly ended: boolean;
}

/**
 * Streaming decoder of `Transfer-Encoding: chunked` (RFC 9112 §7.1): `size-in-hex[;ext]\r\n data \r\n`, a zero
 * size ends. A malformed size line is a protocol error (`onError`, once), not data.
 */
export function createChunkedDecoder(onData: (bytes: Uint8Array) => void, onError: (message: string) => void): ChunkedDecoder {
  let state: "size" | "data" | "data-crlf" | "trailer" | "ended" | "failed" = "size";
  let sizeLine = "";
  let remaining = 0;
  let crlfSeen = 0;
  let trailerLineLength = 0;
  const fail = (message: string): void => {
    state = "failed";
    onError(message);
  };
  return {
    get ended() {
      return state === "ended";
    },
    push(bytes) {
      let i = 0;
      while (i < bytes.length) {
        switch (state) {
          case "size": {
            const byte = bytes[i++]!;
            if (byte === 0x0a) {
              const hex = sizeLine.replace(/;.*$/, "").trim();
              sizeLine = "";
              if (!/^[0-9a-f]{1,8}$/i.test(hex)) return fail(`bad chunk size "${printable(hex.slice(0, 20))}"`);
              remaining = Number.parseInt(hex, 16);
              state = remaining === 0 ? "trailer" : "data";
            } else if (byte !== 0x0d) {
              sizeLine += String.fromCharCode(byte);
              if (sizeLine.length > 64) return fail("chunk size line too long");
            }
            break;
          }
          case "data": {
            const take = Math.min(remaining, bytes.length - i);
            onData(bytes.subarray(i, i + take));
            i += take;
            remaining -= take;
            if (remaining === 0) {
              state = "data-crlf";
              crlfSeen = 0;
            }
            break;
          }
          case "data-crlf": {
            const byte = bytes[i++]!;
            if (byte === 0x0a) state = "size";
            else if (byte !== 0x0d || ++crlfSeen > 1) return fail("chunk not followed by CRLF");
            break;
          }
          case "trailer": {
            // trailer fields, then the empty line that ends the body: nothing to keep
            const byte = bytes[i++]!;
            if (byte === 0x0a) {
              if (trailerLineLength === 0) state = "ended";
              trailerLineLength = 0;
            } else if (byte !== 0x0d) trailerLineLength++;
            break;
          }
          case "ended":
          case "failed":
            return;
        }
      }
    },
  };
}

// ───────────────────────────── the sourcetable ─────────────────────────────

/** One `STR` record: a mountpoint and what it serves (NTRIP v2 Table 6). */
export interface SourcetableStream {
  mountpoint: string;
  identifier: string;
  /** e.g. `RTCM 3.2` */
  format: string;
  /** message types and rates, e.g. `1005(10),1077(1)` */
  formatDetails: string;
  /** 0 none, 1 L1, 2 L1+L2 */
  carrier?: number;
  navSystem: string;
  network: string;
  country: string;
  latitudeDeg?: number;
  longitudeDeg?: number;
  /** The caster wants the rover's GGA (VRS, nearest base) */
  nmeaRequired: boolean;
  /** 0 single base, 1 network */
  solution?: number;
  generator: string;
  compression: string;
  /** N none, B basic, D digest */
  authentication: string;
  fee: boolean;
  bitrateBps?: number;
  misc: string;
}

export interface Sourcetable {
  streams: SourcetableStream[];
  /** CAS and NET records, as sent (their fields are informative only) */
  casters: string[];
  networks: string[];
  /** Lines that are none of these */
  unknownLines: number;
}

const numberOrUndefined = (text: string | undefined): number | undefined => {
  if (text === undefined || text.trim() === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
};

export function parseSourcetable(text: string): Sourcetable {
  const table: Sourcetable = { streams: [], casters: [], networks: [], unknownLines: 0 };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || /^ENDSOURCETABLE/i.test(line)) continue;
    const fields = line.split(";");
    const kind = (fields[0] ?? "").toUpperCase();
    if (kind === "CAS") table.casters.push(printable(line));
    else if (kind === "NET") table.networks.push(printable(line));
    else if (kind === "STR" && fields.length >= 2 && fields[1] !== "") {
      const f = (i: number): string => printable((fields[i] ?? "").trim());
      const stream: SourcetableStream = {
        mountpoint: f(1),
        identifier: f(2),
        format: f(3),
        formatDetails: f(4),
        navSystem: f(6),
        network: f(7),
        country: f(8),
        nmeaRequired: f(11) === "1",
        generator: f(13),
        compression: f(14),
        authentication: f(15),
        fee: f(16).toUpperCase() === "Y",
        misc: fields.slice(18).join(";").trim(),
      };
      const carrier = numberOrUndefined(fields[5]);
      const latitude = numberOrUndefined(fields[9]);
      const longitude = numberOrUndefined(fields[10]);
      const solution = numberOrUndefined(fields[12]);
      const bitrate = numberOrUndefined(fields[17]);
      if (carrier !== undefined) stream.carrier = carrier;
      // 0;0 is how casters write "no position"
      if (latitude !== undefined && longitude !== undefined && (latitude !== 0 || longitude !== 0) && Math.abs(latitude) <= 90) {
        stream.latitudeDeg = latitude;
        stream.longitudeDeg = longitude > 180 ? longitude - 360 : longitude;
      }
      if (solution !== undefined) stream.solution = solution;
      if (bitrate !== undefined) stream.bitrateBps = bitrate;
      table.streams.push(stream);
    } else table.unknownLines++;
  }
  return table;
}

/** Streams nearest first from `position` (those without a position last, in table order), with their distance. */
export function nearestStreams(
  streams: SourcetableStream[],
  position: { latitudeDeg: number; longitudeDeg: number } | undefined,
): { stream: SourcetableStream; distanceM?: number }[] {
  const ranked = streams.map((stream, index) => {
    const located = position !== undefined && stream.latitudeDeg !== undefined && stream.longitudeDeg !== undefined;
    return { stream, index, ...(located ? { distanceM: distanceM(position, { latitudeDeg: stream.latitudeDeg!, longitudeDeg: stream.longitudeDeg! }) } : {}) };
  });
  ranked.sort((a, b) => (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity) || a.index - b.index);
  return ranked.map(({ stream, distanceM: d }) => (d === undefined ? { stream } : { stream, distanceM: d }));
}
