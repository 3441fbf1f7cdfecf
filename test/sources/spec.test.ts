import { describe, expect, it } from "vitest";
import { parseSourceSpec, SourceSpecError } from "../../src/sources/spec.js";

describe("parseSourceSpec", () => {
  const good: Array<{ name: string; input: string; want: ReturnType<typeof parseSourceSpec> }> = [
    { name: "stdin", input: "-", want: { kind: "stdin" } },
    { name: "log file", input: "fixtures/cold-start.nmea", want: { kind: "file", path: "fixtures/cold-start.nmea" } },
    { name: "USB serial", input: "/dev/ttyUSB0", want: { kind: "serial", path: "/dev/ttyUSB0" } },
    { name: "ACM serial", input: "/dev/ttyACM1", want: { kind: "serial", path: "/dev/ttyACM1" } },
    { name: "rfcomm", input: "/dev/rfcomm0", want: { kind: "serial", path: "/dev/rfcomm0" } },
    { name: "pty", input: "/dev/pts/7", want: { kind: "serial", path: "/dev/pts/7" } },
    { name: "Windows COM port", input: "COM3", want: { kind: "serial", path: "COM3" } },
    { name: "tcp", input: "tcp://127.0.0.1:10110", want: { kind: "tcp", host: "127.0.0.1", port: 10110 } },
    { name: "tcp IPv6", input: "tcp://[::1]:2948", want: { kind: "tcp", host: "::1", port: 2948 } },
    { name: "udp listen any", input: "udp://:10110", want: { kind: "udp", port: 10110 } },
    { name: "udp listen on host", input: "udp://127.0.0.1:10110", want: { kind: "udp", host: "127.0.0.1", port: 10110 } },
    { name: "gpsd default port", input: "gpsd://localhost", want: { kind: "gpsd", host: "localhost", port: 2947 } },
    { name: "gpsd device", input: "gpsd://127.0.0.1:2947/dev/ttyACM0", want: { kind: "gpsd", host: "127.0.0.1", port: 2947, device: "/dev/ttyACM0" } },
    { name: "bluetooth classic", input: "bt://aa:bb:cc:dd:ee:ff", want: { kind: "bt", address: "AA:BB:CC:DD:EE:FF" } },
    { name: "BLE", input: "ble://AA:BB:CC:DD:EE:01", want: { kind: "ble", address: "AA:BB:CC:DD:EE:01" } },
    { name: "simulator", input: "sim:", want: { kind: "sim", spec: "sim:" } },
    { name: "simulator with options", input: "sim:?start=cold&env=urban-canyon", want: { kind: "sim", spec: "sim:?start=cold&env=urban-canyon" } },
  ];
  for (const c of good) it(c.name, () => expect(parseSourceSpec(c.input)).toEqual(c.want));

  const bad: Array<{ name: string; input: string; err: RegExp }> = [
    { name: "empty", input: "", err: /empty SOURCE/ },
    { name: "tcp without port", input: "tcp://localhost", err: /port is required/ },
    { name: "tcp port out of range", input: "tcp://localhost:70000", err: /1-65535/ },
    { name: "unknown scheme", input: "http://example.org/x", err: /unknown source scheme "http:\/\/"/ },
    { name: "bad MAC", input: "bt://AA:BB", err: /expected bt:\/\/AA:BB:CC:DD:EE:FF/ },
    { name: "sim without ?", input: "sim:start=cold", err: /after "sim:\?"/ },
  ];
  for (const c of bad) {
    it(`rejects ${c.name}`, () => {
      expect(() => parseSourceSpec(c.input)).toThrow(SourceSpecError);
      expect(() => parseSourceSpec(c.input)).toThrow(c.err);
    });
  }
});
