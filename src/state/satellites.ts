// The satellite view: GSV groups assembled per talker and signal id, "used" flags from GSA.
//
// Rules (gpsd processGSV/processGSA, domain.md §4.7):
// - A group is (talker, signal id). Its satellites are replaced only when its last part arrives
//   (part == total); parts arriving out of order or a missing part leave the old satellites.
// - The GSV sentences of one receiver cycle are contiguous. The first GSV after a non-GSV sentence
//   opens a new block; when the block ends (the next non-GSV sentence), groups that did not appear
//   in it are dropped (mark and sweep), so a constellation that stops being reported disappears.
// - Id 0 is skipped; azimuth 360 is 0; a completed group whose every azimuth is 0 is garbage (SiRFstar II).
// - "Used" comes only from GSA. A contiguous GSA block replaces the used set; a repeated GSA from the
//   same single-system talker starts a new set, while GN and per-system GSAs accumulate (gpsd).
//   A satellite is marked used only if it has a signal (C/N0 > 0): NMEA ≤ 4.0 does not say which
//   signal was used, and gpsd does the same.
// - Without any GSA, the used count is GGA's satellites-used field.
import type { GsaSentence, GsvSatellite, GsvSentence, Satellite, SatelliteId, SatelliteView, Signal } from "../types.js";

const CONSTELLATION_ORDER = ["gps", "sbas", "galileo", "beidou", "qzss", "glonass", "navic"] as const;

type GroupSatellite = GsvSatellite & { signalId?: number };

interface Group {
  satellites: GroupSatellite[];
  /** Block number in which it was last seen (any part) */
  seenInBlock: number;
}

interface PendingGroup {
  key: string;
  total: number;
  nextPart: number;
  satellites: GroupSatellite[];
}

export interface SkyAssembler {
  /** Feed every sentence id in order (GSV/GSA contiguity). Returns true when the view changed. */
  noteOther(): boolean;
  gsv(sentence: GsvSentence): boolean;
  gsa(sentence: GsaSentence): boolean;
  ggaSatellitesUsed(count: number | undefined): boolean;
  /** Forget everything (restart). */
  clear(): void;
  view(): SatelliteView;
  /** True once a GSA has supplied the used set. */
  readonly hasGsa: boolean;
}

export const satelliteKey = (id: Pick<SatelliteId, "constellation" | "svid">): string => `${id.constellation}:${id.svid}`;

export function emptyView(): SatelliteView {
  return { satellites: [], inViewCount: 0, trackedCount: 0, usedCount: 0, signalCount: 0 };
}

export function createSkyAssembler(): SkyAssembler {
  const groups = new Map<string, Group>();
  let pending: PendingGroup | undefined;
  let block = 0;
  let inGsvBlock = false;
  let inGsaBlock = false;
  let lastGsaTalker = "";
  let used = new Set<string>();
  let gsaSeen = false;
  let ggaUsed: number | undefined;
  let cached: SatelliteView | undefined;

  const changed = (): true => {
    cached = undefined;
    return true;
  };

  const endGsvBlock = (): boolean => {
    if (!inGsvBlock) return false;
    inGsvBlock = false;
    pending = undefined;
    let removed = false;
    for (const [key, group] of groups) {
      if (group.seenInBlock !== block) {
        groups.delete(key);
        removed = true;
      }
    }
    return removed ? changed() : false;
  };

  const api: SkyAssembler = {
    get hasGsa() {
      return gsaSeen;
    },
    noteOther() {
      inGsaBlock = false;
      return endGsvBlock();
    },
    gsv(s) {
      inGsaBlock = false;
      if (!inGsvBlock) {
        inGsvBlock = true;
        block++;
      }
      if (!(s.messageCount >= 1 && s.messageCount <= 10 && s.messageNumber >= 1 && s.messageNumber <= s.messageCount)) {
        pending = undefined;
        return false;
      }
      const key = `${s.talker}:${s.signalId ?? "-"}`;
      const existing = groups.get(key);
      if (existing) existing.seenInBlock = block;
      if (s.messageNumber === 1) {
        pending = { key, total: s.messageCount, nextPart: 1, satellites: [] };
      }
      if (!pending || pending.key !== key || pending.total !== s.messageCount || pending.nextPart !== s.messageNumber) {
        pending = undefined; // out of order or a part missing: keep the old satellites of this group
        return false;
      }
      for (const sat of s.satellites) {
        if (sat.svid === 0 || sat.nmeaId === 0) continue;
        const fixed: GroupSatellite = { ...sat };
        if (s.signalId !== undefined) fixed.signalId = s.signalId;
        if (fixed.azimuthDeg === 360) fixed.azimuthDeg = 0;
        if (fixed.elevationDeg !== undefined && Math.abs(fixed.elevationDeg) > 90) delete fixed.elevationDeg;
        if (fixed.azimuthDeg !== undefined && !(fixed.azimuthDeg >= 0 && fixed.azimuthDeg < 360)) delete fixed.azimuthDeg;
        pending.satellites.push(fixed);
      }
      pending.nextPart++;
      if (s.messageNumber < s.messageCount) return false;
      const complete = pending.satellites;
      pending = undefined;
      const garbage = complete.length > 0 && complete.every((sat) => sat.azimuthDeg === 0);
      groups.set(key, { satellites: garbage ? [] : complete, seenInBlock: block });
      return changed();
    },
    gsa(s) {
      endGsvBlock();
      if (!inGsaBlock || (s.talker === lastGsaTalker && s.talker !== "GN" && s.talker !== "PQ")) {
        used = new Set<string>();
      }
      inGsaBlock = true;
      lastGsaTalker = s.talker;
      gsaSeen = true;
      for (const id of s.satellites) {
        if (id.svid > 0) used.add(satelliteKey(id));
      }
      return changed();
    },
    ggaSatellitesUsed(count) {
      if (count === ggaUsed) return false;
      ggaUsed = count;
      return gsaSeen ? false : changed();
    },
    clear() {
      groups.clear();
      pending = undefined;
      inGsvBlock = false;
      inGsaBlock = false;
      used = new Set<string>();
      gsaSeen = false;
      ggaUsed = undefined;
      cached = undefined;
    },
    view() {
      cached ??= buildView(groups, used, gsaSeen ? undefined : ggaUsed);
      return cached;
    },
  };
  return api;
}

function buildView(groups: Map<string, Group>, used: Set<string>, ggaUsed: number | undefined): SatelliteView {
  const byKey = new Map<string, Satellite>();
  let signalCount = 0;
  for (const group of groups.values()) {
    for (const sat of group.satellites) {
      const key = satelliteKey(sat);
      let entry = byKey.get(key);
      if (!entry) {
        entry = { key, constellation: sat.constellation, svid: sat.svid, nmeaId: sat.nmeaId, usedInFix: false, signals: [] };
        byKey.set(key, entry);
      }
      if (entry.elevationDeg === undefined && sat.elevationDeg !== undefined) entry.elevationDeg = sat.elevationDeg;
      if (entry.azimuthDeg === undefined && sat.azimuthDeg !== undefined) entry.azimuthDeg = sat.azimuthDeg;
      const signal: Signal = {};
      if (sat.signalId !== undefined) signal.signalId = sat.signalId;
      if (sat.cn0DbHz !== undefined) signal.cn0DbHz = sat.cn0DbHz;
      entry.signals.push(signal);
      if (sat.cn0DbHz !== undefined) {
        signalCount++;
        if (entry.cn0DbHz === undefined || sat.cn0DbHz > entry.cn0DbHz) entry.cn0DbHz = sat.cn0DbHz;
      }
    }
  }
  const satellites = [...byKey.values()].sort(
    (a, b) => CONSTELLATION_ORDER.indexOf(a.constellation) - CONSTELLATION_ORDER.indexOf(b.constellation) || a.svid - b.svid,
  );
  let trackedCount = 0;
  for (const sat of satellites) {
    if (sat.cn0DbHz !== undefined && sat.cn0DbHz > 0) {
      trackedCount++;
      sat.usedInFix = used.has(sat.key);
    }
  }
  return {
    satellites,
    inViewCount: satellites.length,
    trackedCount,
    usedCount: ggaUsed ?? used.size,
    signalCount,
  };
}
