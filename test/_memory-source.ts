import type { Source } from "../src/sources/source.js";

/**
 * Bytes already in memory as a Source: a log (cut into 4 KiB chunks) or the chunks given, read as fast as the
 * reader takes them, no clock of its own (the log's own times count). Closing stops the reading.
 */
export function memorySource(bytes: Uint8Array | readonly Uint8Array[], name = "memory"): Source {
  const chunks =
    bytes instanceof Uint8Array ? Array.from({ length: Math.ceil(bytes.length / 4096) }, (_, i) => bytes.subarray(i * 4096, (i + 1) * 4096)) : bytes;
  let closed = false;
  return {
    name,
    live: false,
    async open() {
      closed = false;
    },
    async *[Symbol.asyncIterator]() {
      for (const chunk of chunks) {
        if (closed) return;
        yield chunk;
      }
    },
    async close() {
      closed = true;
    },
  };
}
