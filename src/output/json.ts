// `decode --format json`: gnsskit's own Epoch objects (src/types.ts), one JSON object per line.

import type { EpochWriter } from "./writer.js";

export function createJsonWriter(): EpochWriter {
  return { header: () => "", epoch: (epoch) => `${JSON.stringify(epoch)}\n`, footer: () => "" };
}
