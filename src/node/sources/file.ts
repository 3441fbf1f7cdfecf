// A recorded log as a source: not live, chunks as fast as the consumer pulls them.

import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { SourceError, type Source } from "../../sources/source.js";
import { createStreamSource, describeFsError } from "./_stream-source.js";

export interface FileSourceOptions {
  /** Read size (bytes). Default 64 KiB. */
  chunkBytes?: number;
}

export function createFileSource(path: string, options: FileSourceOptions = {}): Source {
  return createStreamSource({
    name: path,
    live: false,
    describeError: describeFsError,
    openStream: async () => {
      try {
        const info = await stat(path);
        if (info.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
      } catch (error) {
        throw new SourceError(`cannot read ${path}: ${describeFsError(error)}`, { cause: error });
      }
      const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 64 * 1024 });
      // Surface EACCES and the like at open(), not at the first read.
      await new Promise<void>((resolve, reject) => {
        stream.once("ready", () => {
          stream.off("error", reject);
          resolve();
        });
        stream.once("error", reject);
      }).catch((error: unknown) => {
        stream.destroy();
        throw new SourceError(`cannot read ${path}: ${describeFsError(error)}`, { cause: error });
      });
      return stream;
    },
  });
}
