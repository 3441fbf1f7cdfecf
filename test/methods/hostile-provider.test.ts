// The network positioning client against a hostile service of the test's own (hostile-server.ts): answers
// are capped and counted as they come, the timeout covers the whole exchange, redirects leave neither the
// service's origin nor https, the service's text is escaped, absurd numbers are refused, and no key leaks.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGoogleProvider, createIchnaeaProvider, type NetworkResult, type Observations } from "../../src/methods/network/index.js";
import { type FetchLike, MAX_ANSWER_BYTES } from "../../src/methods/network/http.js";
import { nodeFetch } from "../../src/node/http-fetch.js";
import { ESCAPES, startHostileServer, TERMINAL_CONTROL, type HostileServer } from "./hostile-server.js";

const OBSERVATIONS: Observations = {
  wifi: [
    { macAddress: "aa:bb:cc:dd:ee:01", signalStrengthDbm: -51 },
    { macAddress: "aa:bb:cc:dd:ee:02", signalStrengthDbm: -70 },
  ],
  cells: [],
};

let hostile: HostileServer;
let elsewhere: HostileServer;
beforeAll(async () => {
  elsewhere = await startHostileServer();
  hostile = await startHostileServer({ elsewhere: () => elsewhere.url("/ok") });
});
afterAll(async () => {
  await hostile.close();
  await elsewhere.close();
});

// Each case through the global fetch (the library's default, as in a browser) and through the command line's
// node:http exchange (src/node/http-fetch.ts): both must keep every bound.
const TRANSPORTS: { name: string; transport: { fetch?: FetchLike } }[] = [
  { name: "fetch", transport: {} },
  { name: "node:http", transport: { fetch: nodeFetch } },
];
for (const { name, transport } of TRANSPORTS) {
  describe(name, () => {
    const ask = (path: string, timeoutMs = 10_000): Promise<NetworkResult> =>
      createIchnaeaProvider({ url: hostile.url(path), timeoutMs, ...transport }).locate(OBSERVATIONS);

    describe("answers are bounded", () => {
      it("asks for an uncompressed answer", async () => {
        const before = hostile.requests.length;
        await ask("/ok");
        expect(hostile.requests[before]!.headers["accept-encoding"]).toBe("identity");
      });

      it("a compressed answer (sent although identity was asked) is inflated: its location", async () => {
        const result = await ask("/gzip-ok");
        expect(result.ok && result.fix).toMatchObject({ latitudeDeg: 48.85837, longitudeDeg: 2.29448 });
      });

      it("a Content-Encoding naming an Object property (constructor) is no coding: the answer as it came", async () => {
        const result = await ask("/coding-constructor");
        expect(!result.ok && result.error.kind).toBe("bad-response");
      });

      it("a gzip bomb (256 MiB inflated, sent although identity was asked) is refused after 64 KiB", async () => {
        const result = await ask("/gzip-bomb?mib=256");
        expect(!result.ok && result.error).toMatchObject({
          kind: "bad-response",
          message: expect.stringMatching(/the answer is larger than 64 KiB: not read further/),
        });
        // counted as read: past the cap, by at most one decoded chunk
        expect(result.bytesReceived).toBeGreaterThan(MAX_ANSWER_BYTES);
        expect(result.bytesReceived).toBeLessThan(MAX_ANSWER_BYTES + (1 << 20));
      });

      it("a body larger than any answer (32 MiB) is cut at 64 KiB, not read whole", async () => {
        const result = await ask("/endless?mib=32");
        expect(!result.ok && result.error.kind).toBe("bad-response");
        expect(result.bytesReceived).toBeGreaterThan(MAX_ANSWER_BYTES);
        expect(result.bytesReceived).toBeLessThan(MAX_ANSWER_BYTES + (1 << 20));
      });

      it("a trickling body: the timeout covers the whole exchange and the bytes that came are counted", async () => {
        // long enough for the first trickled bytes to come on a loaded host (0.4 s got none at a load of 20)
        const result = await ask("/trickle", 1500);
        expect(!result.ok && result.error).toMatchObject({ kind: "timeout", message: expect.stringMatching(/no complete answer within 1\.5 s$/) });
        expect(result.bytesReceived).toBeGreaterThan(0);
        expect(result.bytesReceived).toBeLessThanOrEqual(hostile.bytesWritten.get("/trickle") ?? 0);
      });

      it("an answer's accuracy of 1e308 is out of range: refused, not printed as a radius", async () => {
        const result = await ask("/huge-accuracy");
        expect(!result.ok && result.error).toMatchObject({
          kind: "bad-response",
          message: expect.stringMatching(/accuracy 1e\+308 m is out of range \(at most 20015 km/),
        });
      });
    });

    describe("redirects", () => {
      it("a redirect to another server is refused: the observations are not sent there", async () => {
        const before = elsewhere.requests.length;
        const result = await ask("/redirect-away");
        expect(!result.ok && result.error).toMatchObject({
          kind: "redirect",
          message: expect.stringContaining(`redirected to another server (${elsewhere.origin}): not followed`),
        });
        expect(elsewhere.requests.length).toBe(before);
      });

      it("a redirect within the service is followed, the same POST sent again", async () => {
        const before = hostile.requests.length;
        const result = await ask("/redirect-same");
        expect(result.ok).toBe(true);
        const [first, second] = hostile.requests.slice(before);
        expect([first?.url, second?.url, second?.method]).toEqual(["/redirect-same", "/ok", "POST"]);
        expect(second?.body).toBe(first?.body);
        expect(result.bytesSent).toBe(Buffer.byteLength(first!.body) * 2);
      });

      it("a redirect loop ends after 5 hops", async () => {
        const before = hostile.requests.length;
        const result = await ask("/redirect-loop");
        expect(!result.ok && result.error).toMatchObject({ kind: "redirect", message: expect.stringMatching(/more than 5 redirects/) });
        expect(hostile.requests.length - before).toBe(6);
      });
    });

    describe("the service's text is escaped", () => {
      const cases = [
        { path: "/escapes-error", text: (r: NetworkResult) => (r.ok ? "" : `${r.error.message} ${r.error.reason ?? ""}`) },
        { path: "/escapes-fallback", text: (r: NetworkResult) => (r.ok ? (r.fix.fallback ?? "") : r.error.message) },
        { path: "/escapes-html", text: (r: NetworkResult) => (r.ok ? "" : r.error.message) },
      ];
      for (const c of cases) {
        it(`${c.path}: no terminal control character, the escapes shown as text`, async () => {
          const result = await ask(c.path);
          const text = c.text(result);
          expect(text).toContain("\\x1b]0;owned\\x07");
          expect(text).not.toMatch(TERMINAL_CONTROL);
          expect(JSON.stringify(result)).not.toContain(ESCAPES.slice(0, 4));
        });
      }
    });

    describe("no API key in anything a provider gives out", () => {
      const URL_KEY = "urlsecret-4f1d";
      const KEY = "keysecret-9a7c";
      const leaks = (result: NetworkResult, name: string): string[] =>
        [URL_KEY, KEY, encodeURIComponent(KEY)].filter((secret) => JSON.stringify(result).includes(secret) || name.includes(secret));

      const paths = ["/echo-key", "/hang", "/redirect-away", "/5xx"];
      for (const path of paths) {
        for (const api of ["ichnaea", "google"] as const) {
          it(`${api} ${path}`, async () => {
            const url = `${hostile.url(path)}?key=${URL_KEY}`;
            const provider =
              api === "google"
                ? createGoogleProvider({ url, apiKey: KEY, timeoutMs: 300, ...transport })
                : createIchnaeaProvider({ url, apiKey: KEY, timeoutMs: 300, ...transport });
            const result = await provider.locate(OBSERVATIONS);
            expect(result.ok).toBe(false);
            expect(provider.name).toBe(`${api} ${hostile.url(path)}?key=***`);
            expect(leaks(result, provider.name)).toEqual([]);
          });
        }
      }

      it("a refused connection (the URL is in the message)", async () => {
        const dead = await startHostileServer();
        await dead.close();
        const provider = createIchnaeaProvider({ url: `${dead.url("/v1/geolocate")}?key=${URL_KEY}`, apiKey: KEY, ...transport });
        const result = await provider.locate(OBSERVATIONS);
        expect(!result.ok && result.error.message).toMatch(/cannot reach .*\?key=\*\*\*&key=\*\*\*: ECONNREFUSED/);
        expect(leaks(result, provider.name)).toEqual([]);
      });
    });
  });
}
