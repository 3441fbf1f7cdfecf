// GPX 1.1 export: one <trk>, a <trkseg> per track segment.
//
// Segments: the rule GeoJSON and KML use too. A segment is a run of consecutive epochs with a position;
// an epoch without one (a fix loss) ends it; a change between 2D and 3D does not. A segment of a single
// fix is a <trkseg> with one <trkpt> (GeoJSON and KML write it as a Point). <ele> is the altitude above
// mean sea level, left out where unknown (GPX allows it per point) and for a 2D fix (a held height).
// Elements of a <trkpt> follow the order the GPX 1.1 XSD requires (wptType is an xsd:sequence).

import type { Epoch } from "../types.js";
import type { EpochWriter } from "./writer.js";
import { isCorrectedQuality, isNonGnssQuality } from "../state/fix-machine.js";
import { DECIMALS, altitudeMeasured, escapeXml, formatFixed, formatIsoTime, hasPosition, wrapLongitude } from "./export-format.js";

export interface GpxWriterOptions {
  /** The track's <name>. */
  name?: string;
  /** The <gpx creator> attribute; "gnsskit" by default. */
  creator?: string;
}

/** GPX fixType: none | 2d | 3d | dgps | pps; undefined = leave <fix> out ("fix info unknown"). */
function gpxFix(epoch: Epoch): string | undefined {
  if (isNonGnssQuality(epoch.quality)) return undefined;
  switch (epoch.quality) {
    case "dgps":
    case "rtk-fixed":
    case "rtk-float":
      return "dgps";
    case "pps":
      return "pps";
    default:
      // a dimension the receiver did not state (RMC or GLL alone) is "fix info unknown", not 2d
      if (epoch.dimensionUnstated === true) return undefined;
      return epoch.mode === "none" ? "none" : epoch.mode;
  }
}

/** GPX dgpsStationType is an integer 0..1023; anything else is left out. */
function dgpsStation(id: string | undefined): string | undefined {
  if (id === undefined || !/^\d{1,4}$/.test(id.trim())) return undefined;
  const n = Number(id.trim());
  return n <= 1023 ? String(n) : undefined;
}

/** GPX degreesType is [0, 360). */
function magvar(deg: number | undefined): string | undefined {
  if (deg === undefined || !Number.isFinite(deg)) return undefined;
  const text = formatFixed(((deg % 360) + 360) % 360, DECIMALS.angle);
  return text === "360.00" ? "0.00" : text;
}

function element(name: string, value: string | undefined): string {
  return value === undefined ? "" : `<${name}>${value}</${name}>`;
}

function trackPoint(epoch: Epoch & { latitudeDeg: number; longitudeDeg: number }): string {
  const lat = formatFixed(epoch.latitudeDeg, DECIMALS.degrees);
  const lon = formatFixed(wrapLongitude(epoch.longitudeDeg, DECIMALS.degrees), DECIMALS.degrees);
  const sats = epoch.satellitesUsed;
  // GPX's ageofdgpsdata and dgpsid are of the corrections the fix used (the tracker's epochs carry them only then,
  // epoch-merge.ts; an epoch made elsewhere may not): a GGA's "0.0,0000" beside an autonomous fix is a placeholder
  const corrected = isCorrectedQuality(epoch.quality);
  const dgpsAge = corrected && epoch.dgpsAgeS !== undefined && epoch.dgpsAgeS >= 0 ? epoch.dgpsAgeS : undefined;
  return (
    `      <trkpt lat="${lat}" lon="${lon}">` +
    element("ele", altitudeMeasured(epoch) ? formatFixed(epoch.altitudeMslM, DECIMALS.metres) : undefined) +
    element("time", formatIsoTime(epoch.timeMs)) +
    element("magvar", magvar(epoch.magneticVariationDeg)) +
    element("geoidheight", formatFixed(epoch.geoidSeparationM, DECIMALS.metres)) +
    element("fix", gpxFix(epoch)) +
    element("sat", sats !== undefined && sats >= 0 ? formatFixed(sats, 0) : undefined) +
    element("hdop", formatFixed(epoch.dop.hdop, DECIMALS.dop)) +
    element("vdop", formatFixed(epoch.dop.vdop, DECIMALS.dop)) +
    element("pdop", formatFixed(epoch.dop.pdop, DECIMALS.dop)) +
    element("ageofdgpsdata", formatFixed(dgpsAge, DECIMALS.seconds)) +
    element("dgpsid", corrected ? dgpsStation(epoch.dgpsStationId) : undefined) +
    "</trkpt>\n"
  );
}

export function createGpxWriter(options: GpxWriterOptions = {}): EpochWriter {
  const creator = escapeXml(options.creator ?? "gnsskit");
  let segmentOpen = false;
  return {
    header: () =>
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<gpx version="1.1" creator="${creator}" xmlns="http://www.topografix.com/GPX/1/1" ` +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">\n' +
      "  <trk>\n" +
      (options.name !== undefined ? `    <name>${escapeXml(options.name)}</name>\n` : ""),
    epoch: (epoch) => {
      if (!hasPosition(epoch)) {
        if (!segmentOpen) return "";
        segmentOpen = false;
        return "    </trkseg>\n";
      }
      const opening = segmentOpen ? "" : "    <trkseg>\n";
      segmentOpen = true;
      return opening + trackPoint(epoch);
    },
    footer: () => {
      const closing = segmentOpen ? "    </trkseg>\n" : "";
      segmentOpen = false;
      return closing + "  </trk>\n</gpx>\n";
    },
  };
}
