// A regular file is read without libuv's thread pool (log-file.ts): starting the pool's threads and a hop through
// it per read were 3-6 ms of a short decode. Node's callback I/O is spied on: none of it for a regular file (a FIFO,
// whose open waits for its writer, still goes through it: fifo.test.ts).

import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  return { ...real, open: vi.fn(real.open), read: vi.fn(real.read), fstat: vi.fn(real.fstat), close: vi.fn(real.close) };
});

const { createFileSource } = await import("../../../src/node/sources/file.js");

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  vi.mocked(fs.open).mockClear();
  vi.mocked(fs.read).mockClear();
  vi.mocked(fs.fstat).mockClear();
  vi.mocked(fs.close).mockClear();
});

async function readAll(path: string, chunkBytes: number): Promise<number> {
  const source = createFileSource(path, { chunkBytes });
  await source.open();
  let bytes = 0;
  for await (const chunk of source) bytes += chunk.length;
  await source.close();
  return bytes;
}

const poolCalls = (): number => [fs.open, fs.read, fs.fstat, fs.close].reduce((sum, f) => sum + vi.mocked(f).mock.calls.length, 0);

describe("file source and the thread pool", () => {
  it("reads a regular file whole without a call through the pool", async () => {
    const dir = fs.mkdtempSync(join(tmpdir(), "gnsskit-pool-"));
    dirs.push(dir);
    const path = join(dir, "log.nmea");
    fs.writeFileSync(path, "$GPGGA,120000,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*42\r\n".repeat(500));
    expect(await readAll(path, 4096)).toBe(fs.statSync(path).size);
    expect(poolCalls()).toBe(0);
  });
});
