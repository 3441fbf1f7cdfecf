// KML 2.2 export: a Document with one Placemark per track segment, streamed.
//
// Segments: the rule GPX and GeoJSON use too. A segment is a run of consecutive epochs with a position;
// an epoch without one (a fix loss) ends it. A change between 2D and 3D does not. A segment of a single
// fix becomes a Point, a longer one a LineString.
//
// Altitude: altitudeMode belongs to the whole LineString, so it is chosen per segment. A segment is
// `absolute` (altitude above mean sea level, the receiver's MSL altitude) when any of its fixes has an
// altitude; its fixes without one (2D fixes, which a receiver computes on a held altitude: no measurement, whether
// it reports that height or not) are drawn at the segment's last known altitude before them, or its first known one for those
// at its start. A segment with no altitude at all is `clampToGround` and its tuples are lon,lat.
// To decide, the fixes at a segment's start wait until the first altitude arrives; after
// `maxPendingPoints` of them without one (bounded memory) the segment is `clampToGround`.
//
// gx:Track would carry times, but its schema wants every <when> before every <gx:coord>, which
// cannot be streamed; each Placemark has the time of its first fix.

import type { Epoch } from "../types.js";
import type { EpochWriter } from "./writer.js";
import { DECIMALS, altitudeMeasured, escapeXml, formatFixed, formatIsoTime, hasPosition } from "./export-format.js";

export interface KmlWriterOptions {
  /** The Document's <name>. */
  name?: string;
  /** Most fixes held back at a segment's start while no altitude is known; 1000 by default, at least 2. */
  maxPendingPoints?: number;
}

interface KmlPoint {
  lonLat: string;
  /** MSL altitude, formatted; undefined when the epoch has none */
  altitude?: string;
  time?: string;
}

type AltitudeMode = "absolute" | "clampToGround";

function pointOf(epoch: Epoch & { latitudeDeg: number; longitudeDeg: number }): KmlPoint {
  const lon = formatFixed(epoch.longitudeDeg, DECIMALS.degrees) ?? "0";
  const lat = formatFixed(epoch.latitudeDeg, DECIMALS.degrees) ?? "0";
  const altitude = altitudeMeasured(epoch) ? formatFixed(epoch.altitudeMslM, DECIMALS.metres) : undefined;
  const time = formatIsoTime(epoch.timeMs);
  return {
    lonLat: `${lon},${lat}`,
    ...(altitude !== undefined ? { altitude } : {}),
    ...(time !== undefined ? { time } : {}),
  };
}

export function createKmlWriter(options: KmlWriterOptions = {}): EpochWriter {
  const maxPendingPoints = Math.max(2, Math.floor(options.maxPendingPoints ?? 1000));
  let segment = 0;
  // The segment's fixes not written yet: until its altitude mode is known, and until a second fix
  // shows it is a line, not a Point.
  let pending: KmlPoint[] = [];
  let mode: AltitudeMode | undefined;
  // The altitude drawn for a fix without one, in an absolute segment.
  let heldAltitude: string | undefined;
  let lineOpen = false;

  const tuple = (point: KmlPoint): string => {
    if (mode !== "absolute") return point.lonLat;
    heldAltitude = point.altitude ?? heldAltitude;
    return heldAltitude === undefined ? point.lonLat : `${point.lonLat},${heldAltitude}`;
  };

  const placemarkStart = (first: KmlPoint): string => {
    segment += 1;
    const description = [
      first.time !== undefined ? `from ${first.time}` : undefined,
      mode === "absolute" ? "altitude above mean sea level" : "no altitude known: clamped to the ground",
    ]
      .filter((s) => s !== undefined)
      .join(", ");
    return (
      `    <Placemark>\n      <name>Segment ${segment}</name>\n` +
      `      <description>${escapeXml(description)}</description>\n` +
      (first.time !== undefined ? `      <TimeStamp><when>${first.time}</when></TimeStamp>\n` : "") +
      "      <styleUrl>#track</styleUrl>\n"
    );
  };
  const altitudeModeElement = (): string => `<altitudeMode>${mode ?? "clampToGround"}</altitudeMode>`;

  /** Opens the LineString with the pending fixes (at least two, mode decided). */
  const openLine = (): string => {
    const [first] = pending;
    if (first === undefined) return "";
    const text =
      placemarkStart(first) +
      `      <LineString>\n        <tessellate>1</tessellate>\n        ${altitudeModeElement()}\n` +
      "        <coordinates>" +
      pending.map((p) => `\n          ${tuple(p)}`).join("");
    pending = [];
    lineOpen = true;
    return text;
  };

  const endSegment = (): string => {
    let text = "";
    if (lineOpen) text = "\n        </coordinates>\n      </LineString>\n    </Placemark>\n";
    else if (pending.length > 0) {
      mode ??= "clampToGround";
      const [first] = pending;
      if (pending.length >= 2) text = openLine() + "\n        </coordinates>\n      </LineString>\n    </Placemark>\n";
      else if (first !== undefined)
        text = placemarkStart(first) + `      <Point>${altitudeModeElement()}<coordinates>${tuple(first)}</coordinates></Point>\n    </Placemark>\n`;
    }
    pending = [];
    mode = undefined;
    heldAltitude = undefined;
    lineOpen = false;
    return text;
  };

  return {
    header: () =>
      '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n  <Document>\n' +
      (options.name !== undefined ? `    <name>${escapeXml(options.name)}</name>\n` : "") +
      '    <Style id="track"><LineStyle><color>ff1e64dc</color><width>3</width></LineStyle></Style>\n',
    epoch: (epoch) => {
      if (!hasPosition(epoch)) return endSegment();
      const point = pointOf(epoch);
      if (lineOpen) return `\n          ${tuple(point)}`;
      pending.push(point);
      if (mode === undefined) {
        if (point.altitude !== undefined) {
          mode = "absolute";
          // The fixes before the first altitude are drawn at it.
          heldAltitude = point.altitude;
        } else if (pending.length >= maxPendingPoints) mode = "clampToGround";
      }
      return mode !== undefined && pending.length >= 2 ? openLine() : "";
    },
    footer: () => `${endSegment()}  </Document>\n</kml>\n`,
  };
}
