// A GSA that listed none (its cycle had no fix) is an earlier cycle's word: a later cycle without GSA whose GGA counts
// the satellites of its fix says how many were used (MediaTek 3301 in gpsd's corpus: GSA every few cycles, `A,1`
// before the fix, then GGA `1,3` with no GSA: csv said 0 used of a fix). A cycle whose GSA lists them, or whose GGA
// gives no count, is unchanged.
import { describe, expect, it } from "vitest";
import { epochsOfLog } from "../output/log-epochs.js";

function sentence(body: string): string {
  let sum = 0;
  for (const c of body) sum ^= c.charCodeAt(0);
  return `$${body}*${sum.toString(16).toUpperCase().padStart(2, "0")}`;
}

const LOG = [
  "GPGGA,081434.000,5212.9789,N,00653.0979,E,0,3,,102.9,M,47.1,M,,",
  "GPGSA,A,1,,,,,,,,,,,,,,,",
  "GPRMC,081434.000,V,5212.9789,N,00653.0979,E,0.05,0.00,230808,,,N",
  "GPGGA,081435.000,5212.9821,N,00653.1013,E,1,3,2.88,102.9,M,47.1,M,,",
  "GPRMC,081435.000,A,5212.9821,N,00653.1013,E,0.04,0.00,230808,,,A",
  "GPGGA,081436.000,5212.9822,N,00653.1014,E,1,4,2.10,102.9,M,47.1,M,,",
  "GPRMC,081436.000,A,5212.9822,N,00653.1014,E,0.04,0.00,230808,,,A",
  "GPGGA,081437.000,5212.9823,N,00653.1015,E,1,4,2.10,102.9,M,47.1,M,,",
  "GPGSA,A,3,21,28,08,10,,,,,,,,,3.05,2.10,1.00",
  "GPRMC,081437.000,A,5212.9823,N,00653.1015,E,0.04,0.00,230808,,,A",
  "GPGGA,081438.000,5212.9824,N,00653.1016,E,1,,2.10,102.9,M,47.1,M,,",
  "GPRMC,081438.000,A,5212.9824,N,00653.1016,E,0.04,0.00,230808,,,A",
]
  .map(sentence)
  .join("\r\n");

describe("a GSA that listed none, held into cycles without GSA", () => {
  it("yields to a later cycle's GGA count of its fix; a GSA of its own cycle and a cycle without a count keep theirs", async () => {
    const epochs = await epochsOfLog({ text: `${LOG}\r\n` });
    expect(epochs.map((e) => [e.timeOfDayMs === undefined ? "-" : new Date(e.timeOfDayMs).toISOString().slice(11, 19), e.satellitesUsed])).toEqual([
      ["08:14:34", 0],
      ["08:14:35", 3],
      ["08:14:36", 4],
      ["08:14:37", 4],
      ["08:14:38", 4],
    ]);
    expect(epochs.map((e) => e.satellites.usedCount)).toEqual(epochs.map((e) => e.satellitesUsed));
  });
});
