// Shared pieces of the server tests: a feed the test drives by hand, and a raw TCP client that
// collects CRLF lines and waits for the ones it needs.

import { connect as netConnect, type Socket } from "node:net";
import type { GpsdDeviceFeed } from "../../src/node/gpsd-server/index.js";
import type { Epoch, GpsEvent } from "../../src/types.js";

export interface ManualFeed {
  feed: GpsdDeviceFeed;
  push(event: GpsEvent): void;
  end(): void;
}

/** A device feed whose events the test pushes one by one. */
export function createManualFeed(): ManualFeed {
  const queue: GpsEvent[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    wake?.();
    wake = undefined;
  };
  return {
    feed: {
      async *events() {
        for (;;) {
          while (queue.length > 0) yield queue.shift() as GpsEvent;
          if (ended) return;
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
      close: async () => {
        ended = true;
        signal();
      },
    },
    push(event) {
      queue.push(event);
      signal();
    },
    end() {
      ended = true;
      signal();
    },
  };
}

export function epochAt(timeMs: number, latitudeDeg = 48.1173, longitudeDeg = 11.5167): Epoch {
  return {
    timeMs,
    receivedAtMs: timeMs,
    mode: "3d",
    quality: "autonomous",
    fixState: { kind: "fixed", mode: "3d", quality: "autonomous", sinceMs: 0 },
    latitudeDeg,
    longitudeDeg,
    altitudeMslM: 545.4,
    dop: { hdop: 0.9 },
    satellites: {
      satellites: [{ constellation: "gps", svid: 4, nmeaId: 4, key: "gps:4", elevationDeg: 40, azimuthDeg: 100, cn0DbHz: 42, usedInFix: true, signals: [] }],
      inViewCount: 1,
      trackedCount: 1,
      usedCount: 1,
      signalCount: 1,
    },
    sentenceIds: ["GGA"],
  };
}

export const frameEvent = (text: string): GpsEvent => ({ type: "frame", frame: { text, checksum: "ok", receivedAtMs: 0 } });

export interface TestClient {
  readonly socket: Socket;
  /** Every complete line received so far, without its CRLF. */
  readonly lines: string[];
  /** Raw text received, line ends included. */
  readonly raw: () => string;
  send(text: string): void;
  /** Resolves with the lines once `predicate` holds; rejects after `timeoutMs` (default 20 s, within a test's 30 s). */
  waitFor(predicate: (lines: string[]) => boolean, timeoutMs?: number): Promise<string[]>;
  /** Resolves when the server closes the connection. */
  closed: Promise<void>;
  close(): void;
}

export function connectClient(port: number): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, "127.0.0.1");
    const lines: string[] = [];
    let raw = "";
    let partial = "";
    const waiters = new Set<() => void>();
    socket.setEncoding("utf8");
    socket.on("data", (text: string) => {
      raw += text;
      partial += text;
      let end: number;
      while ((end = partial.indexOf("\n")) >= 0) {
        lines.push(partial.slice(0, end).replace(/\r$/, ""));
        partial = partial.slice(end + 1);
      }
      for (const waiter of [...waiters]) waiter();
    });
    const closed = new Promise<void>((done) => socket.on("close", () => done()));
    socket.on("error", () => undefined);
    socket.once("connect", () =>
      resolve({
        socket,
        lines,
        raw: () => raw,
        send: (text) => socket.write(text),
        waitFor(predicate, timeoutMs = 20_000) {
          return new Promise((done, fail) => {
            const check = (): void => {
              if (!predicate(lines)) return;
              clearTimeout(timer);
              waiters.delete(check);
              done(lines);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`timed out waiting; got ${lines.length} lines: ${lines.slice(-5).join(" | ")}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        closed,
        close: () => socket.destroy(),
      }),
    );
    socket.once("error", reject);
  });
}

export const parsed = (lines: readonly string[]): Array<Record<string, unknown>> =>
  lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);

export const classes = (lines: readonly string[]): string[] => parsed(lines).map((o) => String(o.class));
