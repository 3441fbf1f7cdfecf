// Why a TTFF is not given in seconds, in one wording for decode, monitor, report and the demo page.
import type { NonGnssQuality, TtffInfo } from "../types.js";
import { formatCount } from "./format.js";

/**
 * The reason TTFF is not measured, or undefined when it is (or no fix came yet). `where`: what the start was
 * (a log's beginning, a live source's opening, a restart the receiver showed).
 */
export function ttffNotMeasuredText(
  ttff: Pick<TtffInfo, "fixAtStart" | "cyclesBeforeFix" | "untimedCycles" | "timeJumped" | "clockSet" | "silenceBeforeFix">,
  where: "log" | "source" | "restart" = "log",
  /** The log's lines carry a logger's text (`logger-text` diagnostics): maybe receive times, in a form gnsskit does not read. */
  loggerText = false,
  /** Whether to say what would have measured it (false where a line above has said so) */
  hint = true,
): string | undefined {
  if (ttff.fixAtStart === true) {
    const when = where === "log" ? "the log began" : where === "source" ? "the source opened" : "its restart was seen (its first cycle after it)";
    return `not measurable: the receiver already had a fix when ${when}`;
  }
  if (ttff.cyclesBeforeFix !== undefined) {
    const untimed =
      ttff.untimedCycles === undefined
        ? ""
        : ttff.clockSet === true
          ? `, the first ${ttff.untimedCycles} on a default clock the receiver then set from the satellites`
          : ttff.timeJumped === true
            ? `, the first ${ttff.untimedCycles} before the receiver's time jumped (a gap in the log?)`
            : ttff.silenceBeforeFix === true
              ? `, the first ${ttff.untimedCycles} before the source fell silent for longer than a cycle lasts`
              : `, the first ${ttff.untimedCycles} without any time`;
    // receive times that stepped over a silence are kept already: recording again would not help. The receiver is
    // what to record: a recording of the log has no more times than the log (`record` adds none it did not measure).
    // A logger's text on every line may be its receive times already: recording again is not what is missing.
    const advice =
      ttff.silenceBeforeFix === true || !hint
        ? ""
        : loggerText
          ? " (the log's lines carry a logger's text, maybe its receive times: gnsskit reads receive times only in the `@` prefixes `gnsskit record` writes)"
          : " (record the receiver itself with `gnsskit record` to keep receive times)";
    return `not measured: first fix after ${formatCount(ttff.cyclesBeforeFix, "cycle")}${untimed}${advice}`;
  }
  return undefined;
}

/**
 * No TTFF because the receiver reported only positions that are not GNSS fixes, in one wording for the summary and
 * the report: `no GNSS fix: the receiver reported dead reckoning only`; a timing receiver solves time from the
 * satellites, not its position: `no position fix: the receiver reported time only (…)`.
 */
export function nonGnssTtffText(quality: NonGnssQuality): string {
  switch (quality) {
    case "dead-reckoning":
      return "no GNSS fix: the receiver reported dead reckoning only";
    case "manual":
      return "no GNSS fix: the receiver reported a manual position only";
    case "time-only":
      return "no position fix: the receiver reported time only (a surveyed-in or entered position)";
    case "simulated":
      return "no GNSS fix: the receiver reported simulated positions only (its simulator mode)";
  }
}
