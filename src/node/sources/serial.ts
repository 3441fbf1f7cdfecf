// Serial ports (USB receivers, UARTs, /dev/rfcommN) through `serialport`, imported lazily so that
// file, stdin and network users never load the native addon. Raw bytes go to the framer untouched
// (binary UBX included), so no line parser sits on the data path.

import { SourceError } from "../../sources/source.js";
import { createLinkSource, type Link, type LinkHandlers, type LinkSource } from "../../sources/link-source.js";
import { huntBaudRate, type BaudHuntOptions } from "../../sources/autobaud.js";
import { resolveReconnect, type ReconnectOptions } from "../../sources/reconnect.js";
import { watchForPath } from "./watch-path.js";

/** The part of serialport's SerialPortStream this source uses (SerialPort and SerialPortMock both fit). */
export interface SerialPortLike {
  readonly isOpen: boolean;
  open(callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
  write(data: Uint8Array, callback?: (error: Error | null | undefined) => void): boolean;
  update(options: { baudRate: number }, callback?: (error: Error | null) => void): void;
  flush(callback?: (error: Error | null) => void): void;
  drain(callback?: (error: Error | null) => void): void;
  on(event: "data", listener: (chunk: Uint8Array) => void): unknown;
  on(event: "close", listener: (error?: Error & { disconnected?: boolean }) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  removeAllListeners(): unknown;
}

export interface SerialSourceOptions {
  /** A fixed rate, or "auto" to hunt for it (default). */
  baudRate?: number | "auto";
  /**
   * Reopen the port after an unplug: at once when its device node reappears (watched with inotify),
   * else with capped backoff. Default true.
   */
  reconnect?: boolean | ReconnectOptions;
  /** Tuning of the baud hunt (rates, time per rate, a per-rate report). */
  hunt?: Omit<BaudHuntOptions, "name">;
  /** Name shown in messages and summaries. Default: the path. */
  name?: string;
  /**
   * Called before every open, the first and each reconnect, for the path to open: lets a wrapper
   * re-create the device first (a Bluetooth RFCOMM bind) or find a USB device under a new name.
   * Default: `path` every time.
   */
  resolvePath?: (attempt: { reconnect: boolean }) => Promise<string>;
  /** Builds the port object (tests pass SerialPortMock). Default: serialport's SerialPort, loaded on first open. */
  createPort?: (options: { path: string; baudRate: number }) => SerialPortLike | Promise<SerialPortLike>;
}

/** A serial Source; `baudRate` is the rate in use (detected or given) once open. */
export interface SerialSource extends LinkSource {
  readonly baudRate: number | undefined;
  /** Switches the open port to a new speed once what was written has been sent; reconnects use it too. */
  setBaudRate(baudRate: number): Promise<void>;
}

const cb = <T>(run: (done: (error: Error | null | undefined, value?: T) => void) => void): Promise<T | undefined> =>
  new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value))));

async function defaultCreatePort(options: { path: string; baudRate: number }): Promise<SerialPortLike> {
  const { createSerialPort } = await import("./serial-port.js");
  return createSerialPort(options);
}

export function createSerialSource(configuredPath: string, options: SerialSourceOptions = {}): SerialSource {
  const requested = options.baudRate ?? "auto";
  if (requested !== "auto" && !(Number.isInteger(requested) && requested > 0)) {
    throw new TypeError(`invalid baud rate ${String(requested)}: a positive integer or "auto"`);
  }
  const createPort = options.createPort ?? defaultCreatePort;
  // Once a rate is known (given or detected), reconnects reuse it without hunting again.
  let baudRate: number | undefined = requested === "auto" ? undefined : requested;
  let opens = 0;
  /** The port of the open link, for a speed change. */
  let openPort: SerialPortLike | undefined;
  /** Bytes written since the last speed change: what may still be on its way out at the old speed. */
  let unsentBytes = 0;

  const connect = async (handlers: LinkHandlers): Promise<Link> => {
    const path = options.resolvePath === undefined ? configuredPath : await options.resolvePath({ reconnect: opens++ > 0 });
    const firstRate = baudRate ?? options.hunt?.lastGoodBaudRate ?? options.hunt?.baudRates?.[0] ?? 9600;
    const port = await createPort({ path, baudRate: firstRate });
    try {
      await cb((done) => port.open(done));
    } catch (error) {
      throw new SourceError(`cannot open ${path}: ${describeOpenError(error)}`, { cause: error });
    }
    let closing = false;
    let deliver: (chunk: Uint8Array) => void = () => undefined;
    let onLost: (reason: string) => void = () => undefined;
    port.on("data", (chunk) => deliver(chunk));
    port.on("close", (error) => {
      if (!closing) onLost(error?.disconnected === true ? "device disconnected" : `port closed${error ? `: ${error.message}` : ""}`);
    });
    port.on("error", (error) => {
      if (closing) return;
      onLost(`I/O error: ${error.message}`);
      if (port.isOpen) port.close(() => undefined);
    });
    const close = async (): Promise<void> => {
      closing = true;
      if (openPort === port) openPort = undefined;
      if (port.isOpen) await cb((done) => port.close(done)).catch(() => undefined);
      port.removeAllListeners();
    };

    if (baudRate === undefined) {
      try {
        const found = await huntBaudRate(
          {
            setBaudRate: async (rate) => {
              await cb((done) => port.update({ baudRate: rate }, done));
              await cb((done) => port.flush(done));
            },
            onData: (listener) => {
              deliver = listener;
              return () => (deliver = () => undefined);
            },
            onLost: (listener) => {
              onLost = listener;
              return () => (onLost = () => undefined);
            },
          },
          { ...options.hunt, name: path, signal: handlers.signal },
        );
        baudRate = found.baudRate;
        // One event: commands print it with the source's name (an info event beside it printed it twice).
        handlers.event({ type: "baud-detected", baudRate: found.baudRate });
        handlers.data(found.received);
      } catch (error) {
        await close();
        throw error;
      }
    }
    deliver = (chunk) => handlers.data(chunk);
    onLost = (reason) => handlers.lost(reason);
    handlers.event({ type: "connected", detail: `${path} at ${baudRate} baud` });
    openPort = port;
    return {
      write: async (bytes) => {
        if (!port.isOpen) throw new SourceError(`${path}: cannot write (port closed)`, { disconnected: true });
        await cb((done) => port.write(bytes, done));
        unsentBytes += bytes.length;
      },
      close,
    };
  };

  const source = createLinkSource({
    name: options.name ?? configuredPath,
    connect,
    reconnect: resolveReconnect(options.reconnect, true),
    // A wrapper that makes the path itself (resolvePath) knows when it is back; a plain path is watched.
    ...(options.resolvePath === undefined
      ? { watchReturn: (wake: (why: string) => void) => watchForPath(configuredPath, () => wake("the device node is back")) }
      : {}),
  });
  const setBaudRate = async (rate: number): Promise<void> => {
    if (!(Number.isInteger(rate) && rate > 0)) throw new TypeError(`invalid baud rate ${rate}`);
    const port = openPort;
    if (port === undefined || !port.isOpen)
      throw new SourceError(`${options.name ?? configuredPath}: cannot change speed (port closed)`, { disconnected: true });
    // The bytes written so far (the command that asked the receiver to switch) go out at the old speed first:
    // drained from the kernel, then the time they take on the wire, since a USB adapter's FIFO may still hold
    // them (and a pty's reader may not have read them) when tcdrain returns, and serialport's update flushes both
    // directions before it sets the new speed.
    await cb((done) => port.drain(done));
    const onTheWireMs = Math.ceil((unsentBytes * 10 * 1000) / (baudRate ?? rate)) + 50;
    await new Promise((resolve) => setTimeout(resolve, onTheWireMs));
    await cb((done) => port.update({ baudRate: rate }, done));
    unsentBytes = 0;
    baudRate = rate;
  };
  return Object.defineProperties(source, {
    baudRate: { get: () => baudRate, enumerable: true },
    setBaudRate: { value: setBaudRate, enumerable: true },
  }) as SerialSource;
}

function describeOpenError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/ENOENT|No such file/i.test(message)) return "no such device";
  if (/EACCES|Permission denied/i.test(message)) return "permission denied (is the user in the dialout group?)";
  if (/EBUSY|Resource busy|lock/i.test(message)) return "device busy (another program has it open)";
  // A device that is not a terminal (where the system could not tell before opening it).
  if (/ENOTTY|Inappropriate ioctl/i.test(message)) return "not a serial port (the device is not a terminal)";
  return message.replace(/^Error:\s*/, "");
}
