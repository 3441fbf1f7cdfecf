import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCellDatabase,
  createCellDatabaseProvider,
  createGoogleProvider,
  createIchnaeaProvider,
  googleRadiusConfidence,
  UNKNOWN_CELL_RANGE_M,
  type Observations,
} from "../../src/methods/network/index.js";
import { startStub, ERROR_BODIES, type Stub } from "./http-stub.js";

// The brief's circular-normal factor from a 68 % to a 95 % radius (≈ 1.62), written out here rather than
// taken from the code under test.
const R68_TO_R95 = Math.sqrt(Math.log(1 / 0.05) / Math.log(1 / 0.32));

const WIFI: Observations["wifi"] = [
  { macAddress: "AA-BB-CC-DD-EE-01", signalStrengthDbm: -51, frequencyMhz: 2437, ssid: "Cafe:Wifi" },
  { macAddress: "001122334455", signalStrengthDbm: -72.4, frequencyMhz: 5180, ssid: "HomeNet" },
  { macAddress: "00:11:22:33:44:66", signalStrengthDbm: -80, ssid: "" },
  { macAddress: "00:11:22:33:44:77", signalStrengthDbm: -85, ssid: "Printer_nomap" },
];
const CELL = { radio: "lte", mcc: 208, mnc: 20, lac: 36102, cellId: 86302977, signalStrengthDbm: -95 } as const;

let stub: Stub;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});

describe("Ichnaea provider against a local HTTP server", () => {
  it("sends the documented body and reads the answer, counting the bytes both ways", async () => {
    const provider = createIchnaeaProvider({ url: stub.url("/v1/geolocate"), apiKey: "test key", userAgent: "gnsskit-test/1" });
    const before = stub.requests.length;
    const result = await provider.locate({ wifi: WIFI, cells: [CELL] });
    const request = stub.requests[before]!;
    expect(request.method).toBe("POST");
    expect(request.url).toBe("/v1/geolocate?key=test%20key");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["user-agent"]).toBe("gnsskit-test/1");
    // hidden and _nomap networks dropped, MACs normalised, dBm rounded, SSIDs not sent
    expect(request.json).toEqual({
      considerIp: false,
      fallbacks: { lacf: true, ipf: false },
      wifiAccessPoints: [
        { macAddress: "aa:bb:cc:dd:ee:01", signalStrength: -51, frequency: 2437 },
        { macAddress: "00:11:22:33:44:55", signalStrength: -72, frequency: 5180 },
      ],
      cellTowers: [{ radioType: "lte", mobileCountryCode: 208, mobileNetworkCode: 20, locationAreaCode: 36102, cellId: 86302977, signalStrength: -95 }],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // the Ichnaea API documents its accuracy as a 95 % radius: kept as it is
    expect(result.fix).toEqual({ latitudeDeg: 48.85837, longitudeDeg: 2.29448, accuracyM: 42.5, providerAccuracyM: 42.5, providerConfidence: 0.95 });
    expect(result.bytesSent).toBe(Buffer.byteLength(request.body));
    expect(result.bytesReceived).toBe(Buffer.byteLength('{"location":{"lat":48.85837,"lng":2.29448},"accuracy":42.5}'));
    expect(result.notes.join("\n")).toMatch(/1 hidden Wi-Fi network not sent/);
    expect(result.notes.join("\n")).toMatch(/_nomap not sent/);
  });

  it("drops a lone access point (the services need two) and says so", async () => {
    const provider = createIchnaeaProvider({ url: stub.url("/v1/geolocate") });
    const before = stub.requests.length;
    const result = await provider.locate({ wifi: [WIFI[0]!], cells: [CELL] });
    expect(stub.requests[before]!.json).not.toHaveProperty("wifiAccessPoints");
    expect(stub.requests[before]!.url).toBe("/v1/geolocate");
    expect(result.notes).toContain("only one usable Wi-Fi access point: not sent (the services need at least two)");
  });

  it("reports the fallback the service used", async () => {
    const result = await createIchnaeaProvider({ url: stub.url("/fallback") }).locate({ wifi: [], cells: [CELL] });
    expect(result.ok && result.fix.fallback).toBe("lacf");
  });

  const errors = [
    {
      name: "404 notFound",
      path: "/notfound",
      kind: "not-found",
      status: 404,
      reason: "notFound",
      message: /HTTP 404 notFound: no position for these observations \(Not found\)/,
    },
    { name: "400 keyInvalid", path: "/keyinvalid", kind: "key-invalid", status: 400, reason: "keyInvalid", message: /API key was refused/ },
    { name: "400 parseError", path: "/parse", kind: "parse-error", status: 400, reason: "parseError", message: /could not read the request/ },
    { name: "403 dailyLimitExceeded", path: "/quota", kind: "quota", status: 403, reason: "dailyLimitExceeded", message: /daily quota/ },
    { name: "403 userRateLimitExceeded", path: "/ratelimit", kind: "rate-limit", status: 403, reason: "userRateLimitExceeded", message: /too many requests/ },
    { name: "503 with an HTML body", path: "/5xx", kind: "server", status: 503, reason: undefined, message: /HTTP 503: server error: retry in a few minutes/ },
    { name: "200 with broken JSON", path: "/badjson", kind: "bad-response", status: undefined, reason: undefined, message: /not JSON/ },
    { name: "200 without a location", path: "/nolocation", kind: "bad-response", status: undefined, reason: undefined, message: /no valid location/ },
  ] as const;
  for (const want of errors) {
    it(`maps ${want.name} to a typed error, bytes still counted`, async () => {
      const result = await createIchnaeaProvider({ url: stub.url(want.path) }).locate({ wifi: WIFI, cells: [] });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.kind).toBe(want.kind);
      expect(result.error.status).toBe(want.status);
      expect(result.error.reason).toBe(want.reason);
      expect(result.error.message).toMatch(want.message);
      expect(result.error.message.startsWith(`ichnaea ${stub.url(want.path)}`)).toBe(true);
      expect(result.bytesSent).toBeGreaterThan(0);
      expect(result.bytesReceived).toBeGreaterThan(0);
    });
  }

  it("times out on a slow server", async () => {
    const result = await createIchnaeaProvider({ url: stub.url("/slow"), timeoutMs: 200 }).locate({ wifi: WIFI, cells: [] });
    expect(!result.ok && result.error).toMatchObject({ kind: "timeout", message: expect.stringMatching(/no answer within 0\.2 s/) });
  });

  it("reports a refused connection as a network error", async () => {
    const dead = await startStub();
    const url = dead.url("/v1/geolocate");
    await dead.close();
    const result = await createIchnaeaProvider({ url }).locate({ wifi: WIFI, cells: [] });
    expect(!result.ok && result.error.kind).toBe("network");
    expect(!result.ok && result.error.message).toMatch(/cannot reach .*ECONNREFUSED/);
    expect(result.bytesSent).toBe(0);
  });

  it("sends nothing when there is nothing to send", async () => {
    const before = stub.requests.length;
    const result = await createIchnaeaProvider({ url: stub.url("/v1/geolocate") }).locate({ wifi: [WIFI[2]!, WIFI[3]!], cells: [] });
    expect(stub.requests.length).toBe(before);
    expect(!result.ok && result.error.kind).toBe("no-observations");
    expect(result.bytesSent).toBe(0);
  });
});

describe("Google provider against a local HTTP server", () => {
  it("sends the Google body: top-level radioType, key in the URL", async () => {
    const before = stub.requests.length;
    const result = await createGoogleProvider({ url: stub.url("/ok"), apiKey: "K123" }).locate({
      wifi: WIFI,
      cells: [CELL, { radio: "nr", mcc: 208, mnc: 1, lac: 70001, cellId: 68719476735 }],
    });
    const request = stub.requests[before]!;
    expect(request.url).toBe("/ok?key=K123");
    expect(request.json).toEqual({
      considerIp: false,
      radioType: "lte",
      cellTowers: [
        { cellId: 86302977, locationAreaCode: 36102, mobileCountryCode: 208, mobileNetworkCode: 20, signalStrength: -95 },
        { newRadioCellId: 68719476735, locationAreaCode: 70001, mobileCountryCode: 208, mobileNetworkCode: 1 },
      ],
      wifiAccessPoints: [
        { macAddress: "aa:bb:cc:dd:ee:01", signalStrength: -51 },
        { macAddress: "00:11:22:33:44:55", signalStrength: -72 },
      ],
    });
    expect(result.ok).toBe(true);
    expect(result.notes.join()).toMatch(/several radio types/);
    // a Google-format service that is not Google's says nothing of its confidence: read as 68 %, said unknown
    expect(result.ok && result.fix.providerConfidence).toBe("unknown");
    expect(result.ok && result.fix.providerAccuracyM).toBe(42.5);
    expect(result.ok && result.fix.accuracyM).toBeCloseTo(42.5 * R68_TO_R95, 9);
  });

  it("converts a 68 % radius to the 95 % one (Google's own endpoint, here declared for the local server)", async () => {
    const result = await createGoogleProvider({ url: stub.url("/ok"), apiKey: "K", radiusConfidence: 0.68 }).locate({ wifi: WIFI, cells: [] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.fix).toEqual({
      latitudeDeg: 48.85837,
      longitudeDeg: 2.29448,
      accuracyM: expect.closeTo(42.5 * R68_TO_R95, 9),
      providerAccuracyM: 42.5,
      providerConfidence: 0.68,
    });
    expect(result.fix.accuracyM).toBeCloseTo(68.9, 1);
  });

  it("Google's endpoint is read as 68 %, other hosts speaking its format as unknown", () => {
    const cases = [
      { url: "https://www.googleapis.com/geolocation/v1/geolocate", want: 0.68 },
      { url: "https://GOOGLEAPIS.com/geolocation/v1/geolocate", want: 0.68 },
      { url: "http://127.0.0.1:8080/geolocation/v1/geolocate", want: "unknown" },
      { url: "https://googleapis.com.example.net/v1/geolocate", want: "unknown" },
      { url: "https://notgoogleapis.com/v1/geolocate", want: "unknown" },
      { url: "not a url", want: "unknown" },
    ] as const;
    for (const c of cases) expect(googleRadiusConfidence(c.url), c.url).toBe(c.want);
  });

  it("refuses a confidence outside (0, 1) when the provider is made", () => {
    expect(() => createGoogleProvider({ apiKey: "K", radiusConfidence: 68 })).toThrow(RangeError);
    expect(() => createIchnaeaProvider({ radiusConfidence: 0 })).toThrow(RangeError);
  });

  it("refuses to run without a key, before any request", async () => {
    const before = stub.requests.length;
    const result = await createGoogleProvider({ url: stub.url("/ok"), apiKey: "" }).locate({ wifi: WIFI, cells: [] });
    expect(stub.requests.length).toBe(before);
    expect(!result.ok && result.error.kind).toBe("key-missing");
  });

  it("maps the same error envelope", async () => {
    stub.setDynamic(403, ERROR_BODIES.dailyLimitExceeded);
    const result = await createGoogleProvider({ url: stub.url("/dynamic"), apiKey: "K" }).locate({ wifi: WIFI, cells: [] });
    expect(!result.ok && result.error.kind).toBe("quota");
  });
});

describe("offline provider over an OpenCelliD-format CSV", () => {
  const database = createCellDatabase();
  const problems = database.addCsv(readFileSync(new URL("../../fixtures/network/cells.csv", import.meta.url), "utf8"));
  const provider = createCellDatabaseProvider({ database, label: "cells.csv" });

  it("loads every row of the fixture", () => {
    expect(problems).toEqual([]);
    expect(database.size).toBe(6);
  });

  it("finds a cell by radio/mcc/net/area/cell; UMTS rows answer wcdma cells", async () => {
    const lte = await provider.locate({ wifi: [], cells: [CELL] });
    // a cell's range is a covering radius, read as 95 % (as Ichnaea reads its cell radius)
    expect(lte.ok && lte.fix).toEqual({ latitudeDeg: 48.8566, longitudeDeg: 2.3522, accuracyM: 800, providerAccuracyM: 800, providerConfidence: 0.95 });
    const umts = await provider.locate({ wifi: [], cells: [{ radio: "wcdma", mcc: 208, mnc: 10, lac: 4321, cellId: 27531042 }] });
    expect(umts.ok && umts.fix.accuracyM).toBe(2500);
  });

  it("a cell without a range: the guessed radius has unknown confidence, read as 68 %", async () => {
    const result = await provider.locate({ wifi: [], cells: [{ ...CELL, cellId: 86302978 }] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.fix.providerAccuracyM).toBe(UNKNOWN_CELL_RANGE_M);
    expect(result.fix.providerConfidence).toBe("unknown");
    expect(result.fix.accuracyM).toBeCloseTo(UNKNOWN_CELL_RANGE_M * R68_TO_R95, 6);
  });

  it("combines two cells: weighted towards the smaller range, radius covering both", async () => {
    const result = await provider.locate({
      wifi: [],
      cells: [
        { radio: "gsm", mcc: 208, mnc: 1, lac: 1234, cellId: 5678 },
        { radio: "gsm", mcc: 208, mnc: 1, lac: 1234, cellId: 5679 },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // weights 1/1000² and 1/3000²: 9:1 towards the first cell
    expect(result.fix.latitudeDeg).toBeCloseTo((9 * 48.8584 + 48.8624) / 10, 6);
    expect(result.fix.longitudeDeg).toBeCloseTo((9 * 2.2945 + 2.3045) / 10, 6);
    expect(result.fix.accuracyM).toBeGreaterThan(3000);
    expect(result.fix.accuracyM).toBeLessThan(3000 + 1000);
    expect(result.fix.providerAccuracyM).toBe(result.fix.accuracyM);
    expect(result.fix.providerConfidence).toBe(0.95);
  });

  it("falls back to the area's centre for an unknown cell of a known area", async () => {
    const result = await provider.locate({ wifi: [], cells: [{ ...CELL, cellId: 1 }] });
    expect(result.ok && result.fix.fallback).toBe("lacf");
    expect(result.notes.join()).toMatch(/centre of 2 known cells/);
  });

  it("says Wi-Fi is not in such files, and not-found for unknown cells", async () => {
    const wifiOnly = await provider.locate({ wifi: WIFI, cells: [] });
    expect(!wifiOnly.ok && wifiOnly.error.kind).toBe("no-observations");
    expect(wifiOnly.notes[0]).toMatch(/4 Wi-Fi access points ignored: OpenCelliD-format databases hold cells only/);
    const unknown = await provider.locate({ wifi: [], cells: [{ radio: "gsm", mcc: 262, mnc: 1, lac: 1, cellId: 1 }] });
    expect(!unknown.ok && unknown.error).toMatchObject({ kind: "not-found", message: expect.stringMatching(/gsm 262\/1 LAC 1 CID 1/) });
  });

  it("reports bad rows without stopping", () => {
    const db = createCellDatabase();
    const bad = db.addCsv(
      "radio,mcc,net,area,cell,unit,lon,lat,range\nFOO,1,1,1,1,,0,0,1\nGSM,208,1,x,1,,0,0,1\nGSM,208,1,1,1,,200,0,1\nGSM,208,1,1,2,,2,48,0\n",
    );
    expect(bad).toEqual(['line 2: unknown radio "FOO"', "line 3: mcc/net/area/cell must be whole numbers", "line 4: bad lat/lon"]);
    expect(db.size).toBe(1);
    expect(db.lookup({ radio: "gsm", mcc: 208, mnc: 1, lac: 1, cellId: 2 })?.rangeM).toBeUndefined();
  });
});
