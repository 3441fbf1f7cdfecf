// The simulator's golden logs (fixtures/sim-*.nmea, and sim-*.ubx with UBX) are what their header says: each is remade from the spec
// on its `# Made with:` line and must equal the file, header included (power-on, place, the model's truth).
// UPDATE_SIM_FIXTURES=1 rewrites them (then UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts for their
// .golden.ndjson); the first header line, what the log shows and why, is kept as written.

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_GEOID_SEPARATION_M, DEFAULT_SIM_PLACE, createSimSource } from "../../src/sim/source.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures");
const logs = readdirSync(FIXTURES)
  .filter((f) => /^sim-.*\.(nmea|ubx)$/.test(f))
  .sort();

/** The log the header's spec gives now, with its header. */
async function remake(name: string, text: string): Promise<string> {
  const lines = text.split("\n");
  const spec = /^# Made with: gnsskit simulate --spec '([^']+)' > /.exec(lines[1] ?? "")?.[1];
  if (spec === undefined) throw new Error(`${name}: no "# Made with: gnsskit simulate --spec '...'" on line 2`);
  const source = createSimSource(spec);
  await source.open();
  let body = "";
  for await (const chunk of source) body += new TextDecoder("latin1").decode(chunk);
  const { options, truth } = source;
  const lat = options.latitudeDeg ?? DEFAULT_SIM_PLACE.latitudeDeg;
  const lon = options.longitudeDeg ?? DEFAULT_SIM_PLACE.longitudeDeg;
  const ms = (v: number | undefined): string => (v === undefined ? "none" : `${v} ms`);
  const header = [
    lines[0]!,
    `# Made with: gnsskit simulate --spec '${spec}' > ${name}`,
    `# (the same bytes as reading the SOURCE ${spec}); deterministic: the same spec gives the same bytes.`,
    `# Place ${Math.abs(lat)} ${lat < 0 ? "S" : "N"} ${Math.abs(lon)} ${lon < 0 ? "W" : "E"}, ${options.altitudeMslM ?? DEFAULT_SIM_PLACE.altitudeMslM} m MSL ` +
      `(geoid separation ${DEFAULT_GEOID_SEPARATION_M} m); power-on ${new Date(options.startTimeMs).toISOString()}; ${options.rateHz ?? 1} Hz.`,
    `# Model truth: TTFF ${ms(truth.ttffMs)}, first 3D ${ms(truth.first3dMs)} after power-on; fix losses ${truth.fixLosses}.`,
  ];
  return `${header.join("\n")}\n${body}`;
}

describe("simulator golden logs are what their headers say", () => {
  for (const name of logs) {
    it(name, async () => {
      const path = join(FIXTURES, name);
      const text = readFileSync(path, "latin1");
      const made = await remake(name, text);
      if (process.env.UPDATE_SIM_FIXTURES === "1") writeFileSync(path, made, "latin1");
      expect(made).toBe(text);
    });
  }
});
