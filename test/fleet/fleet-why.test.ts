// The fleet monitor says why a device has no fix yet, as the single monitor does: a cold start published through
// a real mosquitto, read by `gnsskit monitor mqtt://…/+` off a terminal (a status line per device and second).

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hasMosquitto, startBroker, until, type Broker } from "./_mosquitto.js";

const cli = join(process.cwd(), "bin", "gnsskit.js");
const built = existsSync(join(process.cwd(), "dist", "cli", "commands", "publish.js"));
if (!built) console.log("fleet why: dist/ not built (npm run build): skipped");

describe.skipIf(!hasMosquitto || !built)("the fleet monitor's why", () => {
  let broker: Broker | undefined;
  afterAll(async () => broker?.stop());

  it("a device still searching has its why on its status line", async () => {
    broker = await startBroker();
    const monitor = spawn(process.execPath, [cli, "monitor", `${broker.url}/gnss/+`], { stdio: ["ignore", "pipe", "pipe"] });
    let lines = "";
    monitor.stdout.on("data", (data: Buffer) => (lines += data.toString()));
    try {
      // 34 s of searching before its first fix, played at 5×: 7 s in which the monitor (started first) is subscribed
      const publisher = spawn(
        process.execPath,
        [
          cli,
          "publish",
          join("fixtures", "cold-start-ttff.nmea"),
          "--device",
          "van",
          "--mqtt",
          broker.url,
          "--speed",
          "5",
          "--spool",
          mkdtempSync(join(tmpdir(), "gnsskit-why-")),
        ],
        { stdio: "ignore" },
      );
      await until("a searching line with its why", () => /^van: .*SEARCHING.* why: \S/m.test(lines), 30_000);
      publisher.kill();
    } finally {
      monitor.kill();
    }
    expect(lines).toMatch(/^van: .*SEARCHING.* why: \S/m);
  }, 60_000);
});
