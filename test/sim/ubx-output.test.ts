// The simulated u-blox's UBX side, read through gnsskit's own framer and UBX decoder: what it sends with
// protocol=ubx (navigation messages only, its start-up notices as INF-NOTICE, NAV-EOE closing each epoch) and
// how it answers polls (an empty payload of a message's class and id: the last epoch's NAV message, MON-VER,
// MON-HW), as a real M8/F9 does.
import { describe, expect, it } from "vitest";
import { ubxFrame } from "../../src/framing/ubx.js";
import { createFramer } from "../../src/framing/framer.js";
import { createUbxDecoder } from "../../src/parsing/ubx/index.js";
import { createSimSource } from "../../src/sim/source.js";
import type { Frame, UbxMessage } from "../../src/types.js";

const SPEC = "sim:?chip=ublox&protocol=ubx&start=hot&speed=max&at=2025-03-01T12:00:00Z";

function reader(): { push(bytes: Uint8Array): void; messages: UbxMessage[]; frames: Frame[]; diagnostics: string[] } {
  const decoder = createUbxDecoder();
  const out = { messages: [] as UbxMessage[], frames: [] as Frame[], diagnostics: [] as string[] };
  const framer = createFramer({
    onFrame: (frame) => void out.frames.push(frame),
    onDiagnostic: (d) => void out.diagnostics.push(d.message),
    onBinary: (packet) => {
      const message = decoder.decode(packet.bytes, 0, (d) => out.diagnostics.push(d.message));
      if (message !== undefined) out.messages.push(message);
      return true;
    },
  });
  return { push: (bytes) => framer.push(bytes, 0), ...out };
}

describe("simulated u-blox, protocol=ubx", () => {
  it("sends UBX only: the banner as INF-NOTICE, then per epoch NAV-PVT, SAT, SIG, STATUS, DOP, TIMEUTC and NAV-EOE last", async () => {
    const source = createSimSource(`${SPEC}&duration=3`);
    await source.open();
    const r = reader();
    for await (const chunk of source) r.push(chunk);
    expect(r.frames).toEqual([]);
    expect(r.diagnostics).toEqual([]);
    const ids = r.messages.map((m) => m.sentenceId);
    expect(ids.slice(0, 7)).toEqual(Array(7).fill("UBX-INF-NOTICE"));
    expect(r.messages[1]).toMatchObject({ text: "HW UBX-M8030 00080000" });
    const epoch = ["UBX-NAV-PVT", "UBX-NAV-SAT", "UBX-NAV-SIG", "UBX-NAV-STATUS", "UBX-NAV-DOP", "UBX-NAV-TIMEUTC", "UBX-NAV-EOE"];
    expect(ids.slice(7)).toEqual([...epoch, ...epoch, ...epoch]);
    // 12:00:01 UTC on Saturday 2025-03-01 = 6 days, 12:00:19 of GPS time into the week
    expect(r.messages.filter((m) => m.sentenceId === "UBX-NAV-PVT").map((m) => ("iTOWMs" in m ? m.iTOWMs : 0))).toEqual([
      (6 * 86_400 + 12 * 3600 + 19) * 1000,
      (6 * 86_400 + 12 * 3600 + 20) * 1000,
      (6 * 86_400 + 12 * 3600 + 21) * 1000,
    ]);
  });

  it("answers polls at once: NAV-PVT with the last epoch's, MON-VER with its versions, MON-HW with its antenna", async () => {
    const source = createSimSource(`${SPEC}&duration=5`);
    await source.open();
    const r = reader();
    let pollAt: number | undefined;
    let answers: UbxMessage[] | undefined;
    for await (const chunk of source) {
      r.push(chunk);
      if (pollAt !== undefined && answers === undefined) {
        answers = r.messages.slice(pollAt); // the reply is the chunk right after the write
      } else if (pollAt === undefined && r.messages.some((m) => m.sentenceId === "UBX-NAV-EOE")) {
        pollAt = r.messages.length;
        await source.write(new Uint8Array([...ubxFrame(0x01, 0x07), ...ubxFrame(0x0a, 0x04), ...ubxFrame(0x0a, 0x09)]));
      }
    }
    expect(answers?.map((m) => m.sentenceId)).toEqual(["UBX-NAV-PVT", "UBX-MON-VER", "UBX-MON-HW"]);
    const lastPvt = r.messages
      .slice(0, pollAt)
      .filter((m) => m.sentenceId === "UBX-NAV-PVT")
      .at(-1);
    expect(answers?.[0]).toEqual(lastPvt);
    expect(answers?.[1]).toMatchObject({
      swVersion: "ROM CORE 3.01 (107888)",
      hwVersion: "00080000",
      extensions: ["FWVER=SPG 3.01", "PROTVER=18.00", "GPS;GLO;GAL;BDS", "SBAS;IMES;QZSS"],
    });
    expect(answers?.[2]).toMatchObject({ aStatus: "ok", aPower: "on", jammingState: "ok" });
  });
});
