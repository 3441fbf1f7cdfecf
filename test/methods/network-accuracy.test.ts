import { describe, expect, it } from "vitest";
import { convertRadius, formatConfidence, networkFix, radius95 } from "../../src/methods/network/accuracy.js";

// Circular normal error, σ per axis: the fraction of errors within r is 1 − exp(−r² / 2σ²).
const rayleighCdf = (radiusM: number, sigmaM: number): number => 1 - Math.exp(-(radiusM * radiusM) / (2 * sigmaM * sigmaM));
// σ for which r holds the fraction p, found by bisection on the CDF (not by the closed form under test).
function sigmaFor(radiusM: number, p: number): number {
  let lo = 1e-9 * radiusM;
  let hi = 1e3 * radiusM;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    // a larger σ puts less inside r
    if (rayleighCdf(radiusM, mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe("radius conversion between confidences (circular normal)", () => {
  const table = [
    { name: "68 % → 95 % (Google/Android convention)", radiusM: 150, from: 0.68, to: 0.95, wantRounded: 243 },
    { name: "95 % stays", radiusM: 42.5, from: 0.95, to: 0.95, wantRounded: 43 },
    { name: "50 % (CEP) → 95 %", radiusM: 100, from: 0.5, to: 0.95, wantRounded: 208 },
    { name: "99 % → 95 % shrinks", radiusM: 200, from: 0.99, to: 0.95, wantRounded: 161 },
    { name: "95 % → 68 %", radiusM: 243.2, from: 0.95, to: 0.68, wantRounded: 150 },
    { name: "39.3 % (1σ radius) → 95 %", radiusM: 10, from: 1 - Math.exp(-0.5), to: 0.95, wantRounded: 24 },
  ];
  for (const t of table) {
    it(t.name, () => {
      const got = convertRadius(t.radiusM, t.from, t.to);
      expect(Math.round(got)).toBe(t.wantRounded);
      // the converted radius holds the target fraction of the same distribution
      const sigma = sigmaFor(t.radiusM, t.from);
      expect(rayleighCdf(got, sigma)).toBeCloseTo(t.to, 9);
    });
  }

  it("agrees with a sampled circular normal: empirical 95 % / 68 % radius ratio ≈ 1.62", () => {
    // seeded generator (mulberry32) and Box–Muller: deterministic
    let seed = 0x9e3779b9;
    const uniform = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const n = 100_000;
    const radii = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = Math.sqrt(-2 * Math.log(1 - uniform()));
      const theta = 2 * Math.PI * uniform();
      const east = 7 * r * Math.cos(theta);
      const north = 7 * r * Math.sin(theta);
      radii[i] = Math.hypot(east, north);
    }
    radii.sort();
    const r68 = radii[Math.floor(0.68 * n)]!;
    const r95 = radii[Math.floor(0.95 * n)]!;
    expect(Math.abs(convertRadius(r68, 0.68) / r95 - 1)).toBeLessThan(0.02);
  });

  it("unknown confidence is read as 68 %: never smaller than reading it as 95 %", () => {
    expect(radius95(150, "unknown")).toBe(convertRadius(150, 0.68));
    expect(radius95(150, "unknown")).toBeGreaterThan(radius95(150, 0.95));
  });

  it("keeps the provider's figure beside the 95 % radius", () => {
    expect(networkFix(48, 2, 150, 0.68)).toEqual({
      latitudeDeg: 48,
      longitudeDeg: 2,
      accuracyM: convertRadius(150, 0.68),
      providerAccuracyM: 150,
      providerConfidence: 0.68,
    });
  });

  const invalid = [0, 1, -0.5, 68, Number.NaN];
  for (const confidence of invalid) {
    it(`rejects confidence ${confidence}`, () => {
      expect(() => convertRadius(100, confidence)).toThrow(RangeError);
    });
  }

  it("formats confidences for messages", () => {
    expect([0.68, 0.95, 0.975, "unknown" as const].map(formatConfidence)).toEqual(["68 %", "95 %", "97.5 %", "unknown confidence"]);
  });
});
