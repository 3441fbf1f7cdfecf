// Dilution of precision from satellite geometry: G has one row [e n u 1] per satellite (unit line of sight in
// local east/north/up plus the clock column), Q = (GᵀG)⁻¹, and the DOPs are square roots of Q's diagonal sums.

export interface DopValues {
  gdop: number;
  pdop: number;
  hdop: number;
  vdop: number;
  tdop: number;
}

/** Below this pivot (relative to the matrix scale) GᵀG is treated as singular. */
const SINGULAR_PIVOT = 1e-10;

/** Inverts a symmetric 4×4 matrix by Gauss–Jordan elimination with partial pivoting; undefined if singular. */
function invert4(matrix: number[][]): number[][] | undefined {
  const size = 4;
  const a = matrix.map((row, i) => [...row, ...Array.from({ length: size }, (_, j) => (i === j ? 1 : 0))]);
  const scale = Math.max(...matrix.flat().map(Math.abs)) || 1;
  for (let col = 0; col < size; col++) {
    let pivotRow = col;
    for (let r = col + 1; r < size; r++) {
      if (Math.abs(a[r]?.[col] ?? 0) > Math.abs(a[pivotRow]?.[col] ?? 0)) pivotRow = r;
    }
    const pivotValue = a[pivotRow]?.[col] ?? 0;
    if (Math.abs(pivotValue) < SINGULAR_PIVOT * scale) return undefined;
    [a[col], a[pivotRow]] = [a[pivotRow] ?? [], a[col] ?? []];
    const pivot = a[col] ?? [];
    for (let c = 0; c < 2 * size; c++) pivot[c] = (pivot[c] ?? 0) / pivotValue;
    for (let r = 0; r < size; r++) {
      if (r === col) continue;
      const row = a[r] ?? [];
      const factor = row[col] ?? 0;
      if (factor === 0) continue;
      for (let c = 0; c < 2 * size; c++) row[c] = (row[c] ?? 0) - factor * (pivot[c] ?? 0);
    }
  }
  return a.map((row) => row.slice(size));
}

/** Dilution of precision of a set of satellites (needs ≥ 4); undefined when singular. */
export function computeDop(satellites: ReadonlyArray<{ losEnu: readonly [number, number, number] }>): DopValues | undefined {
  if (satellites.length < 4) return undefined;
  const normal = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
  for (const { losEnu } of satellites) {
    const row = [losEnu[0], losEnu[1], losEnu[2], 1];
    for (let i = 0; i < 4; i++) {
      const target = normal[i] ?? [];
      for (let j = 0; j < 4; j++) target[j] = (target[j] ?? 0) + (row[i] ?? 0) * (row[j] ?? 0);
    }
  }
  const q = invert4(normal);
  if (!q) return undefined;
  const d = (i: number): number => q[i]?.[i] ?? Number.NaN;
  const [qe, qn, qu, qt] = [d(0), d(1), d(2), d(3)];
  // Round-off can leave a tiny negative diagonal on a nearly singular geometry.
  if (!(qe >= 0 && qn >= 0 && qu >= 0 && qt >= 0)) return undefined;
  return {
    gdop: Math.sqrt(qe + qn + qu + qt),
    pdop: Math.sqrt(qe + qn + qu),
    hdop: Math.sqrt(qe + qn),
    vdop: Math.sqrt(qu),
    tdop: Math.sqrt(qt),
  };
}
