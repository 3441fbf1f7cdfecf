// A geolocation service stub on 127.0.0.1 speaking the Ichnaea/Google request and response formats,
// including their error envelopes. Routes pick the answer; every request is recorded.

import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** Parsed JSON body, undefined if not JSON */
  json: unknown;
}

const envelope = (code: number, domain: string, reason: string, message: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ error: { errors: [{ domain, reason, message }], code, message, ...extra } });

export const ERROR_BODIES = {
  notFound: envelope(404, "geolocation", "notFound", "Not found"),
  keyInvalid: envelope(400, "usageLimits", "keyInvalid", "Missing or invalid API key."),
  parseError: envelope(400, "global", "parseError", "Parse Error", { details: { decode: "JSONDecodeError('Expecting value')" } }),
  dailyLimitExceeded: envelope(403, "usageLimits", "dailyLimitExceeded", "You have exceeded your daily limit."),
  userRateLimitExceeded: envelope(403, "usageLimits", "userRateLimitExceeded", "Rate limit exceeded."),
};

export interface Stub {
  url(path: string): string;
  requests: RecordedRequest[];
  /** Answer for the next requests to /dynamic */
  setDynamic(status: number, body: string): void;
  close(): Promise<void>;
}

export async function startStub(okBody = '{"location":{"lat":48.85837,"lng":2.29448},"accuracy":42.5}'): Promise<Stub> {
  const requests: RecordedRequest[] = [];
  let dynamic = { status: 200, body: okBody };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, json });
      const path = (req.url ?? "").split("?")[0];
      const send = (status: number, text: string): void => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(text);
      };
      switch (path) {
        case "/v1/geolocate":
        case "/ok":
          return send(200, okBody);
        case "/fallback":
          return send(200, '{"location":{"lat":48.8,"lng":2.3},"accuracy":25000,"fallback":"lacf"}');
        case "/notfound":
          return send(404, ERROR_BODIES.notFound);
        case "/keyinvalid":
          return send(400, ERROR_BODIES.keyInvalid);
        case "/parse":
          return send(400, ERROR_BODIES.parseError);
        case "/quota":
          return send(403, ERROR_BODIES.dailyLimitExceeded);
        case "/ratelimit":
          return send(403, ERROR_BODIES.userRateLimitExceeded);
        case "/5xx":
          res.writeHead(503, { "Content-Type": "text/html" });
          return res.end("<html><body>Service Unavailable</body></html>");
        case "/badjson":
          return send(200, '{"location": {"lat": 48.8, ');
        case "/nolocation":
          return send(200, '{"accuracy": 10}');
        case "/slow":
          return void setTimeout(() => send(200, okBody), 2000);
        case "/dynamic":
          return send(dynamic.status, dynamic.body);
        default:
          return send(404, ERROR_BODIES.notFound);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    setDynamic(status, body) {
      dynamic = { status, body };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
