// Distances on the Earth for every layer that needs one (NTRIP mountpoints, network positioning's cells, the
// simulator's routes, the sky mask's places): one great-circle formula on a sphere of the Earth's mean radius.

/** The Earth's mean radius (IUGG), metres. */
export const EARTH_MEAN_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (haversine): within 0.5 % of the ellipsoid's, enough to rank, pace and compare. */
export function distanceM(a: { latitudeDeg: number; longitudeDeg: number }, b: { latitudeDeg: number; longitudeDeg: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitudeDeg - a.latitudeDeg) * rad;
  const dLon = (b.longitudeDeg - a.longitudeDeg) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitudeDeg * rad) * Math.cos(b.latitudeDeg * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_MEAN_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
