// GeoJSON export (RFC 7946): a FeatureCollection, streamed with bounded memory.
//
// Segments: the rule GPX and KML use too. A segment is a run of consecutive epochs with a position;
// an epoch without one (a fix loss) ends it; a change between 2D and 3D does not. A segment of a
// single fix becomes a Point feature, a longer one a LineString. `points: true` writes one Point
// feature per fix instead.
//
// A single LineString whose per-point properties sit beside it cannot be written in one pass without
// keeping every point, so a segment is cut into LineString features of at most `maxLinePoints`
// positions, all with the same `properties.segment`. Each holds `properties.points`, one object per
// coordinate (same index), and a cut repeats the boundary position so the drawn line stays continuous.
//
// Positions are [longitude, latitude, height above the WGS-84 ellipsoid] (RFC 7946 §3.1.1). Within a
// feature, either every position has the height or none does: a LineString with one fix of unknown
// height (a 2D fix: the height it held is no measurement) is written in two dimensions. The per-point properties
// keep each 3D fix's altitude above mean sea level wherever it is known.

import type { Epoch } from "../types.js";
import type { EpochWriter } from "./writer.js";
import { DECIMALS, altitudeMeasured, formatFixed, formatIsoTime, hasPosition } from "./export-format.js";
import { satelliteCountsKnown } from "./csv.js";

export interface GeoJsonWriterOptions {
  /** One Point feature per fix instead of LineStrings. */
  points?: boolean;
  /** Most positions in one LineString feature (bounds memory); 1000 by default, at least 2. */
  maxLinePoints?: number;
}

interface BufferedPoint {
  /** `lon,lat`, formatted */
  lonLat: string;
  /** Ellipsoid height, formatted; undefined when unknown */
  height: string | undefined;
  properties: string;
}

function pointOf(epoch: Epoch & { latitudeDeg: number; longitudeDeg: number }): BufferedPoint {
  const lon = formatFixed(epoch.longitudeDeg, DECIMALS.degrees) ?? "0";
  const lat = formatFixed(epoch.latitudeDeg, DECIMALS.degrees) ?? "0";
  const height = altitudeMeasured(epoch) ? formatFixed(epoch.altitudeHaeM, DECIMALS.metres) : undefined;
  return { lonLat: `${lon},${lat}`, height, properties: propertiesOf(epoch) };
}

/** The positions of one feature: three dimensions when every point has its height, else two. */
function positionsOf(points: readonly BufferedPoint[]): string[] {
  const withHeight = points.every((p) => p.height !== undefined);
  return points.map((p) => (withHeight ? `[${p.lonLat},${p.height}]` : `[${p.lonLat}]`));
}

const pointGeometry = (point: BufferedPoint): string => `{"type":"Point","coordinates":${positionsOf([point]).join("")}}`;

/** Per-point properties as a JSON object; unknown values are left out (never null). */
function propertiesOf(epoch: Epoch): string {
  const members: string[] = [];
  const add = (name: string, json: string | undefined): void => {
    if (json !== undefined) members.push(`${JSON.stringify(name)}:${json}`);
  };
  const time = formatIsoTime(epoch.timeMs);
  add("time", time === undefined ? undefined : JSON.stringify(time));
  add("mode", JSON.stringify(epoch.mode));
  add("quality", JSON.stringify(epoch.quality));
  add("altitudeMslM", altitudeMeasured(epoch) ? formatFixed(epoch.altitudeMslM, DECIMALS.metres) : undefined);
  add("speedMps", formatFixed(epoch.speedMps, DECIMALS.speed));
  add("trackTrueDeg", formatFixed(epoch.trackTrueDeg, DECIMALS.angle));
  add("headingTrueDeg", formatFixed(epoch.headingTrueDeg, DECIMALS.angle));
  add("satellitesUsed", formatFixed(epoch.satellitesUsed, 0));
  add("satellitesTracked", satelliteCountsKnown(epoch.satellites) ? formatFixed(epoch.satellites.trackedCount, 0) : undefined);
  add("hdop", formatFixed(epoch.dop.hdop, DECIMALS.dop));
  add("vdop", formatFixed(epoch.dop.vdop, DECIMALS.dop));
  add("pdop", formatFixed(epoch.dop.pdop, DECIMALS.dop));
  add("ephM", formatFixed(epoch.ephM, DECIMALS.metres));
  add("epvM", formatFixed(epoch.epvM, DECIMALS.metres));
  return `{${members.join(",")}}`;
}

export function createGeoJsonWriter(options: GeoJsonWriterOptions = {}): EpochWriter {
  const maxLinePoints = Math.max(2, Math.floor(options.maxLinePoints ?? 1000));
  let featureCount = 0;
  let segment = 0;
  let pending: BufferedPoint[] = [];
  // The first pending point repeats the previous feature's last one (already written).
  let carried = false;

  const feature = (geometry: string, properties: string): string =>
    `${featureCount++ === 0 ? "" : ",\n"}{"type":"Feature","geometry":${geometry},"properties":${properties}}`;

  const lineFeature = (points: readonly BufferedPoint[]): string =>
    feature(
      `{"type":"LineString","coordinates":[${positionsOf(points).join(",")}]}`,
      `{"segment":${segment},"points":[${points.map((p) => p.properties).join(",")}]}`,
    );

  /** Writes what is pending at the end of a segment. */
  const endSegment = (): string => {
    let text = "";
    if (pending.length >= 2) text = lineFeature(pending);
    else if (pending.length === 1 && !carried && pending[0] !== undefined) text = feature(pointGeometry(pending[0]), pending[0].properties);
    if (pending.length > 0) segment += 1;
    pending = [];
    carried = false;
    return text;
  };

  return {
    header: () => '{"type":"FeatureCollection","features":[\n',
    epoch: (epoch) => {
      if (!hasPosition(epoch)) return options.points === true ? "" : endSegment();
      const point = pointOf(epoch);
      if (options.points === true) return feature(pointGeometry(point), point.properties);
      pending.push(point);
      if (pending.length < maxLinePoints) return "";
      const text = lineFeature(pending);
      pending = [point];
      carried = true;
      return text;
    },
    footer: () => `${options.points === true ? "" : endSegment()}\n]}\n`,
  };
}
