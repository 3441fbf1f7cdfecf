// KML 2.2 export: a Document with one Placemark per track segment, streamed.
//
// A segment is a stretch of continuous fixes with the same kind of altitude: a fix loss, or a
// switch between 3D (altitude known: altitudeMode absolute, i.e. above mean sea level) and 2D
// (clampToGround), starts a new one, because altitudeMode belongs to the whole LineString.
// gx:Track would carry times, but its schema wants every <when> before every <gx:coord>, which
// cannot be streamed. A segment of a single fix becomes a Point.

import type { Epoch } from "../types.js";
import type { EpochWriter } from "./writer.js";
import { DECIMALS, escapeXml, formatFixed, formatIsoTime, hasPosition } from "./export-format.js";

export interface KmlWriterOptions {
  /** The Document's <name>. */
  name?: string;
}

interface KmlPoint {
  tuple: string;
  absolute: boolean;
  time?: string;
  mode: Epoch["mode"];
}

function pointOf(epoch: Epoch & { latitudeDeg: number; longitudeDeg: number }): KmlPoint {
  const lon = formatFixed(epoch.longitudeDeg, DECIMALS.degrees) ?? "0";
  const lat = formatFixed(epoch.latitudeDeg, DECIMALS.degrees) ?? "0";
  const alt = epoch.mode === "3d" ? formatFixed(epoch.altitudeMslM, DECIMALS.metres) : undefined;
  const time = formatIsoTime(epoch.timeMs);
  return {
    tuple: alt === undefined ? `${lon},${lat}` : `${lon},${lat},${alt}`,
    absolute: alt !== undefined,
    mode: epoch.mode,
    ...(time !== undefined ? { time } : {}),
  };
}

export function createKmlWriter(options: KmlWriterOptions = {}): EpochWriter {
  let segment = 0;
  // The segment's first point waits until a second one shows it is a line, not a Point.
  let first: KmlPoint | undefined;
  let lineOpen = false;

  const placemarkStart = (point: KmlPoint): string => {
    segment += 1;
    const description = [point.time !== undefined ? `from ${point.time}` : undefined, `${point.mode} fix`]
      .filter((s) => s !== undefined)
      .join(", ");
    return (
      `    <Placemark>\n      <name>Segment ${segment}</name>\n` +
      `      <description>${escapeXml(description)}</description>\n` +
      (point.time !== undefined ? `      <TimeStamp><when>${point.time}</when></TimeStamp>\n` : "") +
      "      <styleUrl>#track</styleUrl>\n"
    );
  };
  const altitudeMode = (point: KmlPoint): string =>
    `<altitudeMode>${point.absolute ? "absolute" : "clampToGround"}</altitudeMode>`;

  const endSegment = (): string => {
    let text = "";
    if (lineOpen) text = "\n        </coordinates>\n      </LineString>\n    </Placemark>\n";
    else if (first !== undefined)
      text =
        placemarkStart(first) +
        `      <Point>${altitudeMode(first)}<coordinates>${first.tuple}</coordinates></Point>\n    </Placemark>\n`;
    first = undefined;
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
      let text = "";
      const head = first;
      if (head !== undefined && head.absolute !== point.absolute) text = endSegment();
      if (first === undefined) {
        first = point;
        return text;
      }
      if (!lineOpen) {
        lineOpen = true;
        return (
          text +
          placemarkStart(first) +
          `      <LineString>\n        <tessellate>1</tessellate>\n        ${altitudeMode(first)}\n` +
          `        <coordinates>\n          ${first.tuple}\n          ${point.tuple}`
        );
      }
      return `\n          ${point.tuple}`;
    },
    footer: () => `${endSegment()}  </Document>\n</kml>\n`,
  };
}
