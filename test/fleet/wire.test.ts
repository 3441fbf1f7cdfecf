// The fleet wire (src/fleet/wire.ts, sequence.ts) and the mqtt:// SOURCE form (src/sources/spec.ts).
import { describe, expect, it } from "vitest";
import { createSequenceCheck } from "../../src/fleet/sequence.js";
import { describeDeviceFix } from "../../src/fleet/device-state.js";
import {
  decodeNmeaMessage,
  deviceNameOf,
  deviceNameProblem,
  encodeNmeaMessage,
  parseDeviceState,
  parseFleetTopic,
  prefixProblem,
} from "../../src/fleet/wire.js";
import { describeBroker, isFleetSpec, parseSourceSpec } from "../../src/sources/spec.js";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

describe("nmea messages", () => {
  it("round-trip: header line, then the body byte for byte (binary included)", () => {
    const body = Uint8Array.from([...bytes("@2026-11-26T12:00:00.000Z $GPGGA,1*00\r\n"), 0xb5, 0x62, 0x0a, 0x00, 0xff]);
    const encoded = encodeNmeaMessage({ seq: 42, run: "k3j2-h1", queuedAtMs: 1_767_225_600_123, body });
    expect(text(encoded).split("\n")[0]).toBe(`#gnsskit seq=42 run=k3j2-h1 queued=1767225600123 bytes=${body.byteLength}`);
    const decoded = decodeNmeaMessage(encoded);
    expect("message" in decoded && decoded.message.seq).toBe(42);
    if (!("message" in decoded)) throw new Error(decoded.error);
    expect(decoded.message.run).toBe("k3j2-h1");
    expect(decoded.message.queuedAtMs).toBe(1_767_225_600_123);
    expect([...decoded.message.body]).toEqual([...body]);
    expect(decoded.next).toBe(encoded.byteLength);
  });

  it("messages one after the other (a spool segment) are read one by one", () => {
    const one = encodeNmeaMessage({ seq: 1, run: "r", queuedAtMs: 0, body: bytes("$A*00\r\n") });
    const two = encodeNmeaMessage({ seq: 2, run: "r", queuedAtMs: 0, body: bytes("$B*00\r\n") });
    const both = new Uint8Array([...one, ...two]);
    const first = decodeNmeaMessage(both);
    if (!("message" in first)) throw new Error(first.error);
    const second = decodeNmeaMessage(both, first.next);
    if (!("message" in second)) throw new Error(second.error);
    expect(text(second.message.body)).toBe("$B*00\r\n");
    expect(second.next).toBe(both.byteLength);
  });

  it.each([
    ["plain NMEA from another program", "$GPGGA,123519,4807.038,N*47\r\n", /not a gnsskit header/],
    ["a cut message", "#gnsskit seq=1 run=r queued=0 bytes=50\n$GP", /says 50 bytes, 3 came/],
    ["seq 0", "#gnsskit seq=0 run=r queued=0 bytes=0\n", /seq 0/],
    ["no line end in reach", "#".repeat(400), /no gnsskit header line/],
  ])("refuses %s with a reason", (_name, input, reason) => {
    const decoded = decodeNmeaMessage(bytes(input));
    expect("error" in decoded && decoded.error).toMatch(reason);
  });
});

describe("sequence check", () => {
  it("first, next, duplicate, gap, new run", () => {
    const check = createSequenceCheck();
    expect(check.check("a", 7).kind).toBe("first"); // a reader joins anywhere
    expect(check.check("a", 8).kind).toBe("next");
    expect(check.check("a", 8).kind).toBe("duplicate"); // QoS 1 resend
    expect(check.check("a", 5).kind).toBe("duplicate"); // a resent spool
    expect(check.check("a", 12)).toEqual({ kind: "gap", lost: 3 });
    expect(check.check("b", 1)).toEqual({ kind: "new-run", previousRun: "a" });
    expect(check.check("b", 2).kind).toBe("next");
    expect(check.duplicates).toBe(2);
    expect(check.lost).toBe(3);
  });
});

describe("names and topics", () => {
  it.each([
    ["/dev/ttyUSB0", "ttyUSB0"],
    ["logs/van 3.nmea", "van-3"],
    ["tcp://10.0.0.5:4001", "10.0.0.5-4001"],
    ["sim:?start=cold&seed=2", "sim-start-cold-seed-2"],
    ["sim:", "sim"],
  ])("device name of %s is %s", (source, name) => {
    expect(deviceNameOf(source)).toBe(name);
    expect(deviceNameProblem(deviceNameOf(source))).toBeUndefined();
  });

  it("refuses wildcards and empty levels", () => {
    expect(deviceNameProblem("a+b")).toMatch(/\+, # and \//);
    expect(deviceNameProblem("$SYS")).toMatch(/reserved/);
    expect(prefixProblem("gnss/+")).toMatch(/wildcards/);
    expect(prefixProblem("gnss//eu")).toMatch(/empty topic level/);
    expect(prefixProblem("fleet/eu")).toBeUndefined();
  });

  it("topics under a prefix of several levels", () => {
    expect(parseFleetTopic("fleet/eu", "fleet/eu/van-1/nmea")).toEqual({ device: "van-1", topic: "nmea" });
    expect(parseFleetTopic("fleet/eu", "fleet/eu/van-1/other")).toBeUndefined();
    expect(parseFleetTopic("fleet/eu", "fleet/us/van-1/nmea")).toBeUndefined();
    expect(parseFleetTopic("fleet/eu", "fleet/eu/_gnsskit-sync/ab12")).toBeUndefined();
  });
});

describe("mqtt:// SOURCE", () => {
  it("every device, one device, credentials, TLS default port", () => {
    const fleet = parseSourceSpec("mqtt://broker.lan/gnss/+");
    expect(fleet).toEqual({ kind: "mqtt", broker: { protocol: "mqtt", host: "broker.lan", port: 1883 }, prefix: "gnss", device: "+" });
    expect(isFleetSpec(fleet)).toBe(true);
    const one = parseSourceSpec("mqtts://alice:s%40cret@broker.lan/fleet/eu/van-1");
    expect(one).toEqual({
      kind: "mqtt",
      broker: { protocol: "mqtts", host: "broker.lan", port: 8883, username: "alice", password: "s@cret" },
      prefix: "fleet/eu",
      device: "van-1",
    });
    expect(isFleetSpec(one)).toBe(false);
    if (one.kind === "mqtt") expect(describeBroker(one.broker)).toBe("mqtts://alice@broker.lan:8883"); // no password shown
    expect(parseSourceSpec("mqtt://[::1]:1884/gnss/+")).toMatchObject({ broker: { host: "::1", port: 1884 } });
  });

  it.each([
    ["mqtt://broker", /PREFIX\/\+/],
    ["mqtt://broker/+", /PREFIX\/\+/],
    ["mqtt://broker/gnss/#", /PREFIX\/\+/],
    ["mqtt://broker/+/van", /after the prefix/],
    ["mqtt://broker/gnss//+", /PREFIX\/\+/],
    ["mqtt://broker:99999/gnss/+", /expected mqtt/],
    ["mqtt://broker/gnss/+?x=1", /\? and #/],
  ])("%s is refused: %s", (spec, reason) => {
    expect(() => parseSourceSpec(spec)).toThrow(reason);
  });
});

describe("a fix whose dimension the receiver did not state", () => {
  it("is said so in the fix column, and read back from the state message", () => {
    expect(describeDeviceFix({ kind: "fixed", mode: "2d", quality: "autonomous", dimensionUnstated: true })).toBe("fix (2D/3D not stated)");
    expect(describeDeviceFix({ kind: "fixed", mode: "2d", quality: "dgps", dimensionUnstated: true })).toBe("fix (2D/3D not stated, dgps)");
    expect(describeDeviceFix({ kind: "fixed", mode: "3d", quality: "dgps" })).toBe("3D fix (dgps)");
    const state = parseDeviceState(
      JSON.stringify({ device: "boat", fix: { kind: "fixed", mode: "2d", dimensionUnstated: true }, startedAtMs: 0, epochs: 1, fixEpochs: 1, fixLosses: 0 }),
    );
    expect(state?.fix.dimensionUnstated).toBe(true);
  });
});
