// Random bytes (a port read at the wrong speed) begin like a SiRF packet (A0 A2) about once in 64 KB: the framer
// skipped them by their declared length and named them SiRF, and `config`/`ttff` took the port for a SiRF receiver
// (audit E, M4). A packet counts as SiRF only when its checksum and end (B0 B3) hold.
import { describe, expect, it } from "vitest";
import { createFramer } from "../../src/framing/index.js";
import { identifyDialect } from "../../src/methods/drivers/index.js";
import type { Diagnostic } from "../../src/types.js";

/** A SiRF binary packet around `payload`: A0 A2, length, payload, 15-bit sum, B0 B3. */
function sirfPacket(payload: number[]): Uint8Array {
  const sum = payload.reduce((a, b) => (a + b) & 0x7fff, 0);
  return Uint8Array.from([0xa0, 0xa2, payload.length >> 8, payload.length & 0xff, ...payload, sum >> 8, sum & 0xff, 0xb0, 0xb3]);
}

function diagnosticsOf(bytes: Uint8Array): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // as the pipeline does: whole packets are offered, SiRF's are not taken
  const framer = createFramer({ onFrame: () => undefined, onDiagnostic: (d) => diagnostics.push(d), onBinary: () => false });
  framer.push(bytes, 0);
  framer.end();
  return diagnostics;
}

describe("a SiRF packet counts only when its checksum and end hold", () => {
  it("a real packet is SiRF's and names the dialect", () => {
    const diagnostics = diagnosticsOf(sirfPacket([0x06, 0x01, 0x02, 0x03, 0x04]));
    expect(diagnostics.map((d) => [d.kind, d.value])).toEqual([["binary", "SiRF"]]);
    expect(identifyDialect(diagnostics).dialect).toBe("sirf");
  });

  for (const [name, mangle] of [
    ["a wrong checksum", (p: Uint8Array) => p.set([p[9]! ^ 0x01], 9)],
    ["no B0 B3 end", (p: Uint8Array) => p.set([0x12, 0x34], p.length - 2)],
  ] as const) {
    it(`${name}: skipped bytes that name no protocol, and no SiRF receiver`, () => {
      const packet = sirfPacket([0x06, 0x01, 0x02, 0x03, 0x04]);
      mangle(packet);
      const diagnostics = diagnosticsOf(packet);
      expect(diagnostics.map((d) => [d.kind, d.value, d.message])).toEqual([
        ["binary", undefined, "binary: 13 bytes skipped that begin like a SiRF packet (A0 A2) but fail its checksum or end (B0 B3): not SiRF"],
      ]);
      expect(identifyDialect(diagnostics).dialect).toBe("unknown");
    });
  }
});
