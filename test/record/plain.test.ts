// `gnsskit record --plain`: exactly the bytes the source sent, no header line, no prefixes; the stamped mode
// keeps its `#` header.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { record } from "../../src/cli/commands/record.js";
import { createSimSource } from "../../src/sim/source.js";

const dir = mkdtempSync(join(tmpdir(), "gnsskit-record-plain-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SPEC = "sim:?start=cold&speed=max&duration=20&seed=4&at=2026-11-26T12:00:00Z";

async function simBytes(spec: string): Promise<Buffer> {
  const source = createSimSource(spec);
  await source.open();
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe("record --plain", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes the source's bytes unchanged: no header line, no prefixes", async () => {
    const file = join(dir, "plain.nmea");
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    await record(SPEC, { output: file, plain: true, quiet: true });
    const written = readFileSync(file);
    expect(written.subarray(0, 1).toString("latin1")).toBe("$");
    expect(written.equals(await simBytes(SPEC))).toBe(true);
  });

  it("the stamped mode still starts with its # header", async () => {
    const file = join(dir, "stamped.nmea");
    await record(SPEC, { output: file, quiet: true });
    const first = readFileSync(file, "latin1").split("\n")[0];
    expect(first).toMatch(/^# gnsskit \S+ record; source: sim:\?\S+; started: \S+; receive-time prefixes/);
  });
});
