// Ack parsing (through the real parser) and sendCommand's outcomes against a scripted pipeline: ok,
// refused (invalid / unsupported / failed / busy / NAK), no answer (required vs optional ack), link closed.

import { describe, expect, it } from "vitest";
import { createParser } from "../../src/parsing/index.js";
import { withChecksum } from "../../src/framing/checksum.js";
import {
  DriverCommandError,
  binaryReply,
  createMtkDriver,
  createQuectelDriver,
  createUbloxDriver,
  nmeaCommand,
  pairAck,
  pmtkAck,
  probeDialect,
  sendCommand,
  ubxCfgAck,
  ubxMgaAck,
  type CommandPipeline,
  type DriverCommand,
  type ReceiverReply,
} from "../../src/methods/drivers/index.js";
import type { BinaryPacket, GpsEvent, Sentence } from "../../src/types.js";
import { openGps } from "../../src/gps.js";
import { SourceClosedError } from "../../src/sources/source.js";
import { memorySource } from "../_memory-source.js";

function sentence(body: string): Sentence {
  const parsed = createParser().parse({ text: withChecksum(body), checksum: "ok", receivedAtMs: 0 }, () => undefined);
  if (parsed === undefined) throw new Error(`did not parse: ${body}`);
  return parsed;
}
const reply = (body: string): ReceiverReply => ({ kind: "sentence", sentence: sentence(body) });
/** A whole UBX packet as the framer hands it over (checksum computed here, independently of the drivers). */
function ubxPacket(cls: number, id: number, payload: number[]): BinaryPacket {
  const body = [cls, id, payload.length & 0xff, payload.length >> 8, ...payload];
  let a = 0;
  let b = 0;
  for (const byte of body) {
    a = (a + byte) & 0xff;
    b = (b + a) & 0xff;
  }
  return { protocol: "UBX", bytes: Uint8Array.from([0xb5, 0x62, ...body, a, b]), receivedAtMs: 0 };
}
const ubx = (cls: number, id: number, payload: number[]): ReceiverReply => binaryReply(ubxPacket(cls, id, payload));

describe("ack matchers", () => {
  const cases: { name: string; matcher: ReturnType<typeof pmtkAck>; reply: ReceiverReply; want: string | undefined }[] = [
    { name: "PMTK001 flag 3", matcher: pmtkAck(740), reply: reply("PMTK001,740,3"), want: "ok" },
    { name: "PMTK001 flag 0", matcher: pmtkAck(740), reply: reply("PMTK001,740,0"), want: "invalid" },
    { name: "PMTK001 flag 1", matcher: pmtkAck(740), reply: reply("PMTK001,740,1"), want: "unsupported" },
    { name: "PMTK001 flag 2", matcher: pmtkAck(740), reply: reply("PMTK001,740,2"), want: "failed" },
    { name: "PMTK001 for another command", matcher: pmtkAck(740), reply: reply("PMTK001,741,3"), want: undefined },
    { name: "PMTK001 test packet 0", matcher: pmtkAck(0), reply: reply("PMTK001,0,3"), want: "ok" },
    { name: "other PMTK", matcher: pmtkAck(740), reply: reply("PMTK010,001"), want: undefined },
    { name: "PAIR001 result 0", matcher: pairAck(6), reply: reply("PAIR001,006,0"), want: "ok" },
    { name: "PAIR001 in process: not yet", matcher: pairAck(6), reply: reply("PAIR001,006,1"), want: undefined },
    { name: "PAIR001 result 2", matcher: pairAck(590), reply: reply("PAIR001,590,2"), want: "failed" },
    { name: "PAIR001 result 3", matcher: pairAck(590), reply: reply("PAIR001,590,3"), want: "unsupported" },
    { name: "PAIR001 result 4 is busy, not ok (gpsd's bug)", matcher: pairAck(590), reply: reply("PAIR001,590,4"), want: "busy" },
    { name: "PAIR001 other command", matcher: pairAck(590), reply: reply("PAIR001,600,0"), want: undefined },
    { name: "UBX ACK-ACK for the message", matcher: ubxCfgAck(6, 8), reply: ubx(5, 1, [6, 8]), want: "ok" },
    { name: "UBX ACK-NAK for the message", matcher: ubxCfgAck(6, 8), reply: ubx(5, 0, [6, 8]), want: "nak" },
    { name: "UBX ACK-ACK for another message", matcher: ubxCfgAck(6, 8), reply: ubx(5, 1, [6, 0x23]), want: undefined },
    { name: "UBX NAV-PVT is no ack", matcher: ubxCfgAck(6, 8), reply: ubx(1, 7, [0, 0]), want: undefined },
    { name: "UBX MGA-ACK accepted", matcher: ubxMgaAck(0x40), reply: ubx(0x13, 0x60, [1, 0, 0, 0x40, 0x10, 0, 0, 0]), want: "ok" },
    { name: "UBX MGA-ACK not used (no time)", matcher: ubxMgaAck(0x40), reply: ubx(0x13, 0x60, [0, 0, 1, 0x40, 0x10, 0, 0, 0]), want: "nak" },
    { name: "UBX MGA-ACK for another MGA message", matcher: ubxMgaAck(0x40), reply: ubx(0x13, 0x60, [1, 0, 0, 0x00, 0, 0, 0, 0]), want: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const verdict = c.matcher(c.reply);
      expect(verdict === undefined ? undefined : verdict.status === "ok" ? "ok" : verdict.reason).toBe(c.want);
    });
  }

  it("reads UBX class, id and payload from the framer's packet", () => {
    expect(ubx(0x13, 0x60, [1, 0, 0, 0x40])).toEqual({
      kind: "binary",
      protocol: "UBX",
      ubxClass: 0x13,
      ubxId: 0x60,
      payload: Uint8Array.from([1, 0, 0, 0x40]),
      byteCount: 12,
    });
    expect(binaryReply({ protocol: "SiRF", bytes: Uint8Array.from([0xa0, 0xa2, 0, 1, 2, 0, 2, 0xb0, 0xb3]), receivedAtMs: 0 })).toEqual({
      kind: "binary",
      protocol: "SiRF",
      byteCount: 9,
    });
  });

  it("explains a refused MGA message", () => {
    const verdict = ubxMgaAck(0x40)(ubx(0x13, 0x60, [0, 0, 1, 0x40, 0, 0, 0, 0]));
    expect(verdict).toEqual({
      status: "rejected",
      reason: "nak",
      message: "MGA-ACK: message 0x40 not used: the receiver does not know the time, so it cannot use the data",
    });
  });
});

/** A pipeline whose receiver answers each write with scripted events; `clock` is the receiver's clock. */
function scriptedPipeline(answer: (written: string) => GpsEvent[]): CommandPipeline & { written: string[]; emit(e: GpsEvent): void; clockMs: number } {
  const listeners = new Map<string, Set<(e: GpsEvent) => void>>();
  const pipeline = {
    written: [] as string[],
    clockMs: 1_000_000,
    emit(e: GpsEvent) {
      for (const l of listeners.get(e.type) ?? []) l(e);
    },
    source: {
      name: "scripted",
      live: true,
      clock: () => pipeline.clockMs,
      open: async () => undefined,
      close: async () => undefined,
      [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true as const, value: undefined }) }),
    },
    on(type: string, listener: (e: GpsEvent) => void) {
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    async write(bytes: Uint8Array) {
      const text = new TextDecoder("latin1").decode(bytes);
      pipeline.written.push(text);
      const events = answer(text);
      setTimeout(() => events.forEach((e) => pipeline.emit(e)), 1);
    },
  };
  return pipeline as unknown as CommandPipeline & { written: string[]; emit(e: GpsEvent): void; clockMs: number };
}

const sentenceEvent = (body: string): GpsEvent => ({ type: "sentence", sentence: sentence(body) });
const mtk = createMtkDriver();
const T = Date.UTC(2024, 0, 15, 12);

describe("sendCommand", () => {
  it("acked: resolves with the ack's detail and the bytes written", async () => {
    const gps = scriptedPipeline(() => [sentenceEvent("PMTK010,002"), sentenceEvent("PMTK001,740,3")]);
    const result = await sendCommand(gps, mtk.injectTime(T));
    expect(result).toEqual({ status: "acked", description: "PMTK740 UTC time 2024-01-15T12:00:00Z", bytesWritten: 33, detail: "succeeded (flag 3)" });
    expect(gps.written).toEqual(["$PMTK740,2024,01,15,12,00,00*33\r\n"]);
  });

  for (const [flag, words] of [
    ["0", /invalid packet/],
    ["1", /unsupported command/],
    ["2", /action failed/],
  ] as const) {
    it(`refused with flag ${flag}: a DriverCommandError that says why`, async () => {
      const gps = scriptedPipeline(() => [sentenceEvent(`PMTK001,741,${flag}`)]);
      const error = await sendCommand(gps, mtk.injectPosition({ latitudeDeg: 1, longitudeDeg: 2, altitudeM: 3 }, T)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DriverCommandError);
      expect((error as DriverCommandError).reason).toBe("rejected");
      expect((error as Error).message).toMatch(/^PMTK741 reference position .*: refused: PMTK741: /);
      expect((error as Error).message).toMatch(words);
    });
  }

  it("no answer to a required ack: timeout error after the timeout on the receiver's clock", async () => {
    const gps = scriptedPipeline(() => []);
    const pending = sendCommand(gps, createQuectelDriver().injectTime(T), { timeoutMs: 60_000 });
    // the receiver's clock runs ahead of the wall clock (a simulator at full speed)
    setTimeout(() => {
      gps.clockMs += 61_000;
      gps.emit({ type: "epoch", epoch: {} as never });
    }, 5);
    const error = await pending.catch((e: unknown) => e);
    expect((error as DriverCommandError).reason).toBe("timeout");
    expect((error as Error).message).toBe("PAIR590 reference UTC 2024-01-15T12:00:00Z: no answer within 60.0 s (wrong dialect, or a receive-only link?)");
  });

  it("no answer on the wall clock either", async () => {
    const gps = scriptedPipeline(() => []);
    const error = await sendCommand(gps, mtk.injectTime(T), { timeoutMs: 100 }).catch((e: unknown) => e);
    expect((error as DriverCommandError).reason).toBe("timeout");
  });

  it("optional ack (u-blox MGA without ackAiding): no-ack-seen, not an error", async () => {
    const gps = scriptedPipeline(() => []);
    const result = await sendCommand(gps, createUbloxDriver().injectTime(T), { timeoutMs: 100 });
    expect(result).toEqual({ status: "no-ack-seen", description: "UBX MGA-INI-TIME_UTC 2024-01-15T12:00:00Z ±2 s", bytesWritten: 32 });
  });

  it("optional ack that comes: acked", async () => {
    const gps = scriptedPipeline(() => [{ type: "binary", packet: ubxPacket(0x13, 0x60, [1, 0, 0, 0x40, 0, 0, 0, 0]) }]);
    expect((await sendCommand(gps, createUbloxDriver().injectTime(T), { timeoutMs: 5000 })).status).toBe("acked");
  });

  it("a command the chip never acks returns at once, hooks around the write", async () => {
    const order: string[] = [];
    const gps = scriptedPipeline((w) => (order.push(`write ${w.trim()}`), []));
    const result = await sendCommand(gps, mtk.restart("cold"), { beforeWrite: () => order.push("before"), afterWrite: () => order.push("after") });
    expect(result).toEqual({ status: "sent", description: "PMTK103 cold restart (not acknowledged)", bytesWritten: 13 });
    expect(order).toEqual(["before", "write $PMTK103*30", "after"]);
  });

  it("the link closes while waiting", async () => {
    const gps = scriptedPipeline(() => [{ type: "close", atMs: 0 }]);
    const command: DriverCommand = { bytes: nmeaCommand("PMTK000"), description: "ping", expectAck: pmtkAck(0) };
    const error = await sendCommand(gps, command, { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect((error as DriverCommandError).reason).toBe("closed");
  });

  // The source can end between the decision to send and the write (a ttff run at the end of a short log or
  // simulation): that is the link closing too, not a raw SourceError out of the command.
  it("the source has ended before the write: closed, with or without an ack to wait for", async () => {
    const source = { ...memorySource(new TextEncoder().encode("$GPTXT,01,01,02,last*1E\r\n")), write: async () => undefined };
    const gps = openGps({ source });
    await gps.run();
    await expect(gps.write(nmeaCommand("PMTK000"))).rejects.toBeInstanceOf(SourceClosedError);
    for (const command of [mtk.restart("cold"), mtk.injectTime(T)]) {
      const error = await sendCommand(gps, command, { timeoutMs: 5000 }).catch((e: unknown) => e);
      expect(error, command.description).toBeInstanceOf(DriverCommandError);
      expect((error as DriverCommandError).reason).toBe("closed");
      expect((error as Error).message).toBe(`${command.description}: the source closed`);
    }
  });
});

describe("probeDialect", () => {
  it("a receiver that answers nothing: unknown, after asking every dialect", async () => {
    const gps = scriptedPipeline(() => []);
    const ticking = setInterval(() => {
      gps.clockMs += 1000;
      gps.emit({
        type: "frame",
        frame: { text: "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47", checksum: "ok", receivedAtMs: gps.clockMs },
      });
      gps.emit({ type: "epoch", epoch: {} as never });
    }, 5);
    const result = await probeDialect(gps, { listenMs: 3000, timeoutMs: 3000 });
    clearInterval(ticking);
    expect(result.dialect).toBe("unknown");
    const asked = gps.written.join("");
    for (const query of ["$PMTK605*31", "$PUBX,00*33", "$PAIR021*39", "$PSRF103,01,01,00,01*24"]) expect(asked).toContain(query);
    expect(result.bytesWritten).toBe(asked.length);
  });

  /** Ticks of a receiver sending GGA each tick, and a GLL on the ticks `gll` says. */
  function tickingReceiver(gps: ReturnType<typeof scriptedPipeline>, gll: (tick: number) => boolean): () => void {
    let tick = 0;
    const frame = (text: string): GpsEvent => ({ type: "frame", frame: { text, checksum: "ok", receivedAtMs: gps.clockMs } });
    const ticking = setInterval(() => {
      gps.clockMs += 1000;
      tick++;
      gps.emit(frame("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47"));
      if (gll(tick)) gps.emit(frame("$GPGLL,4916.45,N,12311.12,W,225444,A,*1D"));
      gps.emit({ type: "epoch", epoch: {} as never });
    }, 5);
    return () => clearInterval(ticking);
  }

  it("the queried sentence once after the PSRF103 query: SiRF", async () => {
    const gps = scriptedPipeline(() => []);
    let askedAt: number | undefined;
    const stop = tickingReceiver(gps, (tick) => {
      if (askedAt === undefined && gps.written.length > 0) askedAt = tick;
      return askedAt !== undefined && tick === askedAt + 1;
    });
    const result = await probeDialect(gps, { listenMs: 3000, timeoutMs: 3000 });
    stop();
    expect(result.dialect).toBe("sirf");
    expect(result.evidence).toEqual(["GLL sent once after a PSRF103 query for it"]);
  });

  it("the queried sentence again and again (the receiver's own output, missed while listening): not SiRF", async () => {
    // the listening ends after two epochs, before this receiver's GLL first comes (a loaded host, a sentence sent
    // every few cycles): the query names GLL, and the GLL that follows is not an answer
    const gps = scriptedPipeline(() => []);
    const stop = tickingReceiver(gps, (tick) => tick >= 3);
    const result = await probeDialect(gps, { listenMs: 3000, timeoutMs: 3000 });
    stop();
    expect(result.dialect).toBe("unknown");
  });
});
