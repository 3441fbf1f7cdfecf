// Pure renderers: state in, SVG/HTML text out (no DOM access), so they are easy to reason about.
import type { Constellation, Epoch, FixState, Satellite, StartInfo } from "../../src/browser/index.js";
import { labelBaseline, labelHeight, labelWidth, placeLabels, type Box } from "../../src/output/labels.js";

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const CONSTELLATION_STYLE: Readonly<Record<Constellation, { letter: string; colour: string; label: string }>> = {
  gps: { letter: "G", colour: "#4cc9f0", label: "GPS" },
  glonass: { letter: "R", colour: "#f72585", label: "GLONASS" },
  galileo: { letter: "E", colour: "#b5e48c", label: "Galileo" },
  beidou: { letter: "C", colour: "#ffb703", label: "BeiDou" },
  qzss: { letter: "J", colour: "#c77dff", label: "QZSS" },
  sbas: { letter: "S", colour: "#adb5bd", label: "SBAS" },
  navic: { letter: "I", colour: "#ff8fab", label: "NavIC" },
};

export const satelliteLabel = (s: Satellite): string => `${CONSTELLATION_STYLE[s.constellation].letter}${s.svid}`;

export function formatSeconds(ms: number | undefined): string {
  if (ms === undefined) return "—";
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatCoordinate(deg: number | undefined, positive: string, negative: string): string {
  if (deg === undefined) return "—";
  return `${Math.abs(deg).toFixed(6)}° ${deg >= 0 ? positive : negative}`;
}

export function fixLabel(epoch: Epoch | undefined, fixState: FixState | undefined): { text: string; mode: string; quality: string } {
  const mode = epoch?.mode ?? "none";
  const quality = epoch?.quality ?? "none";
  if (fixState?.kind === "lost")
    return {
      text: fixState.reason === "stale" ? "Fix lost (no fix confirmed for two cycles)" : fixState.reason === "non-gnss" ? "Fix lost (no GNSS)" : "Fix lost",
      mode,
      quality,
    };
  if (fixState?.kind === "non-gnss") {
    const what = {
      simulated: "Receiver's simulator mode",
      manual: "Manual position",
      "time-only": "Time only (a surveyed-in or entered position)",
      "dead-reckoning": "Dead reckoning",
    }[fixState.quality];
    return { text: `${what} (not a GNSS fix)`, mode, quality };
  }
  if (mode === "none") return { text: fixState?.kind === "searching" ? "Searching" : "No fix", mode, quality };
  const qualityText = quality === "autonomous" ? "" : ` · ${quality.toUpperCase()}`;
  // RMC or GLL alone cannot tell 2D from 3D (Epoch.dimensionUnstated): no dimension the receiver did not state
  if (epoch?.dimensionUnstated === true) return { text: `Fix, 2D/3D not stated${qualityText}`, mode, quality };
  return { text: `${mode.toUpperCase()} fix${qualityText}`, mode, quality };
}

export function startText(start: StartInfo | undefined): string {
  if (start === undefined || start.type === "unknown") return "—";
  return `${start.type} (${start.basis})`;
}

/** Signal bars: height = C/N0; used, tracked-only and not-tracked differ in colour, fill and marker. */
export function renderBars(satellites: readonly Satellite[]): string {
  if (satellites.length === 0) return '<p class="empty">No satellites reported yet</p>';
  const maxCn0 = 55;
  const barW = 22;
  const gap = 6;
  const h = 170;
  const top = 18;
  const base = top + h;
  const left = 24; // the C/N0 scale's labels
  const width = Math.max(left + satellites.length * (barW + gap) + gap, 200);
  const parts: string[] = [
    `<svg class="bars-svg" viewBox="0 0 ${width} ${base + 40}" width="${width}" height="${base + 40}" role="img" aria-label="Signal strength per satellite">`,
    '<defs><pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" fill="rgba(255,183,3,0.18)"/><line x1="0" y1="0" x2="0" y2="5" stroke="#ffb703" stroke-width="2"/></pattern></defs>',
  ];
  for (const level of [10, 20, 30, 40, 50]) {
    const y = base - (level / maxCn0) * h;
    parts.push(`<line class="gridline" x1="0" x2="${width}" y1="${y}" y2="${y}"/><text class="gridlabel" x="2" y="${y - 2}">${level}</text>`);
  }
  satellites.forEach((s, i) => {
    const x = left + gap + i * (barW + gap);
    const style = CONSTELLATION_STYLE[s.constellation];
    const state = s.usedInFix ? "used" : s.cn0DbHz !== undefined ? "tracked" : "inview";
    const cn0 = s.cn0DbHz ?? 0;
    const barH = s.cn0DbHz === undefined ? 4 : Math.max(4, (Math.min(cn0, maxCn0) / maxCn0) * h);
    const fill = state === "used" ? "#2ec4b6" : state === "tracked" ? "url(#hatch)" : "none";
    const stroke = state === "used" ? "#2ec4b6" : state === "tracked" ? "#ffb703" : "#6c757d";
    const dash = state === "inview" ? ' stroke-dasharray="3 2"' : "";
    const marker = state === "used" ? "●" : state === "tracked" ? "○" : "◌";
    parts.push(
      `<g class="bar ${state}" data-sat="${escapeHtml(s.key)}"><title>${escapeHtml(`${style.label} ${s.svid}: ${state === "used" ? "used in fix" : state === "tracked" ? "tracked, not used" : "in view, no signal"}${s.cn0DbHz === undefined ? "" : `, ${s.cn0DbHz} dB-Hz`}`)}</title>`,
      `<rect x="${x}" y="${base - barH}" width="${barW}" height="${barH}" rx="3" fill="${fill}" stroke="${stroke}" stroke-width="1.5"${dash}/>`,
      s.cn0DbHz === undefined ? "" : `<text class="cn0" x="${x + barW / 2}" y="${base - barH - 4}">${s.cn0DbHz}</text>`,
      `<text class="marker ${state}" x="${x + barW / 2}" y="${base + 14}">${marker}</text>`,
      `<text class="satlabel" x="${x + barW / 2}" y="${base + 30}" fill="${style.colour}">${escapeHtml(satelliteLabel(s))}</text></g>`,
    );
  });
  parts.push(`<text class="axis-title" x="${width - 4}" y="12">C/N0 dB-Hz</text></svg>`);
  return parts.join("");
}

/** Font size of the satellite names on the sky plot (CSS `.satname`: bold, but for satellites without a signal). */
const SKY_LABEL_FONT = 10;

/**
 * Polar sky plot: north up, elevation rings at 0/30/60°. Each satellite is a dot (filled: used; ring: tracked;
 * dashed: in view without a signal) named beside it, where the name overlaps no other dot, name or compass
 * letter; used satellites are named first, and a name with no free place is left out (hover: tooltip).
 */
/** A sector of sky the diagnosis found blocked (gnsskit/diagnosis's mask): azimuths clockwise, below an elevation. */
export interface BlockedSky {
  fromAzimuthDeg: number;
  toAzimuthDeg: number;
  belowElevationDeg: number;
}

export function renderSky(satellites: readonly Satellite[], blocked: readonly BlockedSky[] = []): string {
  const size = 300;
  const c = size / 2;
  const r = c - 24;
  const parts: string[] = [`<svg viewBox="0 0 ${size} ${size}" class="sky-svg" role="img" aria-label="Sky plot">`];
  // blocked sky under everything: from the horizon up to the elevation, between the sector's azimuths
  const at = (azimuthDeg: number, radius: number): string => {
    const a = (azimuthDeg * Math.PI) / 180;
    return `${(c + radius * Math.sin(a)).toFixed(1)} ${(c - radius * Math.cos(a)).toFixed(1)}`;
  };
  for (const b of blocked) {
    const span = (b.toAzimuthDeg - b.fromAzimuthDeg + 360) % 360;
    const inner = ((90 - Math.min(90, Math.max(0, b.belowElevationDeg))) / 90) * r;
    const large = span > 180 ? 1 : 0;
    parts.push(
      `<path class="blocked" d="M ${at(b.fromAzimuthDeg, r)} A ${r} ${r} 0 ${large} 1 ${at(b.toAzimuthDeg, r)} L ${at(b.toAzimuthDeg, inner)} A ${inner} ${inner} 0 ${large} 0 ${at(b.fromAzimuthDeg, inner)} Z"><title>blocked below ${b.belowElevationDeg}°</title></path>`,
    );
  }
  for (const el of [0, 30, 60]) parts.push(`<circle class="ring" cx="${c}" cy="${c}" r="${((90 - el) / 90) * r}"/>`);
  parts.push(`<line class="ring" x1="${c}" y1="${c - r}" x2="${c}" y2="${c + r}"/><line class="ring" x1="${c - r}" y1="${c}" x2="${c + r}" y2="${c}"/>`);
  const fixed: Box[] = [];
  for (const [label, x, y] of [
    ["N", c, 14],
    ["E", size - 8, c + 4],
    ["S", c, size - 4],
    ["W", 8, c + 4],
  ] as const) {
    parts.push(`<text class="compass" x="${x}" y="${y}">${label}</text>`);
    fixed.push({ x: x - 6, y: y - labelBaseline(13), width: 12, height: labelHeight(13) });
  }
  for (const el of [30, 60]) {
    const y = c - ((90 - el) / 90) * r - 3;
    parts.push(`<text class="ringlabel" x="${c + 3}" y="${y}">${el}°</text>`);
    fixed.push({ x: c + 3, y: y - labelBaseline(10), width: labelWidth(`${el}°`, 10), height: labelHeight(10) });
  }
  const dots: { s: Satellite; x: number; y: number; radius: number; state: "used" | "tracked" | "inview" }[] = [];
  for (const s of satellites) {
    if (s.elevationDeg === undefined || s.azimuthDeg === undefined || s.elevationDeg < 0) continue;
    const rr = ((90 - s.elevationDeg) / 90) * r;
    const a = (s.azimuthDeg * Math.PI) / 180;
    const state = s.usedInFix ? "used" : s.cn0DbHz !== undefined ? "tracked" : "inview";
    dots.push({ s, x: c + rr * Math.sin(a), y: c - rr * Math.cos(a), radius: state === "inview" ? 4 : 5.5, state });
  }
  for (const { s, x, y, state } of dots) {
    const style = CONSTELLATION_STYLE[s.constellation];
    const circle =
      state === "used"
        ? `<circle cx="${x}" cy="${y}" r="5.5" fill="${style.colour}" stroke="#0b1220" stroke-width="1"/>`
        : state === "tracked"
          ? `<circle cx="${x}" cy="${y}" r="4.5" fill="#0b1220" stroke="${style.colour}" stroke-width="2"/>`
          : `<circle cx="${x}" cy="${y}" r="3.5" fill="none" stroke="#6c757d" stroke-width="1.2" stroke-dasharray="2 1.5"/>`;
    parts.push(
      `<g class="sat ${state}" data-sat="${escapeHtml(s.key)}"><title>${escapeHtml(`${style.label} ${s.svid}: el ${s.elevationDeg}° az ${s.azimuthDeg}°, ${state === "used" ? "used in fix" : state === "tracked" ? "tracked, not used" : "in view, no signal"}`)}</title>${circle}</g>`,
    );
  }
  // Names: used satellites first, then tracked, then the rest, as room allows.
  const rank = { used: 0, tracked: 1, inview: 2 } as const;
  const order = dots.map((_, k) => k).sort((a, b) => rank[dots[a]!.state] - rank[dots[b]!.state]);
  const requests = order.map((k) => ({
    x: dots[k]!.x,
    y: dots[k]!.y,
    radius: dots[k]!.radius + 0.5,
    width: labelWidth(satelliteLabel(dots[k]!.s), SKY_LABEL_FONT, dots[k]!.state !== "inview"),
    height: labelHeight(SKY_LABEL_FONT),
  }));
  const bounds = { x: 0, y: 0, width: size, height: size };
  let boxes = placeLabels(requests, bounds, fixed);
  // Names left out are counted in the lower left corner, kept clear of names for that.
  const note = { x: 2, y: size - 2 - labelHeight(9), width: labelWidth("99 names hidden: hover", 9), height: labelHeight(9) };
  if (boxes.includes(undefined)) boxes = placeLabels(requests, bounds, [...fixed, note]);
  const unnamed = boxes.filter((b) => b === undefined).length;
  if (unnamed > 0)
    parts.push(`<text class="skynote" x="${note.x}" y="${note.y + labelBaseline(9)}">${unnamed} name${unnamed === 1 ? "" : "s"} hidden: hover</text>`);
  order.forEach((k, i) => {
    const box = boxes[i];
    const dot = dots[k]!;
    if (box === undefined) return;
    parts.push(
      `<text class="satname ${dot.state}" x="${box.x.toFixed(1)}" y="${(box.y + labelBaseline(SKY_LABEL_FONT)).toFixed(1)}" fill="${CONSTELLATION_STYLE[dot.s.constellation].colour}">${escapeHtml(satelliteLabel(dot.s))}</text>`,
    );
  });
  if (dots.length === 0) parts.push(`<text class="empty-svg" x="${c}" y="${c + 30}">no elevation/azimuth yet</text>`);
  parts.push("</svg>");
  return parts.join("");
}

/** A plain map: the track in a local east/north projection (metres) fitted to the box, with a scale bar. */
export function renderMap(track: ReadonlyArray<readonly [number, number]>, current: Epoch | undefined): string {
  const w = 520;
  const h = 300;
  const pad = 28;
  const parts: string[] = [
    `<svg viewBox="0 0 ${w} ${h}" class="map-svg" role="img" aria-label="Track">`,
    `<rect class="map-bg" x="0" y="0" width="${w}" height="${h}" rx="8"/>`,
  ];
  const first = track[0];
  if (first === undefined) {
    parts.push(`<text class="empty-svg" x="${w / 2}" y="${h / 2}">no position yet</text></svg>`);
    return parts.join("");
  }
  const [lat0, lon0] = first;
  const cosLat = Math.cos((lat0 * Math.PI) / 180);
  const east = (lon: number): number => (lon - lon0) * 111_320 * cosLat;
  const north = (lat: number): number => (lat - lat0) * 110_540;
  let minE = Infinity;
  let maxE = -Infinity;
  let minN = Infinity;
  let maxN = -Infinity;
  for (const [lat, lon] of track) {
    const e = east(lon);
    const n = north(lat);
    minE = Math.min(minE, e);
    maxE = Math.max(maxE, e);
    minN = Math.min(minN, n);
    maxN = Math.max(maxN, n);
  }
  // At least 50 m across, so a static receiver's scatter is visible but not blown up.
  const spanM = Math.max(maxE - minE, maxN - minN, 50);
  const scale = Math.min((w - 2 * pad) / spanM, (h - 2 * pad) / spanM);
  const midE = (minE + maxE) / 2;
  const midN = (minN + maxN) / 2;
  const px = (lat: number, lon: number): [number, number] => [w / 2 + (east(lon) - midE) * scale, h / 2 - (north(lat) - midN) * scale];
  // Grid every "nice" distance.
  const stepM = niceStep(spanM / 4);
  const gridStartE = Math.ceil((midE - w / 2 / scale) / stepM) * stepM;
  for (let e = gridStartE; e < midE + w / 2 / scale; e += stepM) {
    const x = w / 2 + (e - midE) * scale;
    parts.push(`<line class="grid" x1="${x}" y1="0" x2="${x}" y2="${h}"/>`);
  }
  const gridStartN = Math.ceil((midN - h / 2 / scale) / stepM) * stepM;
  for (let n = gridStartN; n < midN + h / 2 / scale; n += stepM) {
    const y = h / 2 - (n - midN) * scale;
    parts.push(`<line class="grid" x1="0" y1="${y}" x2="${w}" y2="${y}"/>`);
  }
  const points = track
    .map(([lat, lon]) =>
      px(lat, lon)
        .map((v) => v.toFixed(1))
        .join(","),
    )
    .join(" ");
  parts.push(`<polyline class="track" points="${points}"/>`);
  const [sx, sy] = px(lat0, lon0);
  parts.push(`<circle class="start" cx="${sx}" cy="${sy}" r="4"/>`);
  if (current?.latitudeDeg !== undefined && current.longitudeDeg !== undefined) {
    const [cx, cy] = px(current.latitudeDeg, current.longitudeDeg);
    // The 95 % error circle, while it fits the map (a huge one would only tint everything).
    const errorPx = current.ephM === undefined ? undefined : current.ephM * scale;
    if (errorPx !== undefined && errorPx < h * 0.45) parts.push(`<circle class="accuracy" cx="${cx}" cy="${cy}" r="${Math.max(errorPx, 6)}"/>`);
    parts.push(`<circle class="here" cx="${cx}" cy="${cy}" r="6"/>`);
  }
  const barPx = stepM * scale;
  parts.push(
    `<g class="scale"><line x1="${pad}" y1="${h - 14}" x2="${pad + barPx}" y2="${h - 14}"/><line x1="${pad}" y1="${h - 18}" x2="${pad}" y2="${h - 10}"/><line x1="${pad + barPx}" y1="${h - 18}" x2="${pad + barPx}" y2="${h - 10}"/><text x="${pad + barPx + 6}" y="${h - 10}">${stepM >= 1000 ? `${stepM / 1000} km` : `${stepM} m`}</text></g>`,
    `<text class="north" x="${w - 16}" y="22">N↑</text>`,
    "</svg>",
  );
  return parts.join("");
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}
