// V8's optimising compiler (TurboFan) costs CPU time on threads of its own before its code pays back: decoding the
// gpsd corpus's real logs it compiles some 170 functions of the pipeline (framer, parser and its decoders, tracker,
// sky, gpsd printer), about a second of CPU, as much as the decoding itself of a 2 MB log. Measured (issue 18,
// 2 cores, alternating runs): a 2.3 MB log took 2060 ms of CPU with it and 1140 without (wall 2.2 → 1.4 s), an
// 11 MB log 3170 ms with it and 3940 without. So a log known to be small is decoded with the optimising compiler
// kept to the framer's byte loops (OPTIMISED_FUNCTIONS), everything else on the baseline tiers (V8's interpreter
// and Sparkplug). Those two loops see every byte of the log, where optimised code runs ~10× faster than the
// baseline tiers' (a character scan of 2.3 MB: 65-95 ms against 8), and they are small, so cheap to compile; the
// per-sentence code (parser, decoders, tracker, sky) is many larger functions that V8 compiles again after each
// deoptimisation a multi-vendor log causes. A 2.3 MB decode: 6.97 G instructions under callgrind with the baseline
// tiers only (--max-opt=2), 6.14 G with the framer's loops optimised.

import { setFlagsFromString } from "node:v8";
import { isMainThread } from "node:worker_threads";

/**
 * V8's --turbo-filter: the optimising compiler takes only functions whose name begins with `#run`, the framer's
 * byte loops (`#run`, `#runSentence` in src/framing/framer.ts; test/cli/compiler-tier.test.ts checks they are what
 * it optimises). One pattern is all V8 takes.
 */
const OPTIMISED_FUNCTIONS = "#run*";

/**
 * Below this size only the framer's loops are optimised. Measured on the joined corpus with the baseline tiers only
 * (CPU time, medians of 3-5 alternating runs, the flag on the command line): 4.5 MB 2120 → 1600 ms without the
 * optimising compiler, 6.8 MB 2330 → 2160, 7.9 MB 2430 → 2500 (even), 11 MB 2580 → 3830 (it wins).
 */
const OPTIMISE_FROM_BYTES = 6 * 1024 * 1024;
/** Below this size nothing runs long enough to be optimised: no flag is set (a V8 flag set at run time makes Node's
 * modules loaded afterwards miss their code cache: young-generation.ts). */
const TOO_SMALL_TO_MATTER_BYTES = 64 * 1024;

/**
 * Before decoding a log of `bytes` (0: not a file, or its size is unknown): the compiler tier that costs least for
 * it. The flag is the process's: a worker decoding one of several files (per-file.ts) leaves it alone, its
 * neighbours may be large.
 */
export function chooseCompilerTier(bytes: number): void {
  // the size first: isMainThread's first use loads Node's worker_threads module (~4 ms of a short run)
  if (bytes >= TOO_SMALL_TO_MATTER_BYTES && bytes < OPTIMISE_FROM_BYTES && isMainThread) setFlagsFromString(`--turbo-filter=${OPTIMISED_FUNCTIONS}`);
}
