// A broker that cannot be used is one clear line and exit 1, for the publisher and for every consumer: no
// broker at the address, a refused login (a mosquitto with a password file), a certificate the host does not
// trust (a TLS listener with a self-signed certificate made here by openssl). The right password and the
// certificate made trusted (NODE_EXTRA_CA_CERTS) then work, so the line is about what it says.

import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, hasMosquitto, hasOpenssl, startBroker, type Broker } from "./_mosquitto.js";

const cli = join(process.cwd(), "bin", "gnsskit.js");
const built = existsSync(join(process.cwd(), "dist", "cli", "commands", "publish.js"));
const LOG = join("fixtures", "cold-start-ttff.nmea");
const spool = mkdtempSync(join(tmpdir(), "gnsskit-errors-"));

function gnsskit(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (_error, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

/** One line on stderr, `gnsskit: …`, no stack trace, exit 1. */
function expectOneLine(result: { code: number | null; stderr: string }, line: RegExp): void {
  expect(result.stderr).toMatch(/^gnsskit: [^\n]+\n$/);
  expect(result.stderr).toMatch(line);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.code).toBe(1);
}

describe.skipIf(!hasMosquitto || !built)("a broker that cannot be used: one line, exit 1", () => {
  it("nobody listens at the address: publish, monitor, fleet stats", async () => {
    const port = await freePort();
    const line = new RegExp(`^gnsskit: mqtt://127\\.0\\.0\\.1:${port}: connection refused: no broker listens there$`, "m");
    expectOneLine(await gnsskit(["publish", LOG, "--mqtt", `mqtt://127.0.0.1:${port}`, "--spool", spool]), line);
    expectOneLine(await gnsskit(["monitor", `mqtt://127.0.0.1:${port}/gnss/+`]), line);
    expectOneLine(await gnsskit(["fleet", "stats", `mqtt://127.0.0.1:${port}/gnss/+`]), line);
    expectOneLine(await gnsskit(["decode", `mqtt://127.0.0.1:${port}/gnss/van`]), line);
  });

  it("a URL that is not a broker's, or a fleet where one device is read: exit 2", async () => {
    const ftp = await gnsskit(["publish", LOG, "--mqtt", "ftp://broker.lan"]);
    expect(ftp.code).toBe(2);
    expect(ftp.stderr).toBe("gnsskit: --mqtt ftp://broker.lan: expected mqtt:// or mqtts:// (TLS)\n");
    const wildcard = await gnsskit(["decode", "mqtt://127.0.0.1:1/gnss/+"]);
    expect(wildcard.code).toBe(2);
    expect(wildcard.stderr).toMatch(/^gnsskit: mqtt:\/\/127\.0\.0\.1:1\/gnss\/\+: \+ is every device under gnss: this command reads one/);
  });

  describe("a broker with a password file", () => {
    let broker: Broker;
    beforeAll(async () => {
      broker = await startBroker({ user: { name: "alice", password: "s3cret" } });
    });
    afterAll(async () => {
      await broker?.stop();
    });

    it("a wrong password or none: the login refused, the password never printed", async () => {
      const wrong = await gnsskit(["publish", LOG, "--mqtt", `mqtt://alice:wrong@127.0.0.1:${broker.port}`, "--spool", spool]);
      expectOneLine(
        wrong,
        new RegExp(
          `^gnsskit: mqtt://alice@127\\.0\\.0\\.1:${broker.port}: the broker refused the login \\(Not authorized\\): check the user and password$`,
          "m",
        ),
      );
      expect(wrong.stderr).not.toContain("wrong");
      expectOneLine(await gnsskit(["fleet", "stats", `mqtt://127.0.0.1:${broker.port}/gnss/+`]), /the broker refused the login/);
      expectOneLine(
        await gnsskit(["monitor", `mqtt://alice@127.0.0.1:${broker.port}/gnss/+`], { GNSSKIT_MQTT_PASSWORD: "nope" }),
        /the broker refused the login/,
      );
    });

    it("the right password (in the URL or GNSSKIT_MQTT_PASSWORD) publishes", async () => {
      const ok = await gnsskit(["publish", LOG, "--speed", "max", "--mqtt", `mqtt://alice@127.0.0.1:${broker.port}`, "--spool", spool, "-q"], {
        GNSSKIT_MQTT_PASSWORD: "s3cret",
      });
      expect(ok.stderr).toBe("");
      expect(ok.code).toBe(0);
      const stats = await gnsskit(["fleet", "stats", `mqtt://alice:s3cret@127.0.0.1:${broker.port}/gnss/+`, "--json"]);
      expect(stats.code).toBe(0);
      expect(JSON.parse(stats.stdout)).toMatchObject({ devices: [{ device: "cold-start-ttff", ttffMs: 34_000, epochs: 41 }] });
    });
  });

  describe.skipIf(!hasOpenssl)("a TLS listener with a self-signed certificate", () => {
    let broker: Broker;
    beforeAll(async () => {
      broker = await startBroker({ tls: true });
    });
    afterAll(async () => {
      await broker?.stop();
    });

    it("mqtts:// to it: TLS failed, and how to trust a private CA", async () => {
      const line = new RegExp(
        `^gnsskit: mqtts://127\\.0\\.0\\.1:${broker.port}: TLS failed: self[- ]signed certificate \\(a broker with a private CA: NODE_EXTRA_CA_CERTS=ca\\.pem\\)$`,
        "m",
      );
      expectOneLine(await gnsskit(["publish", LOG, "--mqtt", `mqtts://127.0.0.1:${broker.port}`, "--spool", spool]), line);
      expectOneLine(await gnsskit(["monitor", `mqtts://127.0.0.1:${broker.port}/gnss/+`]), line);
    });

    it("mqtt:// (no TLS) to it: the broker hangs up, and the hint says mqtts://", async () => {
      expectOneLine(
        await gnsskit(["publish", LOG, "--mqtt", `mqtt://127.0.0.1:${broker.port}`, "--spool", spool]),
        /closed the connection at once \(a TLS listener\? then mqtts:\/\/\)$/m,
      );
    });

    it("with its certificate trusted, mqtts:// publishes", async () => {
      const ok = await gnsskit(["publish", LOG, "--speed", "max", "--mqtt", `mqtts://127.0.0.1:${broker.port}`, "--spool", spool, "-q"], {
        NODE_EXTRA_CA_CERTS: join(broker.dir, "cert.pem"),
      });
      expect(ok.stderr).toBe("");
      expect(ok.code).toBe(0);
    });
  });
});
