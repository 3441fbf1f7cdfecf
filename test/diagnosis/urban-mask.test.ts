// The sky mask inferred from what a receiver lists and hears, against the simulator's own obstruction mask for
// env=urban-canyon (src/sim/sky/signal.ts: a street along 20°/200°, buildings of 30–60° across it, a skyline per
// 15° of azimuth): every sector the diagnosis calls blocked matches the simulator's skyline there within 10° of
// elevation (at some azimuth of the 45° sector), and every sector where satellites passed behind the buildings is
// found blocked (by itself or a neighbour, 45° of azimuth). Once with the receiver's own list of predicted
// satellites, once with a receiver that lists only what it tracks and an almanac that predicts the rest; and
// under the open sky nothing is called blocked.

import { describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import { createSimSource } from "../../src/sim/source.js";
import { skylineElevationDeg } from "../../src/sim/sky/index.js";
import { loadBundledSky } from "../../src/node/almanacs.js";
import { createDiagnoser, sectorOf, type Diagnosis } from "../../src/diagnosis/index.js";
import { simModel } from "../../src/sim/receiver/config.js";
import type { Epoch, GpsEvent } from "../../src/types.js";

const HOUR_S = 3600;

interface Run {
  diagnosis: Diagnosis;
  /** Per sector: satellites the simulator hid behind its skyline (listed or not), with their samples */
  hidden: Map<number, Set<string>>;
}

/** Keep only what the receiver tracks: a receiver that does not list predicted satellites. */
function trackedOnly(epoch: Epoch): Epoch {
  const satellites = epoch.satellites.satellites.filter((s) => s.cn0DbHz !== undefined);
  return { ...epoch, satellites: { ...epoch.satellites, satellites, inViewCount: satellites.length } };
}

async function run(spec: string, almanac: boolean): Promise<Run> {
  const sky = loadBundledSky();
  const source = createSimSource(spec);
  const diagnoser = createDiagnoser(almanac ? { sky } : {});
  const hidden = new Map<number, Set<string>>();
  let n = 0;
  for await (const event of openGps({ source }).events()) {
    if (event.type !== "epoch") {
      diagnoser.add(event);
      continue;
    }
    const epoch = event.epoch;
    diagnoser.add({ type: "epoch", epoch: almanac ? trackedOnly(epoch) : epoch } as GpsEvent);
    // the simulator's truth: which satellites above 10° its skyline hid, sector by sector (every 10 s)
    if (n++ % 10 !== 0 || epoch.timeMs === undefined) continue;
    const place = { latitudeDeg: source.truth.latitudeDeg, longitudeDeg: source.truth.longitudeDeg, altitudeHaeM: source.truth.altitudeHaeM };
    for (const s of sky.visibleAt(epoch.timeMs, place, 10)) {
      if (
        s.constellation === "sbas" ||
        !simModel("quectel").constellations.includes(s.constellation) ||
        s.elevationDeg >= skylineElevationDeg("urban-canyon", s.azimuthDeg)
      )
        continue;
      const sector = sectorOf(s.azimuthDeg);
      hidden.set(sector, (hidden.get(sector) ?? new Set()).add(`${s.constellation}:${s.svid}`));
    }
  }
  return { diagnosis: diagnoser.diagnosis(), hidden };
}

/** The simulator's skyline over a 45° sector, a degree apart. */
const skyline = (sector: number): number[] => Array.from({ length: 45 }, (_, k) => skylineElevationDeg("urban-canyon", (sector * 45 - 22 + k + 360) % 360));

describe("the sky mask against the simulator's urban canyon", () => {
  it.each([
    { name: "receiver's own predictions", spec: "sim:?start=warm&env=urban-canyon&chip=quectel&at=2026-11-26T12:00:07Z&speed=max", almanac: false },
    {
      name: "almanac predictions, receiver lists only what it tracks",
      spec: "sim:?start=warm&env=urban-canyon&chip=quectel&at=2026-11-27T03:20:00Z&speed=max&seed=5",
      almanac: true,
    },
  ])(
    "$name",
    async ({ spec, almanac }) => {
      const { diagnosis, hidden } = await run(`${spec}&duration=${HOUR_S}`, almanac);
      const blocked = new Map(diagnosis.mask.blocked.map((b) => [b.sector, b]));
      const report = diagnosis.mask.blocked.map(
        (b) => `${b.name} ${b.belowElevationDeg}° (sim ${Math.min(...skyline(b.sector))}–${Math.max(...skyline(b.sector))}°)`,
      );
      // precision: each blocked sector's height is the simulator's somewhere in it, within 10°
      for (const b of diagnosis.mask.blocked) {
        const near = skyline(b.sector).some((h) => Math.abs(h - b.belowElevationDeg) <= 10);
        expect(near, `${b.name} blocked below ${b.belowElevationDeg}°; ${report.join(", ")}`).toBe(true);
      }
      // recall: where two or more satellites passed behind the buildings (skyline ≥ 30°), the sector or a neighbour is found blocked
      for (const [sector, keys] of hidden) {
        if (keys.size < 2 || Math.max(...skyline(sector)) < 30) continue;
        const found = [sector, (sector + 1) % 8, (sector + 7) % 8].some((s) => blocked.has(s));
        expect(found, `sector ${sector}: ${[...keys].join(" ")} hidden, not found; ${report.join(", ")}`).toBe(true);
      }
      expect(diagnosis.mask.blocked.length).toBeGreaterThanOrEqual(4);
      expect(diagnosis.lines.some((l) => l.rule === "obstruction" && / blocked below \d+/.test(l.text))).toBe(true);
    },
    300_000,
  );

  it("finds nothing blocked under the open sky (the same receiver, env=open-sky)", async () => {
    const { diagnosis } = await run("sim:?start=warm&env=open-sky&chip=quectel&at=2026-11-26T12:00:07Z&speed=max&duration=1800", false);
    expect(diagnosis.mask.observedSectors.length).toBeGreaterThanOrEqual(6);
    expect(diagnosis.mask.blocked).toEqual([]);
    expect(diagnosis.lines.filter((l) => l.kind === "sky")).toEqual([]);
  }, 300_000);
});
