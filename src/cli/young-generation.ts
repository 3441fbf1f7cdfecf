// V8 doubles a heap's young generation whenever enough of it survives, up to 2 × 16 MB, and a long decode gets
// there: a third of its peak RSS was that nursery of short-lived garbage (issue 18). With growth stopped it stays
// at the few MB it has (8 % more CPU time, 20-35 MB less RSS on 51-200 MB logs). The size cannot be set from inside
// a running process; the growth factor is read at each growth, so setting it holds, until a worker thread starts
// (Node sets V8's flags again for it: measured on Node 20). Set only once a decode proves long (the gpsd printer's
// worker runs): any V8 flag set at run time makes Node's own modules miss their code cache (their flags differ),
// which doubles the time to load the ones still to come: a short run would pay for it.

import { setFlagsFromString } from "node:v8";

/** Stops the young generation of every heap of this process from growing (again after each worker start). */
export function holdYoungGeneration(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
}
