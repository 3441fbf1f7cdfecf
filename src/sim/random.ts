// Seeded, reproducible randomness for the simulator: the same seed gives the same run on every machine.
// No Math.random anywhere in the simulator, so a run can be replayed from its seed alone.

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: a 32-bit state PRNG (Tommy Ettinger's public-domain generator), plenty for simulation noise.
 * Any number is accepted as a seed (it is folded to 32 bits).
 */
export function createRandom(seed: number): Random {
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller), scaled to `meanValue` and `stdDev`. */
export function normal(random: Random, meanValue = 0, stdDev = 1): number {
  // 1 - u keeps the logarithm's argument in (0, 1].
  const u = 1 - random();
  const v = random();
  return meanValue + stdDev * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Uniform in [min, max). */
export function uniform(random: Random, min: number, max: number): number {
  return min + (max - min) * random();
}
