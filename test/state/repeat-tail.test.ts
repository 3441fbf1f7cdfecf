// Rule 15 (a whole cycle sent again is a repeat) at its two edges, found by review:
// - a multiplexer repeating a cycle whose untimed sentences come last (RMC GGA GSA GSV, twice): once the repeat's RMC
//   and GGA have come again, its GSA and GSV copies are the repeat's too, not an untimed "no fix" epoch of their own
//   (mode none beside fixState fixed, a mode-1 TPV between two fixes);
// - a searching receiver whose clock does not advance sends the same "no fix" cycle every second: after the first
//   copy (taken for a multiplexer's), each is a cycle of its own, so its cycles before the first fix are counted.
import { describe, expect, it } from "vitest";
import { epochsOfLog } from "../output/log-epochs.js";

function sentence(body: string): string {
  let sum = 0;
  for (const c of body) sum ^= c.charCodeAt(0);
  return `$${body}*${sum.toString(16).toUpperCase().padStart(2, "0")}`;
}
const log = (bodies: string[]): string => `${bodies.map(sentence).join("\r\n")}\r\n`;
const hms = (ms: number | undefined): string => (ms === undefined ? "-" : new Date(ms).toISOString().slice(11, 19));

describe("rule 15 at its edges", () => {
  it("a cycle sent twice whose GSA and GSV come last: one epoch a cycle, every one the fix it states", async () => {
    const cycle = (t: string, lat: string): string[] => [
      `GPRMC,${t},A,${lat},N,00518.8172,E,0.0,0.0,010325,,,A`,
      `GPGGA,${t},${lat},N,00518.8172,E,1,08,0.9,12.0,M,46.8,M,,`,
      "GPGSA,A,3,02,05,07,10,13,15,20,24,,,,,1.6,0.9,1.3",
      "GPGSV,2,1,08,02,40,083,41,05,17,308,38,07,07,344,35,10,22,228,40",
      "GPGSV,2,2,08,13,52,022,44,15,62,247,42,20,30,100,39,24,45,200,43",
    ];
    const bodies: string[] = [];
    for (let k = 0; k < 5; k++) {
      const t = `1200${String(2 * k).padStart(2, "0")}`;
      const one = cycle(t, `5251.00${String(k).padStart(2, "0")}`);
      bodies.push(...one, ...one);
    }
    const epochs = await epochsOfLog({ text: log(bodies) });
    expect(epochs.map((e) => [hms(e.timeOfDayMs), e.mode, e.fixState.kind])).toEqual(
      ["12:00:00", "12:00:02", "12:00:04", "12:00:06", "12:00:08"].map((t) => [t, "3d", "fixed"]),
    );
  });

  it("a searching receiver whose time stands still: its no-fix cycles are counted, the first copy aside", async () => {
    const searching = ["GPRMC,000012.000,V,,,,,0.00,0.00,060180,,,N", "GPGGA,000012.000,,,,,0,00,,,M,,M,,", "GPGSA,A,1,,,,,,,,,,,,,,,"];
    const bodies: string[] = [];
    for (let k = 0; k < 6; k++) bodies.push(...searching);
    for (let k = 0; k < 3; k++) {
      const t = `12000${k}.000`;
      bodies.push(
        `GPRMC,${t},A,5251.0094,N,00518.8172,E,0.0,0.0,010325,,,A`,
        `GPGGA,${t},5251.0094,N,00518.8172,E,1,08,0.9,12.0,M,46.8,M,,`,
        "GPGSA,A,3,02,05,07,10,,,,,,,,,1.6,0.9,1.3",
      );
    }
    const epochs = await epochsOfLog({ text: log(bodies) });
    expect(epochs.map((e) => [hms(e.timeOfDayMs), e.mode])).toEqual([
      ...Array.from({ length: 5 }, () => ["00:00:12", "none"]),
      ["12:00:00", "3d"],
      ["12:00:01", "3d"],
      ["12:00:02", "3d"],
    ]);
  });
});
