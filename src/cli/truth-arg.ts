// `--truth LAT,LON[,ALT]` or `--truth TRACK.gpx`: where the antenna really was, for `report`.

import { parseGpx } from "../sim/motion/route.js";
import { parseTruthPoint, type Truth } from "../output/report/index.js";
import { badArguments } from "./errors.js";
import { optionFileErrorText, readOptionFile, TRACK_FILE_MAX_BYTES } from "../node/option-file.js";

export const TRUTH_HELP =
  "where the antenna really was: LAT,LON[,ALT] (degrees; ALT metres above mean sea level, as GGA's) or a GPX track " +
  "with a <time> on every point (its <ele> above mean sea level, as gnsskit's GPX): each fix's horizontal and vertical " +
  "error, CEP50/95 against the truth and against the receiver's own 95 % radius, a deviation plot with --html";

/** The truth an argument names; a bad one is exit 2 with one line. */
export function truthFromArgument(text: string): Truth {
  const point = parseTruthPoint(text);
  if (point !== undefined) return point;
  if (/^[-+\d.,\s]+$/.test(text)) {
    throw badArguments(`--truth ${text}: expected LAT,LON[,ALT] (degrees from −90 to 90 and −180 to 180, metres above mean sea level) or a GPX track file`);
  }
  let gpx: string;
  try {
    gpx = readOptionFile(text, TRACK_FILE_MAX_BYTES).toString("utf8");
  } catch (error) {
    throw badArguments(`--truth ${text}: cannot read the file (${optionFileErrorText(error)}); expected LAT,LON[,ALT] or a GPX track`);
  }
  const points = parseGpx(gpx);
  if (points.length === 0) throw badArguments(`--truth ${text}: no track points (GPX <trkpt> or <rtept>)`);
  const untimed = points.filter((p) => p.timeMs === undefined).length;
  if (points.length === 1 && untimed === 1) {
    const [only] = points;
    return {
      kind: "point",
      latitudeDeg: only!.latitudeDeg,
      longitudeDeg: only!.longitudeDeg,
      ...(only!.altitudeHaeM === undefined ? {} : { altitudeMslM: only!.altitudeHaeM }),
    };
  }
  if (untimed > 0) throw badArguments(`--truth ${text}: ${untimed} of ${points.length} points have no <time>: a truth track needs the time of each point`);
  return {
    kind: "track",
    // the GPX's <ele>, read as the route's height, is the height above mean sea level gnsskit's GPX writes
    points: points
      .map((p) => ({
        timeMs: p.timeMs!,
        latitudeDeg: p.latitudeDeg,
        longitudeDeg: p.longitudeDeg,
        ...(p.altitudeHaeM === undefined ? {} : { altitudeMslM: p.altitudeHaeM }),
      }))
      .sort((a, b) => a.timeMs - b.timeMs),
  };
}
