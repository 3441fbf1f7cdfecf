// Output formats are streaming writers: constant memory whatever the log size.
// The caller writes `header()`, then `epoch(e)` per epoch, then `footer()`; each returns text to append.

import type { Epoch } from "../types.js";

export interface EpochWriter {
  /** Text before the first epoch (XML prolog, CSV header row, ...); may be empty. */
  header(): string;
  /** Text for one epoch; empty when the format skips it (e.g. GPX skips epochs without a fix). */
  epoch(epoch: Epoch): string;
  /** Text after the last epoch (closing tags); may be empty. */
  footer(): string;
}
