// Position and clock are four unknowns: a cycle whose own GGA/GNS says fewer than 4 satellites were used holds its
// height, whatever altitude the GGA carries (MediaTek MTK-3301 in gpsd's corpus, 08:14:36-38: GGA "1,3", RMC "A",
// no GSA; fixtures/gga-three-satellites-held-height.nmea). The cycle's own GSA or UBX fix is the receiver's word on
// the dimension and wins; a position not solved from satellites (dead reckoning, simulator) is not bound by a count.
import { describe, expect, it } from "vitest";
import { toTpv } from "../../src/output/gpsd.js";
import { epochsOfLog } from "../output/log-epochs.js";

function sentence(body: string): string {
  let sum = 0;
  for (const c of body) sum ^= c.charCodeAt(0);
  return `$${body}*${sum.toString(16).toUpperCase().padStart(2, "0")}`;
}

async function modes(bodies: string[]): Promise<string[]> {
  const epochs = await epochsOfLog({ text: `${bodies.map(sentence).join("\r\n")}\r\n` });
  return epochs.map((e) => e.mode);
}

const gga = (t: string, quality: number, used: number, altitudeM: string) =>
  `GPGGA,${t},5212.9821,N,00653.1014,E,${quality},${used},2.88,${altitudeM},M,47.1,M,,`;
const rmc = (t: string, mode = "A") => `GPRMC,${t},A,5212.9821,N,00653.1014,E,0.04,0.00,230808,,,${mode}`;

describe("a GGA count below 4 bounds the cycle's dimension", () => {
  it("makes the MTK-3301's 3-satellite cycles 2D, with no altitude in gpsd's TPV, and its 4-satellite cycles 3D", async () => {
    const epochs = await epochsOfLog({ file: "gga-three-satellites-held-height.nmea" });
    expect(epochs.map((e) => [e.mode, e.satellitesUsed])).toEqual([
      ["none", 0],
      ["2d", 3],
      ["2d", 3],
      ["2d", 3],
      ["3d", 4],
      ["3d", 4],
    ]);
    for (const e of epochs.slice(1, 4)) expect(toTpv(e)).not.toHaveProperty("altMSL");
    expect(toTpv(epochs[4]!)).toMatchObject({ mode: 3, altMSL: 104.21 });
  });

  it("holds whichever of RMC and GGA comes first", async () => {
    const t = ["120000.00", "120001.00", "120002.00"];
    expect(await modes(t.flatMap((x) => [rmc(x), gga(x, 1, 3, "102.9")]))).toEqual(["2d", "2d", "2d"]);
    expect(await modes(t.flatMap((x) => [rmc(x), gga(x, 1, 5, "102.9")]))).toEqual(["3d", "3d", "3d"]);
  });

  it("yields to the cycle's own GSA, not to an earlier cycle's", async () => {
    const gsa3 = "GPGSA,A,3,21,28,08,,,,,,,,,,3.05,2.88,1.00";
    // every cycle with its GSA saying 3D: the receiver's word
    expect(await modes(["120000.00", "120001.00"].flatMap((x) => [gga(x, 1, 3, "102.9"), rmc(x), gsa3]))).toEqual(["3d", "3d"]);
    // a GSA every other cycle: the cycle without one goes by its own count
    const bodies = [
      gga("120000.00", 1, 4, "102.9"),
      rmc("120000.00"),
      gsa3.replace(",,,,,,,,,,", "25,,,,,,,,,"),
      gga("120001.00", 1, 3, "102.9"),
      rmc("120001.00"),
    ];
    expect(await modes(bodies)).toEqual(["3d", "2d"]);
  });

  it("counts what the epoch counts: a GSA list held from the cycle before, beside a GGA that counts GPS alone", async () => {
    // GSA every other cycle listing 3 GPS + 3 GLONASS, GPGGA counting its 3 GPS satellites (review G, 1): 3D throughout
    const gsaGps = "GNGSA,A,3,04,05,09,,,,,,,,,,2.5,1.3,2.1";
    const gsaGlonass = "GNGSA,A,3,65,66,72,,,,,,,,,,2.5,1.3,2.1";
    const t = ["120000.00", "120001.00", "120002.00", "120003.00"];
    const bodies = t.flatMap((x, k) => [gga(x, 1, 3, `10${k}`), ...(k % 2 === 0 ? [gsaGps, gsaGlonass] : []), rmc(x)]);
    expect(await modes(bodies)).toEqual(["3d", "3d", "3d", "3d"]);
    // per-system GGAs (one per constellation, each counting its own) give no count of the fix
    const perSystem = t.slice(0, 2).flatMap((x) => [gga(x, 1, 3, "102.9"), gga(x, 1, 3, "102.9").replace("GPGGA", "GLGGA"), rmc(x)]);
    expect(await modes(perSystem)).toEqual(["3d", "3d"]);
  });

  it("does not bound a position not solved from satellites (dead reckoning, 0 used)", async () => {
    const t = ["120000.00", "120001.00"];
    expect(await modes(t.flatMap((x) => [gga(x, 6, 0, "102.9"), rmc(x, "E")]))).toEqual(["3d", "3d"]);
  });
});
