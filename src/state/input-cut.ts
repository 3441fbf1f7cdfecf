// Which epoch the start of an input cut short. The tracker marks `incomplete` both a cycle the input ended inside
// and the input's first cycle when the input began after that cycle's position (it states a fix and gives none:
// tracker.ts). Readers that treat the two apart (gpsd's outputs leave the first out; the report names where each
// was cut) ask here, with the epoch's place in the input.

import type { Epoch } from "../types.js";

/** Whether `epoch`, the `index`-th of its input (0: the first), is the cycle the input's start cut short. */
export function cutByInputStart(epoch: Pick<Epoch, "incomplete">, index: number): boolean {
  return index === 0 && epoch.incomplete === true;
}
