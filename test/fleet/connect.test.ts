// connectBroker (src/node/mqtt/connect.ts): a failed first connection rejects with the one line the
// CLI prints and leaves nothing running behind it (MQTT.js's connect timer once kept the process alive 10 s).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { connectBroker, describeConnectError } from "../../src/node/mqtt/connect.js";
import { freePort } from "./_mosquitto.js";

const built = join(process.cwd(), "dist", "node", "mqtt", "connect.js");

describe("connectBroker", () => {
  it("no broker: rejects with one line", async () => {
    const port = await freePort();
    await expect(connectBroker({ protocol: "mqtt", host: "127.0.0.1", port }, { role: "test" })).rejects.toThrow(
      `mqtt://127.0.0.1:${port}: connection refused: no broker listens there`,
    );
  });

  it.skipIf(!existsSync(built))("no broker: nothing left running after the rejection, the process ends by itself", async () => {
    // MQTT.js's connect timer is set to ten minutes here: a timer left behind would hold the process (and fail
    // this test at its own timeout), as it once held the CLI for the default ten seconds
    const port = await freePort();
    const script = `
      const { connectBroker } = await import(${JSON.stringify(built)});
      try { await connectBroker({ protocol: "mqtt", host: "127.0.0.1", port: ${port} }, { role: "test", connectTimeoutMs: 600000 }); } catch (e) { console.log(e.message); }`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script]);
    expect(stdout).toMatch(/connection refused/);
  });

  it.each([
    [
      Object.assign(new Error("Connection refused: Not authorized"), { code: 135 }),
      "mqtt",
      "the broker refused the login (Not authorized): check the user and password",
    ],
    [Object.assign(new Error("Connection refused: Server unavailable"), { code: 3 }), "mqtt", "the broker refused the connection: Server unavailable"],
    [Object.assign(new Error("getaddrinfo ENOTFOUND x"), { code: "ENOTFOUND" }), "mqtt", "host not found"],
    [Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }), "mqtt", "the broker closed the connection at once (a TLS listener? then mqtts://)"],
    [
      Object.assign(new Error("certificate has expired"), { code: "CERT_HAS_EXPIRED" }),
      "mqtts",
      "TLS failed: certificate has expired (a broker with a private CA: NODE_EXTRA_CA_CERTS=ca.pem)",
    ],
  ] as const)("%s → one line", (error, protocol, line) => {
    expect(describeConnectError("mqtt://b:1883", error, protocol)).toBe(`mqtt://b:1883: ${line}`);
  });
});
