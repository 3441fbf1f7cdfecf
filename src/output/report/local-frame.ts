// Local east/north metres around a place on the WGS-84 ellipsoid: the meridian and prime-vertical radii of
// curvature at its latitude (flat within the few kilometres a log or a fix's error spans).

const WGS84_A = 6_378_137;
const WGS84_E2 = 6.69437999014e-3;
const RAD = Math.PI / 180;

export interface LocalFrame {
  latitudeDeg: number;
  longitudeDeg: number;
  metresPerDegNorth: number;
  metresPerDegEast: number;
}

export function localFrame(latitudeDeg: number, longitudeDeg: number): LocalFrame {
  const s = Math.sin(latitudeDeg * RAD);
  const w = Math.sqrt(1 - WGS84_E2 * s * s);
  return {
    latitudeDeg,
    longitudeDeg,
    metresPerDegNorth: ((WGS84_A * (1 - WGS84_E2)) / (w * w * w)) * RAD,
    metresPerDegEast: (WGS84_A / w) * Math.cos(latitudeDeg * RAD) * RAD,
  };
}

export function toLocal(frame: LocalFrame, latitudeDeg: number, longitudeDeg: number): { eastM: number; northM: number } {
  let dLon = longitudeDeg - frame.longitudeDeg;
  if (dLon > 180) dLon -= 360;
  else if (dLon < -180) dLon += 360;
  return { eastM: dLon * frame.metresPerDegEast, northM: (latitudeDeg - frame.latitudeDeg) * frame.metresPerDegNorth };
}
