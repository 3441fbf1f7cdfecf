// A hostile geolocation service on 127.0.0.1, of the tests' own: gzip bombs, endless and trickling bodies,
// redirects to another server or from https to http, terminal escape codes in its strings, absurd numbers,
// and an error message that echoes the API key back. Every request is recorded.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface HostileRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface HostileServer {
  readonly origin: string;
  url(path: string): string;
  requests: HostileRequest[];
  /** Bytes of body written to clients so far, per path. */
  bytesWritten: Map<string, number>;
  close(): Promise<void>;
}

/** Terminal control sequences a hostile peer would send: window title, screen clear, clipboard (OSC 52), C1 CSI. */
export const ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b]52;c;ZXZpbA==\x07\u009b31m";
/** Any byte a terminal acts on: C0 controls but TAB/LF, DEL and the C1 range. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
export const TERMINAL_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

/** One gzip member inflating to 1 MiB of zeros (about 1 KiB); members may be concatenated without end. */
const BOMB_MEMBER = gzipSync(Buffer.alloc(1 << 20), { level: 9 });

export interface HostileOptions {
  /** Serve over https with this certificate and key (PEM). */
  tls?: { cert: string; key: string };
  /** Where /redirect-away sends the client. */
  elsewhere?: () => string;
}

export async function startHostileServer(options: HostileOptions = {}): Promise<HostileServer> {
  const requests: HostileRequest[] = [];
  const bytesWritten = new Map<string, number>();
  const open = new Set<ServerResponse>();
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const path = (req.url ?? "").split("?")[0] ?? "";
      const query = new URL(req.url ?? "/", "http://x").searchParams;
      const key = query.get("key") ?? "";
      /** `?mib=N`: stop after N MiB (a body larger than any answer); 0: never stop. */
      const limitBytes = Number(query.get("mib") ?? "32") * (1 << 20);
      const count = (n: number): void => void bytesWritten.set(path, (bytesWritten.get(path) ?? 0) + n);
      const json = (status: number, text: string, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { "Content-Type": "application/json", ...headers });
        count(Buffer.byteLength(text));
        res.end(text);
      };
      /** Writes `next()` for as long as the client reads, up to `limitBytes` once decoded (0: without end). */
      const endless = (next: () => Buffer, decodedBytes = (chunk: Buffer): number => chunk.length): void => {
        open.add(res);
        res.on("close", () => open.delete(res));
        let written = 0;
        const pump = (): void => {
          while (!res.destroyed) {
            if (limitBytes > 0 && written >= limitBytes) return void res.end();
            const chunk = next();
            written += decodedBytes(chunk);
            count(chunk.length);
            if (!res.write(chunk)) {
              res.once("drain", pump);
              return;
            }
          }
        };
        pump();
      };
      switch (path) {
        case "/ok":
          return json(200, '{"location":{"lat":48.85837,"lng":2.29448},"accuracy":42.5}');
        case "/gzip-ok": {
          // an ordinary answer, compressed although the client asked for identity: a client inflates it as fetch does
          const body = gzipSync('{"location":{"lat":48.85837,"lng":2.29448},"accuracy":42.5}');
          res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip" });
          count(body.length);
          return res.end(body);
        }
        case "/coding-constructor":
          // a Content-Encoding that names an Object property: a client looking codings up in an object would call it
          res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "constructor" });
          count(2);
          return res.end("{}");
        case "/gzip-bomb":
          // gzip although the client asked for identity: 1 KiB on the wire per MiB inflated
          res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip" });
          return endless(
            () => BOMB_MEMBER,
            () => 1 << 20,
          );
        case "/endless":
          res.writeHead(200, { "Content-Type": "application/json" });
          res.write('{"location":{"lat":1,"lng":2},"accuracy":3,"padding":"');
          return endless(() => Buffer.alloc(16 * 1024, 0x61));
        case "/trickle": {
          // the headers at once, then a byte every 20 ms: never a whole answer within any sane timeout
          res.writeHead(200, { "Content-Type": "application/json" });
          open.add(res);
          const body = Buffer.from('{"location":{"lat":48.85837,"lng":2.29448},"accuracy":42.5}'.padEnd(100_000, " "));
          let at = 0;
          const timer = setInterval(() => {
            if (res.destroyed || at >= body.length) return clearInterval(timer);
            count(1);
            res.write(body.subarray(at, ++at));
          }, 20);
          res.on("close", () => {
            clearInterval(timer);
            open.delete(res);
          });
          return;
        }
        case "/redirect-away":
          res.writeHead(307, { Location: options.elsewhere?.() ?? "http://127.0.0.1:9/" });
          return res.end();
        case "/redirect-same":
          res.writeHead(308, { Location: "/ok" });
          return res.end();
        case "/redirect-loop":
          res.writeHead(307, { Location: "/redirect-loop" });
          return res.end();
        case "/escapes-error":
          return json(
            400,
            JSON.stringify({ error: { code: 400, message: `bad things${ESCAPES}`, errors: [{ reason: `keyInvalid${ESCAPES}`, message: "x" }] } }),
          );
        case "/escapes-fallback":
          return json(200, JSON.stringify({ location: { lat: 48.8, lng: 2.3 }, accuracy: 25000, fallback: `ipf${ESCAPES}` }));
        case "/escapes-html":
          return json(200, `<html>${ESCAPES}</html>`);
        case "/huge-accuracy":
          return json(200, '{"location":{"lat":48.8,"lng":2.3},"accuracy":1e308}');
        case "/echo-key":
          // as some services do: the refused key in the error message
          return json(
            400,
            JSON.stringify({
              error: { code: 400, message: `API key ${key} is not valid.`, errors: [{ reason: "keyInvalid", message: `API key ${key} is not valid.` }] },
            }),
          );
        case "/hang":
          open.add(res);
          res.on("close", () => open.delete(res));
          return; // never answers
        default:
          return json(404, '{"error":{"code":404,"message":"Not found","errors":[{"reason":"notFound"}]}}');
      }
    });
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `${options.tls ? "https" : "http"}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    requests,
    bytesWritten,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A self-signed certificate for 127.0.0.1 made with openssl, or undefined (with the reason) when there is none. */
export function selfSignedCertificate(): { cert: string; key: string; certPath: string; remove(): void } | { missing: string } {
  const dir = mkdtempSync(join(tmpdir(), "gnsskit-tls-"));
  const certPath = join(dir, "cert.pem");
  const keyPath = join(dir, "key.pem");
  const made = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      keyPath,
      "-out",
      certPath,
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { encoding: "utf8" },
  );
  if (made.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return { missing: made.error ? "openssl is not installed (Debian package openssl)" : `openssl failed: ${made.stderr.trim()}` };
  }
  return { cert: readFileSync(certPath, "utf8"), key: readFileSync(keyPath, "utf8"), certPath, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
