// The baud rate an autobaud hunt found is told once: one baud-detected link event from the serial source, and
// one clear line on stderr from a command (the path once), against the python fake receiver on a pty.

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createSerialSource } from "../../../src/node/sources/serial.js";
import type { LinkEvent } from "../../../src/types.js";
import { hasCommand, startFakeReceiver, tempDir } from "./_pty.js";

const run = promisify(execFile);
const havePython = hasCommand("python3") || hasCommand("/usr/bin/python3");
const builtCli = join(process.cwd(), "bin", "gnsskit.js");
const built = existsSync(join(process.cwd(), "dist", "cli", "main.js"));
if (!built) console.log("autobaud-report: dist/ not built (npm run build): the CLI test is skipped");

describe.skipIf(!havePython)("autobaud result, told once", () => {
  it("the serial source emits one baud-detected event and no info event repeating it", async () => {
    const tmp = tempDir();
    const link = join(tmp.dir, "ttyFAKE");
    const fake = await startFakeReceiver(4800, link);
    try {
      const events: LinkEvent[] = [];
      const source = createSerialSource(link, { baudRate: "auto", reconnect: false, hunt: { perRateMs: 1200 } });
      source.onLink((e) => events.push(e));
      await source.open();
      await source.close();
      expect(events.filter((e) => e.type === "baud-detected")).toEqual([{ type: "baud-detected", baudRate: 4800 }]);
      expect(events.filter((e) => e.type === "info")).toEqual([]);
    } finally {
      await fake.kill();
      tmp.remove();
    }
  });

  it.skipIf(!built)(
    "gnsskit decode on a pty found by autobaud: one stderr line about the rate, the path once",
    async () => {
      const tmp = tempDir();
      const link = join(tmp.dir, "ttyFAKE");
      const fake = await startFakeReceiver(4800, link);
      try {
        const { stderr } = await run("node", [builtCli, "decode", link, "--duration", "3", "--format", "json"], { timeout: 30_000 });
        const lines = stderr.split("\n").filter((line) => /baud/.test(line));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/4800 baud/);
        expect(lines[0]!.split(link)).toHaveLength(2);
      } finally {
        await fake.kill();
        tmp.remove();
      }
    },
    40_000,
  );
});
