// A Web Serial port (`navigator.serial.requestPort()`) as a Source. The port's `readable` stream is read
// chunk by chunk; a read that rejects with a fatal error (the device was unplugged: NetworkError) is a
// disconnect. Web Serial reports UART line errors (framing, parity, break, overrun) as rejected reads
// too, after which `readable` is a fresh stream: those are read past, since a wrong baud rate causes them.
// Auto-baud closes and reopens the port at each usual rate until checksum-valid sentences arrive
// (the same hunt as the Node serial source).

import { SourceError } from "../sources/source.js";
import { createLinkSource, type Link, type LinkHandlers, type LinkSource } from "../sources/link-source.js";
import { HUNT_BAUD_RATES, huntBaudRate, type BaudHuntPort } from "../sources/autobaud.js";

/** The parts of the Web Serial `SerialPort` this source uses (the DOM lib has no Web Serial types). */
export interface SerialPortLike {
  open(options: {
    baudRate: number;
    dataBits?: number;
    stopBits?: number;
    parity?: "none" | "even" | "odd";
    bufferSize?: number;
    flowControl?: "none" | "hardware";
  }): Promise<void>;
  close(): Promise<void>;
  readonly readable: ReadableStream<Uint8Array> | null;
  readonly writable: WritableStream<Uint8Array> | null;
  getInfo?(): { usbVendorId?: number; usbProductId?: number; bluetoothServiceClassId?: number | string };
}

export interface WebSerialSourceOptions {
  /** Line speed, or "auto" to hunt through the usual NMEA rates. Default "auto". */
  baudRate?: number | "auto";
  /** Rates tried by the hunt, in order. Default: 9600, 4800, 115200, 38400, 57600, 230400, 19200, 460800, 921600. */
  baudRates?: readonly number[];
  /** Listening time per rate during the hunt (ms). Default 1500. */
  perRateMs?: number;
  /** Read buffer of the port (bytes). Default 4096. */
  bufferSize?: number;
  /** Name shown in summaries. Default: `webserial:VID:PID` from `getInfo()`, else `webserial:`. */
  name?: string;
}

export interface WebSerialSource extends LinkSource {
  /** The rate in use once open (detected or given). */
  readonly baudRate: number | undefined;
}

/** Web Serial's recoverable read errors: the stream is replaced and reading may go on. */
const LINE_ERRORS = new Set(["BufferOverrunError", "BreakError", "FramingError", "ParityError"]);

const hex4 = (n: number | undefined): string => (n === undefined ? "????" : n.toString(16).padStart(4, "0"));

function defaultName(port: SerialPortLike): string {
  const info = port.getInfo?.();
  if (info?.usbVendorId !== undefined) return `webserial:${hex4(info.usbVendorId)}:${hex4(info.usbProductId)}`;
  if (info?.bluetoothServiceClassId !== undefined) return `webserial:bt:${String(info.bluetoothServiceClassId)}`;
  return "webserial:";
}

const errorName = (error: unknown): string => (typeof error === "object" && error !== null && "name" in error ? String(error.name) : "");
const errorText = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * One opening of the port at one rate with a read loop that hands every chunk to `deliver`.
 * `stop()` cancels the read and closes the port; `lost` is called once when the device goes away.
 */
interface OpenPort {
  readonly stopped: Promise<void>;
  stop(): Promise<void>;
}

async function openAt(
  port: SerialPortLike,
  baudRate: number,
  bufferSize: number,
  deliver: (chunk: Uint8Array) => void,
  lost: (reason: string) => void,
  note: (message: string) => void,
): Promise<OpenPort> {
  await port.open({ baudRate, bufferSize });
  let stopping = false;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const loop = async (): Promise<void> => {
    while (!stopping) {
      const readable = port.readable;
      if (readable === null) {
        lost("the port has no readable stream (device lost)");
        return;
      }
      reader = readable.getReader();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          if (value !== undefined && value.byteLength > 0) deliver(value);
        }
        if (!stopping) {
          lost("the port's stream ended (device lost)");
          return;
        }
      } catch (error) {
        if (stopping) return;
        if (LINE_ERRORS.has(errorName(error)) && port.readable !== null) {
          note(`serial line error (${errorName(error)}), reading on`);
          continue;
        }
        lost(`read failed: ${errorText(error)}`);
        return;
      } finally {
        reader.releaseLock();
        reader = undefined;
      }
    }
  };
  const stopped = loop();
  return {
    stopped,
    async stop() {
      stopping = true;
      await reader?.cancel().catch(() => undefined);
      await stopped;
      await port.close().catch(() => undefined);
    },
  };
}

export function createWebSerialSource(port: SerialPortLike, options: WebSerialSourceOptions = {}): WebSerialSource {
  const requested = options.baudRate ?? "auto";
  if (requested !== "auto" && !(Number.isInteger(requested) && requested > 0)) {
    throw new TypeError(`invalid baud rate ${String(requested)}: a positive integer or "auto"`);
  }
  const bufferSize = options.bufferSize ?? 4096;
  const name = options.name ?? defaultName(port);
  let baudRate: number | undefined = requested === "auto" ? undefined : requested;

  const connect = async (handlers: LinkHandlers): Promise<Link> => {
    let current: OpenPort | undefined;
    let dataListeners = new Set<(chunk: Uint8Array) => void>();
    let lostListeners = new Set<(reason: string) => void>();
    let lostReason: string | undefined;
    // Chunks that arrive while nobody listens (between the hunt's verdict and the hand-over, or before
    // the hunt subscribes at a new rate) wait here instead of being dropped.
    let spill: Uint8Array[] = [];
    const deliver = (chunk: Uint8Array): void => {
      if (dataListeners.size === 0) spill.push(chunk);
      for (const listener of dataListeners) listener(chunk);
    };
    const takeSpill = (): Uint8Array[] => {
      const taken = spill;
      spill = [];
      return taken;
    };
    const lost = (reason: string): void => {
      lostReason = reason;
      for (const listener of lostListeners) listener(reason);
    };
    const note = (message: string): void => handlers.event({ type: "info", message });
    const reopen = async (rate: number): Promise<void> => {
      await current?.stop();
      current = undefined;
      spill = [];
      try {
        current = await openAt(port, rate, bufferSize, deliver, lost, note);
      } catch (error) {
        throw new SourceError(`${name}: cannot open at ${rate} baud: ${errorText(error)}`, { cause: error });
      }
    };

    if (requested === "auto") {
      const huntPort: BaudHuntPort = {
        setBaudRate: reopen,
        onData(listener) {
          dataListeners.add(listener);
          for (const chunk of takeSpill()) listener(chunk);
          return () => dataListeners.delete(listener);
        },
        onLost(listener) {
          lostListeners.add(listener);
          if (lostReason !== undefined) queueMicrotask(() => listener(lostReason ?? ""));
          return () => lostListeners.delete(listener);
        },
      };
      try {
        const found = await huntBaudRate(huntPort, {
          baudRates: options.baudRates ?? HUNT_BAUD_RATES,
          name,
          signal: handlers.signal,
          ...(baudRate === undefined ? {} : { lastGoodBaudRate: baudRate }),
          ...(options.perRateMs === undefined ? {} : { perRateMs: options.perRateMs }),
        });
        baudRate = found.baudRate;
        handlers.event({ type: "baud-detected", baudRate: found.baudRate });
        dataListeners = new Set([handlers.data]);
        lostListeners = new Set([handlers.lost]);
        if (found.received.byteLength > 0) handlers.data(found.received);
        for (const chunk of takeSpill()) handlers.data(chunk);
      } catch (error) {
        await current?.stop();
        throw error;
      }
    } else {
      dataListeners.add(handlers.data);
      lostListeners.add(handlers.lost);
      await reopen(requested);
    }
    handlers.event({ type: "connected", detail: `${name} at ${baudRate ?? "?"} baud` });
    if (lostReason !== undefined) handlers.lost(lostReason);

    return {
      async write(bytes) {
        const writable = port.writable;
        if (writable === null) throw new SourceError(`${name}: the port is not writable`, { disconnected: true });
        const writer = writable.getWriter();
        try {
          await writer.write(bytes);
        } catch (error) {
          throw new SourceError(`${name}: write failed: ${errorText(error)}`, { cause: error, disconnected: true });
        } finally {
          writer.releaseLock();
        }
      },
      async close() {
        await current?.stop();
        current = undefined;
      },
    };
  };

  const link = createLinkSource({ name, connect, reconnect: undefined });
  return Object.defineProperty(link, "baudRate", { get: () => baudRate, enumerable: true }) as WebSerialSource;
}
