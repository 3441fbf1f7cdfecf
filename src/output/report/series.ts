// Bounded time series for the report's plots: every series shares one grid of at most `capacity`
// buckets. When the log outgrows the grid, the bucket width doubles and every series merges its
// buckets pairwise, so memory stays the same whatever the log's length.

export interface TimeGrid {
  readonly capacity: number;
  readonly startMs: number | undefined;
  readonly widthMs: number;
  /** The bucket for a time (first call fixes the start); widens the grid when needed. */
  bucketOf(timeMs: number): number;
  /** Registers a series' pairwise merge, called whenever the width doubles. */
  onWiden(merge: () => void): void;
}

export function createTimeGrid(capacity = 1000, initialWidthMs = 1000): TimeGrid {
  let startMs: number | undefined;
  let widthMs = initialWidthMs;
  const merges: (() => void)[] = [];
  return {
    capacity,
    get startMs() {
      return startMs;
    },
    get widthMs() {
      return widthMs;
    },
    bucketOf(timeMs) {
      startMs ??= timeMs;
      // A clock stepping back (a glitch in the log) lands in the first bucket.
      const offset = Math.max(0, timeMs - startMs);
      while (Math.floor(offset / widthMs) >= capacity) {
        widthMs *= 2;
        for (const merge of merges) merge();
      }
      return Math.floor(offset / widthMs);
    },
    onWiden(merge) {
      merges.push(merge);
    },
  };
}

/** Mean per bucket. */
export interface MeanSeries {
  add(bucket: number, value: number): void;
  /** Buckets holding values, in time order: [bucket, mean] */
  points(): [number, number][];
}

export function createMeanSeries(grid: TimeGrid): MeanSeries {
  const sums = new Float64Array(grid.capacity);
  const counts = new Uint32Array(grid.capacity);
  grid.onWiden(() => {
    const half = grid.capacity / 2;
    for (let j = 0; j < grid.capacity; j++) {
      const a = 2 * j;
      const inRange = j < half;
      sums[j] = inRange ? (sums[a] ?? 0) + (sums[a + 1] ?? 0) : 0;
      counts[j] = inRange ? (counts[a] ?? 0) + (counts[a + 1] ?? 0) : 0;
    }
  });
  return {
    add(bucket, value) {
      if (!Number.isFinite(value)) return;
      sums[bucket] = (sums[bucket] ?? 0) + value;
      counts[bucket] = (counts[bucket] ?? 0) + 1;
    },
    points() {
      const out: [number, number][] = [];
      counts.forEach((count, bucket) => {
        if (count > 0) out.push([bucket, (sums[bucket] ?? 0) / count]);
      });
      return out;
    },
  };
}

/** The last value written in each bucket (for angles, which do not average across 0/360). */
export interface LastSeries<T> {
  set(bucket: number, value: T): void;
  points(): [number, T][];
}

export function createLastSeries<T>(grid: TimeGrid): LastSeries<T> {
  const values: (T | undefined)[] = new Array<T | undefined>(grid.capacity).fill(undefined);
  grid.onWiden(() => {
    for (let j = 0; j < grid.capacity; j++) {
      values[j] = j < grid.capacity / 2 ? (values[2 * j + 1] ?? values[2 * j]) : undefined;
    }
  });
  return {
    set(bucket, value) {
      values[bucket] = value;
    },
    points() {
      const out: [number, T][] = [];
      values.forEach((value, bucket) => {
        if (value !== undefined) out.push([bucket, value]);
      });
      return out;
    },
  };
}

/** Per bucket, the category seen most often. */
export interface CategorySeries<C extends string> {
  add(bucket: number, category: C, weight?: number): void;
  points(): [number, C][];
}

export function createCategorySeries<C extends string>(grid: TimeGrid, categories: readonly C[]): CategorySeries<C> {
  const width = categories.length;
  const counts = new Float64Array(grid.capacity * width);
  const indexOf = new Map(categories.map((c, i) => [c, i]));
  grid.onWiden(() => {
    for (let j = 0; j < grid.capacity; j++) {
      for (let k = 0; k < width; k++) {
        counts[j * width + k] = j < grid.capacity / 2 ? (counts[2 * j * width + k] ?? 0) + (counts[(2 * j + 1) * width + k] ?? 0) : 0;
      }
    }
  });
  return {
    add(bucket, category, weight = 1) {
      const k = indexOf.get(category);
      if (k !== undefined) counts[bucket * width + k] = (counts[bucket * width + k] ?? 0) + weight;
    },
    points() {
      const out: [number, C][] = [];
      for (let j = 0; j < grid.capacity; j++) {
        let best = -1;
        let bestCount = 0;
        for (let k = 0; k < width; k++) {
          const count = counts[j * width + k] ?? 0;
          if (count > bestCount) [best, bestCount] = [k, count];
        }
        const category = categories[best];
        if (category !== undefined) out.push([j, category]);
      }
      return out;
    },
  };
}

/** Exact percentiles of values in [0, maxValue] at a fixed resolution, in constant memory. */
export interface Histogram {
  add(value: number): void;
  readonly count: number;
  /** Nearest-rank percentile (0 < p ≤ 100), or undefined when empty. */
  percentile(p: number): number | undefined;
  readonly min: number | undefined;
  readonly max: number | undefined;
}

export function createHistogram(maxValue: number, resolution: number): Histogram {
  const bins = new Uint32Array(Math.ceil(maxValue / resolution) + 1);
  let count = 0;
  let min: number | undefined;
  let max: number | undefined;
  return {
    add(value) {
      if (!Number.isFinite(value) || value < 0) return;
      const bin = Math.min(bins.length - 1, Math.round(value / resolution));
      bins[bin] = (bins[bin] ?? 0) + 1;
      count++;
      min = min === undefined ? value : Math.min(min, value);
      max = max === undefined ? value : Math.max(max, value);
    },
    get count() {
      return count;
    },
    get min() {
      return min;
    },
    get max() {
      return max;
    },
    percentile(p) {
      if (count === 0) return undefined;
      const rank = Math.max(1, Math.ceil((p / 100) * count));
      let seen = 0;
      for (let bin = 0; bin < bins.length; bin++) {
        seen += bins[bin] ?? 0;
        if (seen >= rank) return bin * resolution;
      }
      return max;
    },
  };
}

/** A uniform random sample of a stream (reservoir sampling), reproducible: seeded, no Math.random. */
export interface Reservoir<T> {
  add(item: T): void;
  readonly seen: number;
  items(): readonly T[];
}

export function createReservoir<T>(capacity: number, seed = 0x9e3779b9): Reservoir<T> {
  const items: T[] = [];
  let seen = 0;
  let state = seed >>> 0;
  // mulberry32
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    add(item) {
      seen++;
      if (items.length < capacity) items.push(item);
      else {
        const j = Math.floor(random() * seen);
        if (j < capacity) items[j] = item;
      }
    },
    get seen() {
      return seen;
    },
    items: () => items,
  };
}
