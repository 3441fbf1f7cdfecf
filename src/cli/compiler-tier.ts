// V8's optimising compiler (TurboFan) costs CPU time on threads of its own before its code pays back: decoding the
// gpsd corpus's real logs it compiles some 170 functions of the pipeline (framer, parser and its decoders, tracker,
// sky, gpsd printer), about a second of CPU, as much as the decoding itself of a 2 MB log. Measured (issue 18,
// 2 cores, alternating runs): a 2.3 MB log took 2060 ms of CPU with it and 1140 without (wall 2.2 → 1.4 s), an
// 11 MB log 3170 ms with it and 3940 without. So a log known to be small is decoded with the baseline tiers only
// (V8's --max-opt=2: its interpreter and Sparkplug, and Maglev where the Node version enables it).

import { setFlagsFromString } from "node:v8";

/**
 * Below this size a log is decoded without the optimising compiler. Measured on the joined corpus (CPU time,
 * medians of 3-5 alternating runs, the flag on the command line): 4.5 MB 2120 → 1600 ms without it, 6.8 MB 2330 → 2160, 7.9 MB 2430 → 2500
 * (even), 11 MB 2580 → 3830 (it wins).
 */
const OPTIMISE_FROM_BYTES = 6 * 1024 * 1024;
/**
 * Below this size nothing runs long enough to be optimised, and no flag is set: a flag set makes Node's modules
 * loaded after it miss their code cache (and through node:v8 it loaded the stream modules, 6-8 ms of a 10-line decode). From 8 KB on V8 does start optimising compiles, and a
 * process ends only once the ones under way are done: 20-30 ms of a 20-60 KB log's decode spent waiting for code
 * that never ran (measured, 15-25 alternating runs: 8 KB 190 → 158 ms median wall, 20 KB 190 → 160, 40 KB 190 → 160
 * with the flag; a 555-byte log 151 → 159).
 */
const TOO_SMALL_TO_MATTER_BYTES = 4 * 1024;

/** Set in a worker thread that decodes one of several files (per-file-worker.ts): see chooseCompilerTier. */
let tierLeftAlone = false;

/**
 * The flag is the process's: a thread decoding one of several files leaves it alone, its neighbours may be large.
 * Called by that thread (rather than asking worker_threads' isMainThread, whose module and the stream modules it
 * loads were 2 ms of a 182 KB log's decode).
 */
export function leaveCompilerTierAlone(): void {
  tierLeftAlone = true;
}

/**
 * Before decoding a log of `bytes` (0: not a file, or its size is unknown): the compiler tier that costs least for
 * it, unless leaveCompilerTierAlone() was called in this thread.
 */
export function chooseCompilerTier(bytes: number): void {
  // The build's training run (GNSSKIT_WRITE_CACHES, scripts/bundle-cli.mjs) writes the code cache under the flags
  // every run loads it with: V8 rejects a cache written after a flag was set.
  if (process.env.GNSSKIT_WRITE_CACHES) return;
  if (bytes >= TOO_SMALL_TO_MATTER_BYTES && bytes < OPTIMISE_FROM_BYTES && !tierLeftAlone) setV8Flags("--max-opt=2");
}

/** What node:v8's setFlagsFromString calls: Node's own binding of V8. */
interface V8Binding {
  setFlagsFromString(flags: string): void;
}

/**
 * Sets V8 flags without loading node:v8 where Node still hands out its binding: node:v8 loads Node's stream modules
 * (its heap snapshots are streams), some thirty modules compiled from source once a flag has changed, 4-6 ms of a
 * 182 KB decode's 150 (issue 18). process.binding("v8") is deprecated (DEP0111): its one warning is kept off stderr
 * for this call (a user's own `--no-deprecation` stays as it was), and a Node without it gets node:v8.
 */
function setV8Flags(flags: string): void {
  // under --no-deprecation Node makes process.noDeprecation a read-only true: nothing to quiet, nothing to write
  const quiet = process.noDeprecation === true;
  let binding: V8Binding | undefined;
  try {
    if (!quiet) process.noDeprecation = true;
    binding = (process as unknown as { binding(name: string): Partial<V8Binding> }).binding("v8") as V8Binding;
  } catch {
    binding = undefined;
  } finally {
    if (!quiet) process.noDeprecation = false;
  }
  if (typeof binding?.setFlagsFromString === "function") binding.setFlagsFromString(flags);
  else setFlagsFromString(flags);
}
