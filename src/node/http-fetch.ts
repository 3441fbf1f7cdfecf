// The network method's HTTP exchange on Node's own http/https modules instead of the global fetch. Node 20's fetch
// (undici) loads and compiles its whole client on the first request: a `gnsskit locate` spent 0.3 s of CPU and of
// wall time before its one POST went out (0.43 s against 0.12 s; a bare POST in `node -e`: 0.39 s against 0.10 s),
// time a first network location waits for. It does what postJson (methods/network/http.ts) asks of a fetch:
// one request, redirects not followed (node:http never follows them), the signal aborts request and body, the
// body read as it comes. Like fetch it inflates a gzip, deflate or brotli body, chunk by chunk, so postJson's cap
// counts inflated bytes whatever the peer sends (a service that compresses although asked for identity).

import { type IncomingMessage, request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Readable, Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { BodyLike, FetchLike, ResponseLike } from "../methods/network/http.js";

/** By the peer's Content-Encoding (a Map: a header naming `constructor` finds nothing). */
const DECODERS = new Map<string, () => Transform>([
  ["gzip", createGunzip],
  ["x-gzip", createGunzip],
  ["deflate", createInflate],
  ["br", createBrotliDecompress],
]);

/** The response's body, inflated when it says it is compressed; an unknown coding is given as it came, as fetch does. */
function bodyOf(response: IncomingMessage): BodyLike {
  const coding = String(response.headers["content-encoding"] ?? "")
    .trim()
    .toLowerCase();
  const decoder = DECODERS.get(coding);
  const stream: Readable = decoder === undefined ? response : response.pipe(decoder());
  if (decoder !== undefined) response.on("error", (error) => stream.destroy(error));
  const chunks = stream[Symbol.asyncIterator]();
  const cancel = (): Promise<void> => {
    stream.destroy();
    response.destroy();
    return Promise.resolve();
  };
  return {
    getReader: () => ({
      read: async () => {
        const next = await chunks.next();
        if (next.done === true) return { done: true };
        const chunk = next.value as Buffer;
        return { done: false, value: new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength) };
      },
      cancel,
    }),
    cancel,
  };
}

function responseOf(response: IncomingMessage): ResponseLike {
  return {
    status: response.statusCode ?? 0,
    headers: {
      get: (name) => {
        const value = response.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
    body: bodyOf(response),
  };
}

export const nodeFetch: FetchLike = (input, init) =>
  new Promise<ResponseLike>((resolve, reject) => {
    const url = new URL(input);
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const request = send(
      url,
      { method: init.method, headers: { ...init.headers, "Content-Length": String(Buffer.byteLength(init.body)) }, signal: init.signal },
      (response) => resolve(responseOf(response)),
    );
    // as fetch words it: the cause (ECONNREFUSED, a certificate's code) is what postJson names
    request.on("error", (error) => reject(init.signal.aborted ? init.signal.reason : Object.assign(new TypeError("fetch failed"), { cause: error })));
    request.end(init.body);
  });
