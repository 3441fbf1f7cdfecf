// V8 doubles a heap's young generation whenever enough of it survives, up to 2 × 16 MB, and a long decode gets
// there: a third of its peak RSS was that nursery of short-lived garbage (issue 18). Held at HELD_BYTES it costs a
// few % more CPU time (more survivors promoted) for 20-35 MB less RSS on 51-200 MB logs; held at its 1 MB start, 15-20 %.
// The size cannot be set from inside a running process; the growth factor is read at each growth, so setting it
// holds, until a worker thread starts (Node sets V8's flags again for it: measured on Node 20). Set only in a long
// decode (the gpsd printer's worker runs): any V8 flag set at run time makes Node's own modules miss their code
// cache (their flags differ), which doubles the time to load the ones still to come: a short run would pay for it.

import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";

/** The young generation's size (both halves) at which growth is stopped. */
const HELD_BYTES = 4 * 1024 * 1024;

/**
 * Stops the young generation of every heap of this process from growing once this thread's has reached
 * HELD_BYTES; true when it did. Called again after a worker thread started.
 */
export function holdYoungGeneration(): boolean {
  const young = getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
  if (young === undefined || young.space_size < HELD_BYTES) return false;
  setFlagsFromString("--semi-space-growth-factor=1");
  return true;
}
