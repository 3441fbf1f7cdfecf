// serialport's SerialPort with one fix in its Unix read: a read that returns no bytes is the end of the
// device, not "try again". serialport's bindings-cpp (13.0.0) re-reads at once on a zero-byte read
// (serialport/bindings-cpp#162, still open); a tty reads zero bytes only once it is hung up (a USB receiver
// unplugged, the other end of a pty gone), so a read issued after the hang-up loops for ever at full CPU and
// the unplug is never reported. Which read comes first is a race: the read already waiting on poll() sees the
// hang-up as an error and all is well; a read issued just after it (the consumer was behind, the host was busy)
// spun. Here such a read is a disconnect: the stream closes with `disconnected`, the source reconnects.

import { read as fsRead } from "node:fs";
import { promisify } from "node:util";
import type { SerialPort as SerialPortClass } from "serialport";

const readAsync = promisify(fsRead);

/** The part of a bindings-cpp binding and its ports this fix touches. */
interface Binding {
  list(): Promise<unknown[]>;
  open(options: object): Promise<BindingPort>;
}
interface BindingPort {
  readonly isOpen: boolean;
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }>;
}

/** What a Unix port of bindings-cpp has besides its interface: its descriptor and its poll() wrapper. */
interface UnixPortInternals {
  fd: number | null;
  poller: { once(event: "readable", callback: (error: Error | null) => void): unknown };
}

const isUnixPort = (port: object): port is UnixPortInternals =>
  "fd" in port && typeof port.fd === "number" && "poller" in port && typeof port.poller === "object" && port.poller !== null;

const canceled = (): Error => Object.assign(new Error("Port is not open"), { canceled: true });

/** A read that waits on poll() for data, and turns a zero-byte read into a disconnect. */
async function readUntilData(port: BindingPort & UnixPortInternals, buffer: Buffer, offset: number, length: number) {
  for (;;) {
    const fd = port.fd;
    if (fd === null || !port.isOpen) throw canceled();
    try {
      const { bytesRead } = await readAsync(fd, buffer, offset, length, null);
      if (bytesRead > 0) return { bytesRead, buffer };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EAGAIN" && code !== "EWOULDBLOCK" && code !== "EINTR") {
        // serialport's own rule: these codes are a disconnect, anything else an I/O error (both close the port)
        if (code === "EBADF" || code === "ENXIO" || code === "EIO") Object.assign(error as object, { disconnect: true });
        throw error;
      }
      if (!port.isOpen) throw canceled();
      await new Promise<void>((resolve, reject) => port.poller.once("readable", (e) => (e ? reject(e) : resolve())));
      continue;
    }
    throw Object.assign(new Error("end of file: the device hung up"), { disconnect: true });
  }
}

/** `binding` with the zero-byte read fixed on the ports it opens (Windows ports are left as they are). */
export function hangUpAwareBinding<B extends Binding>(binding: B): B {
  const wrapped: Binding = {
    list: () => binding.list(),
    async open(options) {
      const port = await binding.open(options);
      if (isUnixPort(port)) {
        const unixPort = port as BindingPort & UnixPortInternals;
        unixPort.read = (buffer, offset, length) => readUntilData(unixPort, buffer, offset, length);
      }
      return port;
    },
  };
  return wrapped as B;
}

/** A closed SerialPort on `path`, with hangUpAwareBinding. */
export async function createSerialPort(options: { path: string; baudRate: number }): Promise<SerialPortClass> {
  const { SerialPort } = await import("serialport");
  // SerialPort's options type leaves `binding` out, its constructor takes one (it spreads the options over its own)
  const withBinding = { path: options.path, baudRate: options.baudRate, autoOpen: false, binding: hangUpAwareBinding(SerialPort.binding) };
  return new SerialPort(withBinding);
}
