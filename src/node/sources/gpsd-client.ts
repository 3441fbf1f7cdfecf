// A gpsd server as a source: connect, ask for NMEA with ?WATCH, pass the NMEA lines through and
// drop gpsd's JSON (VERSION, DEVICES, WATCH...). gpsd sends VERSION on accept (transports.md §6);
// a peer that does not is reported as "not a gpsd".

import { SourceError } from "../../sources/source.js";
import { concatBytes } from "../../sources/bytes.js";
import { createLinkSource, type LinkSource } from "../../sources/link-source.js";
import { resolveReconnect, type ReconnectOptions } from "../../sources/reconnect.js";
import { connectSocket, socketLink } from "./tcp.js";

export interface GpsdSourceOptions {
  /** Only this device's sentences (`"device"` in ?WATCH), e.g. `/dev/ttyUSB0`. */
  device?: string;
  /** Reconnect when gpsd goes away. Default true. */
  reconnect?: boolean | ReconnectOptions;
  /** How long to wait for gpsd's VERSION banner (ms). Default 5000. */
  answerTimeoutMs?: number;
}

/** gpsd's replies are at most 10240 bytes a line; anything longer is not gpsd talking. */
const MAX_LINE_BYTES = 16 * 1024;
const LF = 0x0a;

export function createGpsdSource(host: string, port: number, options: GpsdSourceOptions = {}): LinkSource {
  const name = `gpsd://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const answerTimeoutMs = options.answerTimeoutMs ?? 5000;
  const watch = { enable: true, nmea: true, ...(options.device === undefined ? {} : { device: options.device }) };
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  return createLinkSource({
    name,
    reconnect: resolveReconnect(options.reconnect, true),
    connect: (handlers) =>
      connectSocket(host, port, name, answerTimeoutMs, handlers.signal).then(
        (socket) =>
          new Promise((resolve, reject) => {
            let pending = new Uint8Array(0);
            let greeted = false;
            let warnedLong = false;
            const timer = setTimeout(() => {
              socket.destroy();
              reject(new SourceError(`${name}: no gpsd answer within ${answerTimeoutMs} ms (no VERSION banner)`));
            }, answerTimeoutMs);
            // closed while waiting for the banner (Ctrl-C): no waiting out the answer's timeout
            handlers.signal.addEventListener(
              "abort",
              () => {
                clearTimeout(timer);
                socket.destroy();
                reject(new SourceError(`${name}: closed while waiting for gpsd's answer`));
              },
              { once: true },
            );

            const onJson = (text: string): void => {
              let message: { class?: unknown; release?: unknown; devices?: unknown; message?: unknown };
              try {
                message = JSON.parse(text) as typeof message;
              } catch {
                handlers.event({ type: "info", message: "unreadable JSON line ignored" });
                return;
              }
              if (message.class === "DEVICES" && Array.isArray(message.devices) && message.devices.length === 0) {
                handlers.event({ type: "info", message: "gpsd has no devices yet" });
              } else if (message.class === "ERROR") {
                handlers.event({ type: "info", message: `gpsd error: ${String(message.message)}` });
              }
            };

            const onLine = (line: Uint8Array): Uint8Array | undefined => {
              const first = line[0];
              if (first === 0x24 || first === 0x21) return line; // $ or !: NMEA, passed as sent
              if (first === 0x7b) onJson(decoder.decode(line)); // {
              return undefined;
            };

            const link = socketLink(socket, handlers, (chunk) => {
              let bytes = new Uint8Array(pending.length + chunk.length);
              bytes.set(pending);
              bytes.set(chunk, pending.length);
              const out: Uint8Array[] = [];
              let start = 0;
              for (let end = bytes.indexOf(LF); end >= 0; end = bytes.indexOf(LF, start)) {
                const line = bytes.subarray(start, end + 1);
                start = end + 1;
                if (!greeted) {
                  const text = decoder.decode(line).trim();
                  let release: string | undefined;
                  try {
                    const banner = JSON.parse(text) as { class?: unknown; release?: unknown };
                    if (banner.class === "VERSION") release = String(banner.release);
                  } catch {
                    release = undefined;
                  }
                  if (release === undefined) {
                    clearTimeout(timer);
                    void link.close();
                    reject(
                      new SourceError(
                        `${name}: the peer does not speak gpsd's protocol (first line ${JSON.stringify(text.slice(0, 60))}); for raw NMEA over TCP use tcp://`,
                      ),
                    );
                    return;
                  }
                  greeted = true;
                  clearTimeout(timer);
                  handlers.event({ type: "connected", detail: `${name} (gpsd ${release})` });
                  // No write: bytes sent to gpsd are requests to gpsd, not commands to the receiver.
                  resolve({ close: link.close, ...(link.pause && { pause: link.pause }), ...(link.resume && { resume: link.resume }) });
                  continue;
                }
                const kept = onLine(line);
                if (kept !== undefined) out.push(kept);
              }
              bytes = bytes.slice(start);
              if (bytes.length > MAX_LINE_BYTES) {
                if (!warnedLong) handlers.event({ type: "info", message: `a line over ${MAX_LINE_BYTES} bytes was dropped` });
                warnedLong = true;
                bytes = new Uint8Array(0);
              }
              pending = bytes;
              if (out.length === 1 && out[0] !== undefined) handlers.data(out[0].slice());
              else if (out.length > 1) handlers.data(concatBytes(out));
            });
            socket.on("close", () => {
              if (greeted) return;
              clearTimeout(timer);
              reject(new SourceError(`${name}: connection closed before gpsd answered`));
            });
            socket.write(encoder.encode(`?WATCH=${JSON.stringify(watch)};\n`));
          }),
      ),
  });
}
