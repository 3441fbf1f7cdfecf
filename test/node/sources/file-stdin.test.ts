// File and stdin sources: whole content, back-pressure, close on break, one-line errors.

import { afterEach, describe, expect, it } from "vitest";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { createFileSource } from "../../../src/node/sources/file.js";
import { openLogFile } from "../../../src/node/sources/log-file.js";
import { createStdinSource } from "../../../src/node/sources/stdin.js";
import { SourceError } from "../../../src/sources/source.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempFile(name: string, content: string | Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), "gnsskit-file-"));
  dirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: number[] = [];
  for await (const chunk of source) parts.push(...chunk);
  return Uint8Array.from(parts);
}

describe("file source", () => {
  it("reads every byte, not live, in chunks of the given size", async () => {
    const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 31 + 7) & 0xff);
    const path = tempFile("log.nmea", bytes);
    const source = createFileSource(path, { chunkBytes: 1024 });
    expect(source.live).toBe(false);
    await source.open();
    const sizes: number[] = [];
    const parts: number[] = [];
    for await (const chunk of source) {
      sizes.push(chunk.length);
      parts.push(...chunk);
    }
    expect(Uint8Array.from(parts)).toEqual(bytes);
    expect(sizes.slice(0, -1).every((s) => s === 1024)).toBe(true);
    expect(sizes.length).toBe(Math.ceil(bytes.length / 1024));
  });

  it("stops reading when the consumer breaks, and releases the file", async () => {
    const path = tempFile("big.nmea", new Uint8Array(1 << 20));
    const source = createFileSource(path, { chunkBytes: 4096 });
    await source.open();
    let chunks = 0;
    for await (const _chunk of source) {
      if (++chunks === 3) break;
    }
    expect(chunks).toBe(3);
    // The iterator is finished for good after close.
    const again = await source[Symbol.asyncIterator]().next();
    expect(again.done).toBe(true);
  });

  // A plain file is read from its descriptor (log-file.ts), not through a stream: the descriptor must go back at
  // the end, at a break, and at close() while a read is under way.
  /** Descriptors of this process open on `path` (other tests share the process: only this file's count). */
  const openOn = (path: string): number =>
    readdirSync("/proc/self/fd").filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === path;
      } catch {
        return false; // closed meanwhile
      }
    }).length;
  it.skipIf(!existsSync("/proc/self/fd"))("releases the file's descriptor at the end, at a break and at close()", async () => {
    const path = tempFile("log.nmea", new Uint8Array(64 * 1024));
    const whole = createFileSource(path, { chunkBytes: 4096 });
    await whole.open();
    expect(openOn(path)).toBe(1);
    expect((await readAll(whole)).length).toBe(64 * 1024);
    expect(openOn(path)).toBe(0);

    const broken = createFileSource(path, { chunkBytes: 4096 });
    await broken.open();
    for await (const _chunk of broken) break;
    expect(openOn(path)).toBe(0);

    const closed = createFileSource(path, { chunkBytes: 4096 });
    await closed.open();
    const iterator = closed[Symbol.asyncIterator]();
    await iterator.next();
    const pending = iterator.next(); // a read under way when close() comes
    await closed.close();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(openOn(path)).toBe(0);
  });

  it.skipIf(!existsSync("/proc/self/fd"))("never closes the descriptor under a read: close() right after next() waits for it, N times", async () => {
    const path = tempFile("log.nmea", new Uint8Array(256 * 1024));
    // the first read of a file is under way when close() comes: closed under it, the read failed with EBADF
    // (67 times in 3000 before the fix)
    for (let k = 0; k < 300; k++) {
      const { reader } = await openLogFile(path, { chunkBytes: 64 * 1024 });
      const first = reader.next();
      const second = reader.close();
      const again = reader.close(); // a second close() waits for the same end
      await expect(first).resolves.toMatchObject({ done: expect.any(Boolean) });
      await second;
      await again;
      expect(openOn(path)).toBe(0);
    }
  });

  it.skipIf(!existsSync("/proc/self/fd"))("releases a gzip log's descriptor by the time close() resolves", async () => {
    // incompressible: the compressed file is larger than what one chunk of the decompression needs
    const path = tempFile("log.nmea.gz", gzipSync(randomBytes(512 * 1024)));
    const source = createFileSource(path, { chunkBytes: 4096 });
    await source.open();
    await source[Symbol.asyncIterator]().next();
    expect(openOn(path)).toBe(1);
    await source.close();
    expect(openOn(path)).toBe(0);
  });

  it("reads a log saved as UTF-16 (plain or gzip) as its characters, cut into chunks of any size", async () => {
    const text = "$GPGGA,1*00\r\n$GPRMC,2*00\r\n".repeat(200);
    const utf16 = Buffer.from(`\ufeff${text}`, "utf16le");
    for (const [name, bytes] of [
      ["log.nmea", utf16],
      ["log.nmea.gz", gzipSync(utf16)],
    ] as const) {
      for (const chunkBytes of [1, 7, 4096]) {
        const source = createFileSource(tempFile(name, bytes), { chunkBytes });
        await source.open();
        expect(Buffer.from(await readAll(source)).toString("latin1")).toBe(text);
      }
    }
  });

  const failures = [
    { name: "missing file", make: (dir: string) => join(dir, "nope.nmea"), want: /^cannot read .*nope\.nmea: no such file$/ },
    { name: "a directory", make: (dir: string) => dir, want: /^cannot read .*: is a directory$/ },
  ];
  for (const f of failures) {
    it(`fails open() with a one-line SourceError: ${f.name}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "gnsskit-file-"));
      dirs.push(dir);
      const path = f.make(dir);
      const error = await createFileSource(path)
        .open()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect((error as Error).message).toMatch(f.want);
      expect((error as Error).message).not.toContain("\n");
    });
  }

  it.skipIf(process.getuid?.() === 0)("fails open() on an unreadable file", async () => {
    const path = tempFile("secret.nmea", "x");
    chmodSync(path, 0o000);
    await expect(createFileSource(path).open()).rejects.toThrow(/: permission denied$/);
  });
});

describe("stdin source", () => {
  it("passes a piped stream through and is live by default", async () => {
    const stream = new PassThrough();
    const source = createStdinSource({ stream });
    expect(source.name).toBe("-");
    expect(source.live).toBe(true);
    await source.open();
    const reading = readAll(source);
    stream.write("$GPGGA,1*00\r\n");
    stream.end("$GPRMC,2*00\r\n");
    expect(new TextDecoder().decode(await reading)).toBe("$GPGGA,1*00\r\n$GPRMC,2*00\r\n");
  });

  it("reads UTF-16 piped in (PowerShell's `Get-Content log | gnsskit decode -`) as its characters", async () => {
    const stream = new PassThrough();
    const source = createStdinSource({ stream });
    await source.open();
    const reading = readAll(source);
    const bytes = Buffer.from("\ufeff$GPGGA,1*00\r\n$GPRMC,2*00\r\n", "utf16le");
    stream.write(bytes.subarray(0, 1));
    stream.write(bytes.subarray(1, 9));
    stream.end(bytes.subarray(9));
    expect(new TextDecoder().decode(await reading)).toBe("$GPGGA,1*00\r\n$GPRMC,2*00\r\n");
  });

  it("applies back-pressure: an unread stream stops being drained", async () => {
    const stream = new PassThrough({ highWaterMark: 1024 });
    const source = createStdinSource({ stream, live: false });
    expect(source.live).toBe(false);
    await source.open();
    const iterator = source[Symbol.asyncIterator]();
    await Promise.resolve();
    let accepted = 0;
    while (stream.write(new Uint8Array(256))) accepted++;
    // Nobody pulled: the writable side reports full instead of buffering without bound.
    expect(accepted).toBeLessThan(16);
    const first = await iterator.next();
    expect(first.done).toBe(false);
    await source.close();
    expect(stream.destroyed).toBe(true);
  });
});
