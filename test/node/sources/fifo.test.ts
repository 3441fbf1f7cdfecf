// A pipe given by its path (a FIFO, as `mkfifo` makes for a receiver's feed): the file source reads it as it comes
// (no position), and a short read is copied out rather than kept as a view on a whole 64 KiB buffer. In peers: it
// starts mkfifo and a writer.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createFileSource } from "../../../src/node/sources/file.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("file source on a FIFO", () => {
  // Once in a CI run under load (2026-12-07) this test waited out its 60 s: the FIFO's open and reads go through
  // libuv's thread pool, which the other peer files in the same process share; the cause was not found in 3 full
  // runs. An attempt now gives up after 20 s saying what the process had under way, and is tried again.
  it.skipIf(process.platform === "win32")(
    "reads a pipe given by its path (a FIFO) as it comes, short reads copied out",
    { timeout: 20_000, retry: 2 },
    async (context) => {
      context.onTestFailed(() => console.error(`fifo.test: under way in this process: ${JSON.stringify(process.getActiveResourcesInfo())}`));
      const dir = mkdtempSync(join(tmpdir(), "gnsskit-fifo-"));
      dirs.push(dir);
      const path = join(dir, "fifo");
      execFileSync("mkfifo", [path]);
      const lines = Array.from({ length: 50 }, (_, k) => `$GPGGA,${k}*00\r\n`);
      // a writer that sends a line at a time, as a receiver behind a pipe does
      const writer = spawn(process.execPath, [
        "-e",
        `const fs = require("node:fs");
       const fd = fs.openSync(process.argv[1], "w");
       const lines = JSON.parse(process.argv[2]);
       let k = 0;
       const next = () => { if (k === lines.length) return fs.closeSync(fd); fs.writeSync(fd, lines[k++]); setTimeout(next, 1); };
       next();`,
        path,
        JSON.stringify(lines),
      ]);
      const source = createFileSource(path);
      await source.open();
      let text = "";
      let largest = 0;
      for await (const chunk of source) {
        text += Buffer.from(chunk).toString("latin1");
        largest = Math.max(largest, chunk.buffer.byteLength);
      }
      await new Promise((resolve) => writer.once("close", resolve));
      expect(text).toBe(lines.join(""));
      // each short read is a copy of its bytes, not a view on a 64 KiB buffer
      expect(largest).toBeLessThan(32 * 1024);
    },
  );
});
