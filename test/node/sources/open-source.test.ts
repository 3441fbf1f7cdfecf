// openSource picks the transport from the SOURCE string and, for paths, from what the path is: a device
// under any name (a udev symlink such as /dev/gps0 → /dev/ttyUSB0; here a socat pty link in a temp dir) is a
// serial port, a regular file a log.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SerialPort } from "serialport";
import { openSource } from "../../../src/node/open-source.js";
import { withChecksum } from "../../../src/framing/checksum.js";
import { hasCommand, startSocatPair, tempDir, waitFor, type SocatPair } from "./_pty.js";

const haveSocat = hasCommand("socat");
if (!haveSocat) console.log("skipping openSource pty tests: socat is not installed (Debian package socat)");
const GGA = `${withChecksum("GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,")}\r\n`;

describe.skipIf(!haveSocat)("openSource on a device path outside /dev/tty*", () => {
  let tmp: ReturnType<typeof tempDir>;
  let socat: SocatPair | undefined;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(async () => {
    await socat?.kill();
    socat = undefined;
    tmp.remove();
  });

  it("a symlink to a pty is read as a serial port (live, takes commands), its data comes through", async () => {
    const gps0 = join(tmp.dir, "gps0");
    const peerPath = join(tmp.dir, "peer");
    socat = await startSocatPair(gps0, peerPath);
    const source = openSource(gps0, { baud: 115200, reconnect: false });
    expect(source.live).toBe(true);
    expect(source.write).toBeTypeOf("function");
    await source.open();
    const peer = new SerialPort({ path: peerPath, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => peer.open((e) => (e ? reject(e) : resolve())));
    let text = "";
    const reading = (async () => {
      for await (const chunk of source) text += new TextDecoder().decode(chunk);
    })().catch(() => undefined);
    try {
      await new Promise<void>((resolve, reject) => peer.write(GGA, (e) => (e ? reject(e) : resolve())));
      await waitFor(() => text.includes(GGA), "the sentence through the symlinked pty");
      expect(text).toContain(GGA);
    } finally {
      await source.close();
      await reading;
      await new Promise<void>((resolve) => peer.close(() => resolve()));
    }
  });

  it("a regular file is still a log, a file:// path stays a file", () => {
    const log = join(tmp.dir, "log.nmea");
    writeFileSync(log, GGA);
    expect(openSource(log).live).toBe(false);
    expect(openSource("file:///dev/null").live).toBe(false);
  });
});
