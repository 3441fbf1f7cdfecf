// The NTRIP client (Node): a Source of correction bytes from a caster's mountpoint, over the shared reconnecting
// link (src/sources/link-source.ts). Each connection sends the request (v2 by default, answered by v1 casters
// too), reads the answer's head, then hands over the stream (v2 chunks decoded). What goes wrong gets one line:
// 401/403/404, a sourcetable instead of a stream (with the mountpoints it lists), no answer, a caster that falls
// silent (the link is then lost and retried with backoff). The rover's GGA goes back to the caster on connection
// and every `ggaIntervalMs` (casters that compute a virtual base or pick the nearest want it).

import type { Socket } from "node:net";
import {
  answerHeadLength,
  isAnswerStatusLine,
  createChunkedDecoder,
  type ChunkedDecoder,
  describeNtrip,
  MAX_ANSWER_HEAD_BYTES,
  ntripRequest,
  parseAnswerHead,
  parseNtripUrl,
  parseSourcetable,
  refusalText,
  type NtripSpec,
  type Sourcetable,
} from "../../corrections/ntrip.js";
import { SourceError } from "../../sources/source.js";
import { RELEASE } from "../../state/week-rollover.js";
import { formatDuration } from "../../output/format.js";
import { createLinkSource, type Link, type LinkHandlers, type LinkSource } from "../../sources/link-source.js";
import { createReconnectPolicy, type ReconnectOptions } from "../../sources/reconnect.js";
import { connectSocket, socketLink } from "../sources/tcp.js";

export const NTRIP_USER_AGENT = `gnsskit/${RELEASE.version}`;

export interface NtripSourceOptions {
  /** 2 (default) or 1: the request's protocol version (a v2 request is answered by v1 casters too). */
  version?: 1 | 2;
  /** The rover's position as a GGA sentence, when known: sent on connection and every ggaIntervalMs. */
  gga?: () => string | undefined;
  /** How often the GGA goes back to the caster, ms (default 10 000; 0: only on connection). */
  ggaIntervalMs?: number;
  /** No byte from the caster for this long: the link is lost and retried (default 10 000 ms, RTKLIB's timeout). */
  silenceTimeoutMs?: number;
  /** Connection and answer timeout, ms (default 10 000). */
  connectTimeoutMs?: number;
  /** Default: retried from 1 s, doubling up to 10 s, for ever. */
  reconnect?: boolean | ReconnectOptions;
}

/** A caster's stream of correction bytes; `write` sends to the caster (the GGA goes this way). */
export interface NtripSource extends LinkSource {
  readonly spec: NtripSpec;
  /** Set (or replace) what gives the rover's GGA. */
  useGga(gga: () => string | undefined): void;
  /** GGA sentences sent to the caster so far. */
  readonly ggaSent: number;
}

/** The answer's head is not all there after this many bytes: not a caster. */
const MAX_SOURCETABLE_BYTES = 256 * 1024;

type Answered =
  /** Bytes after the head are the first of the stream. */
  { kind: "stream"; rest: Uint8Array; version: 1 | 2; chunked: boolean } | { kind: "sourcetable"; table: Sourcetable };

/** Reads the caster's answer on a fresh socket: a stream's head, or a whole sourcetable; rejects with the one-line reason for anything else. */
function readAnswer(socket: Socket, spec: NtripSpec, timeoutMs: number): Promise<Answered> {
  return new Promise((resolve, reject) => {
    let received = new Uint8Array(0);
    let sourcetable: { text: string; contentLength?: number; bodyBytes: number; chunks?: ChunkedDecoder } | undefined;
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      socket.off("error", onError);
    };
    const fail = (message: string): void => {
      cleanup();
      socket.destroy();
      reject(new SourceError(message));
    };
    const tableDone = (): void => {
      cleanup();
      socket.destroy();
      resolve({ kind: "sourcetable", table: parseSourcetable(sourcetable!.text) });
    };
    const onBody = (bytes: Uint8Array): void => {
      const table = sourcetable!;
      table.bodyBytes += bytes.length;
      if (table.chunks !== undefined) table.chunks.push(bytes);
      else table.text += latin1.decode(bytes);
      const complete =
        /ENDSOURCETABLE/i.test(table.text) || table.chunks?.ended === true || (table.contentLength !== undefined && table.bodyBytes >= table.contentLength);
      if (complete || table.bodyBytes > MAX_SOURCETABLE_BYTES) tableDone();
    };
    const onData = (chunk: Buffer): void => {
      if (sourcetable !== undefined) return onBody(chunk);
      const joined = new Uint8Array(received.length + chunk.length);
      joined.set(received);
      joined.set(chunk, received.length);
      received = joined;
      const headLength = answerHeadLength(received);
      if (headLength === undefined) {
        // A first line that no caster sends (an SSH or SMTP banner) is enough to know; else wait for the head.
        const firstLine = /^([^\r\n]*)\r?\n/.exec(latin1.decode(received.subarray(0, 256)))?.[1];
        if (firstLine !== undefined && !isAnswerStatusLine(firstLine)) return answered(firstLine);
        if (received.length > MAX_ANSWER_HEAD_BYTES)
          fail(`${describeNtrip(spec)}: not an NTRIP caster: no end of its answer's head in ${MAX_ANSWER_HEAD_BYTES} bytes`);
        return;
      }
      answered(latin1.decode(received.subarray(0, headLength)), headLength);
    };
    /** The answer's head is known (`headLength` undefined: the head is all there will be). */
    const answered = (head: string, headLength = received.length): void => {
      const answer = parseAnswerHead(head);
      if (answer.kind === "refused") return fail(`${describeNtrip(spec)}: ${refusalText(answer, spec)}`);
      if (answer.kind === "sourcetable") {
        sourcetable = { text: "", bodyBytes: 0, ...(answer.contentLength === undefined ? {} : { contentLength: answer.contentLength }) };
        if (answer.chunked) {
          sourcetable.chunks = createChunkedDecoder(
            (bytes) => (sourcetable!.text += latin1.decode(bytes)),
            (message) => fail(`${describeNtrip(spec)}: the caster's chunked sourcetable is broken (${message})`),
          );
        }
        onBody(received.subarray(headLength));
        return;
      }
      cleanup();
      resolve({ kind: "stream", rest: received.subarray(headLength), version: answer.version, chunked: answer.chunked });
    };
    const onClose = (): void => {
      if (sourcetable !== undefined) return tableDone();
      // str2str answers a refusal with its status line alone and closes
      const head = latin1.decode(received).trim();
      if (head !== "") {
        answered(head);
        if (sourcetable !== undefined) tableDone();
        return;
      }
      fail(`${describeNtrip(spec)}: the caster closed the connection without answering`);
    };
    const onError = (error: NodeJS.ErrnoException): void => fail(`${describeNtrip(spec)}: ${error.code ?? error.message}`);
    const timer = setTimeout(() => fail(`${describeNtrip(spec)}: no answer from the caster within ${formatDuration(timeoutMs)}`), timeoutMs);
    socket.on("data", onData);
    socket.on("close", onClose);
    socket.on("error", onError);
  });
}

const latin1 = new TextDecoder("latin1");

/** A caster's sourcetable (`GET /`), v2 request answered by v1 and v2 casters. */
export async function fetchSourcetable(url: string | NtripSpec, options: { timeoutMs?: number; version?: 1 | 2 } = {}): Promise<Sourcetable> {
  const spec = typeof url === "string" ? parseNtripUrl(url, { requireMountpoint: false }) : url;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const asked: NtripSpec = { ...spec, mountpoint: "" };
  const socket = await connectSocket(spec.host, spec.port, describeNtrip(asked), timeoutMs);
  socket.write(ntripRequest(asked, { version: options.version ?? 2, userAgent: NTRIP_USER_AGENT }));
  const answer = await readAnswer(socket, asked, timeoutMs);
  if (answer.kind === "stream") {
    socket.destroy();
    throw new SourceError(`${describeNtrip(asked)}: the caster answered with a stream, not its sourcetable`);
  }
  return answer.table;
}

/** The line for a caster that sent its sourcetable instead of the stream asked for. */
export function sourcetableText(spec: NtripSpec, table: Sourcetable): string {
  const mounts = table.streams.map((s) => s.mountpoint);
  const listed =
    mounts.length === 0 ? "it lists none" : `it lists ${mounts.slice(0, 12).join(", ")}${mounts.length > 12 ? ` and ${mounts.length - 12} more` : ""}`;
  return `${describeNtrip(spec)}: the caster sent its sourcetable instead of a stream: no mountpoint ${spec.mountpoint} (${listed})`;
}

/** A Source of RTCM bytes from `ntrip://[user:pass@]host[:port]/MOUNT`. Throws NtripUrlError for a bad URL. */
export function createNtripSource(url: string | NtripSpec, options: NtripSourceOptions = {}): NtripSource {
  const spec = typeof url === "string" ? parseNtripUrl(url) : url;
  const name = describeNtrip(spec);
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const silenceTimeoutMs = options.silenceTimeoutMs ?? 10_000;
  const ggaIntervalMs = options.ggaIntervalMs ?? 10_000;
  let gga = options.gga;
  let ggaSent = 0;
  const encoder = new TextEncoder();
  const reconnect =
    options.reconnect === false
      ? undefined
      : createReconnectPolicy({ initialDelayMs: 1000, maxDelayMs: 10_000, ...(typeof options.reconnect === "object" ? options.reconnect : {}) });

  const connect = async (handlers: LinkHandlers): Promise<Link> => {
    const socket = await connectSocket(spec.host, spec.port, name, connectTimeoutMs);
    const firstGga = gga?.();
    const version = options.version ?? 2;
    socket.write(ntripRequest(spec, { version, userAgent: NTRIP_USER_AGENT, ...(firstGga === undefined ? {} : { gga: firstGga }) }));
    // v1 has no header for it: the GGA follows the request
    if (version === 1 && firstGga !== undefined) {
      socket.write(`${firstGga}\r\n`);
      ggaSent++;
    } else if (firstGga !== undefined) ggaSent++;
    const answered = await readAnswer(socket, spec, connectTimeoutMs);
    if (answered.kind === "sourcetable") throw new SourceError(sourcetableText(spec, answered.table));
    handlers.event({ type: "connected", detail: `NTRIP ${answered.version}${answered.chunked ? ", chunked" : ""}` });

    let silence: ReturnType<typeof setTimeout> | undefined;
    const quietFor = (): void => {
      clearTimeout(silence);
      silence = setTimeout(() => handlers.lost(`no data from the caster for ${formatDuration(silenceTimeoutMs)}`), silenceTimeoutMs);
    };
    const chunks = answered.chunked
      ? createChunkedDecoder(
          (bytes) => handlers.data(bytes.slice()),
          (message) => handlers.lost(`the caster's chunked stream is broken (${message})`),
        )
      : undefined;
    const onBody = (bytes: Uint8Array): void => {
      quietFor();
      if (chunks === undefined) handlers.data(bytes);
      else {
        chunks.push(bytes);
        if (chunks.ended) handlers.lost("the caster ended the stream");
      }
    };
    const link = socketLink(socket, handlers, onBody);
    const timer = ggaIntervalMs > 0 ? setInterval(() => void sendGga(), ggaIntervalMs) : undefined;
    const sendGga = async (): Promise<void> => {
      const sentence = gga?.();
      if (sentence === undefined || socket.destroyed) return;
      await link.write?.(encoder.encode(`${sentence}\r\n`)).then(
        () => ggaSent++,
        () => undefined,
      );
    };
    quietFor();
    if (answered.rest.length > 0) onBody(answered.rest);
    return {
      write: link.write!,
      pause: link.pause!,
      resume: link.resume!,
      close: async () => {
        clearTimeout(silence);
        if (timer !== undefined) clearInterval(timer);
        await link.close();
      },
    };
  };

  const source = createLinkSource({ name, reconnect, connect });
  return Object.defineProperties(source, {
    spec: { value: spec, enumerable: true },
    useGga: { value: (provider: () => string | undefined) => void (gga = provider) },
    ggaSent: { get: () => ggaSent, enumerable: true },
  }) as NtripSource;
}
