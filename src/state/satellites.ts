// The satellite view: GSV groups assembled per talker and signal id, "used" flags from GSA.
//
// Rules (gpsd processGSV/processGSA, domain.md §4.7):
// - A group is (talker, signal id), made of pages (the GSV part numbers). A page's entries stand until that page comes
//   again, a page of another count comes (the receiver renumbered its list: the group's pages are dropped), or it goes
//   unrefreshed for its rotation period. The parts of one sequence sent in a row are taken together: they replace
//   their pages when the last part arrives, or when the sequence breaks off (a part missing or out of order, the GSV
//   block's end). So a receiver sending its whole list each cycle has its group replaced at the last part, as gpsd
//   has it, and one sending a page a cycle in rotation (Garmin GPS 15H: `$GPGSV,3,1` this second, `3,2` the next) has
//   its view assembled from the pages as they come. A part after the first may leave the count empty (NMEA 4.11):
//   it has its group's first part's count.
// - The GSV sentences of one receiver cycle are contiguous. The first GSV after a non-GSV sentence opens a new block.
//   A page's rotation period is the longest wait, in blocks, between two of its arrivals (since its group's page count
//   last changed); before it came twice, its page count (a page a block). When a block ends (the next non-GSV
//   sentence), pages as old as their period are dropped, and groups left without a page: a receiver that lists its
//   whole sky each cycle loses a constellation it stops reporting at once (mark and sweep), a rotating one keeps each
//   page for a rotation, one that drops a page now and then (GPS-320FW: `3,3` missing from some cycles) keeps it
//   as long as it has had to wait for it.
// - A satellite a page lists is taken out of its group's pages from earlier blocks (the list reordered and it moved to
//   another page): one entry per satellite and signal, the newest.
// - A group missing a page of its count (a rotation not yet complete, a page lost) makes the view `incomplete`: it
//   lists fewer satellites than the receiver has in view, and its counts are lower bounds.
// - Id 0 is skipped; azimuth 360 is 0; a group whose every azimuth is 0 is garbage (SiRFstar II).
// - Tracked is one rule for every output: a C/N0 above 0. GSV's `00` (Garmin, SiRF, older MediaTek: a channel
//   without a signal) leaves the satellite's C/N0 undefined, as an empty field does; the signal keeps the 0 the
//   receiver sent (gpsd prints it as `"ss":0.0`).
// - An entry without a number (the parser's `unidentified`: u-blox lists a GLONASS signal before it knows the
//   slot) is no satellite: no svid is made up for it, no key, never used. The view counts them per constellation
//   (`unidentified`), in view and tracked, and adds them to its in-view, tracked and signal counts. A satellite
//   without a number cannot be matched across a constellation's signal groups, so each constellation counts as
//   many as its largest group lists (at least that many; exact with one signal).
// - "Used" comes from GSA. A contiguous GSA block replaces the used set; a repeated GSA from the
//   same single-system talker starts a new set, while GN and per-system GSAs accumulate (gpsd).
//   A satellite, and each of its signals, is flagged used only with a signal (C/N0 > 0): NMEA does not
//   say which signal was used (an L2 listed without C/N0 was not), and gpsd does the same.
// - The used count is the receiver's word: the size of GSA's used set once the receiver sends GSA (also
//   for satellites its GSV does not list: u-blox caps GGA's count at 12 while GSA lists 20), else the
//   count its GNS/GGA gave (reportedUsedCount).
// - UBX (u-blox NAV-SAT, NAV-SIG): once a receiver sends them, the view is theirs (ubxView below): every
//   satellite NAV-SAT lists with its position, used flag, health and orbit source, and every signal NAV-SIG lists
//   (its C/N0, quality, prUsed). They are richer than GSV/GSA (which a u-blox caps, and which say nothing of
//   health or orbits), so a receiver sending both gets the UBX view; GSV takes over again only if the receiver
//   stops sending them while its GSV goes on (UBX_VIEW_GSV_BLOCKS blocks later).
// - The view is rebuilt only when what it is made of changed: a completed group that repeats the group it
//   replaces (a receiver resending an unchanged sky) and a GSA block that repeats the used set keep the view.
//   A rebuilt view shares the satellites that are the same as they were (views never change a satellite).
import type {
  Constellation,
  GsaSentence,
  GsvSatellite,
  GsvSentence,
  GsvUnidentified,
  OrbitSource,
  Satellite,
  SatelliteId,
  SatelliteView,
  Signal,
  SignalQuality,
  UbxNavSat,
  UbxNavSig,
  UnidentifiedSatellites,
} from "../types.js";
import { unidentifiedConstellation } from "../parsing/ubx/ids.js";

/** Sort rank of a constellation in the view: gps, sbas, galileo, beidou, qzss, glonass, navic. */
function rank(constellation: Constellation): number {
  switch (constellation) {
    case "gps":
      return 0;
    case "sbas":
      return 1;
    case "galileo":
      return 2;
    case "beidou":
      return 3;
    case "qzss":
      return 4;
    case "glonass":
      return 5;
    case "navic":
      return 6;
  }
}

/**
 * A group's entries: the GSV sentences' own satellite objects (not copied: the parser already dropped id 0,
 * bounded elevation and azimuth, and turned azimuth 360 into 0; others are fixed on a copy) and, beside
 * them, each entry's signal id (a later part may carry another) and sort key (constellation rank × 1024 + svid).
 */
interface Entries {
  satellites: GsvSatellite[];
  signalIds: Array<number | undefined>;
  orders: number[];
  /** Entries without a number (the parser's objects), NO_ENTRIES when there are none */
  unidentified: GsvUnidentified[];
}

const NO_ENTRIES: GsvUnidentified[] = [];

/** One GSV page of a group: its entries and the block it last came in. */
interface Page extends Entries {
  block: number;
}

/** A group: its pages (the view is built from their entries, in page order). */
interface Group {
  key: string;
  /** The page count its pages came with */
  total: number;
  /** By page number − 1 */
  pages: Array<Page | undefined>;
  /**
   * By page number − 1: the block it last came in (kept after the page is dropped), and its rotation period in blocks:
   * the longest wait between two of its arrivals (undefined before it came twice: its page count, a page a block)
   */
  lastBlock: Array<number | undefined>;
  periodBlocks: Array<number | undefined>;
  /** A page of its count is missing */
  incomplete: boolean;
  /** Every azimuth its pages give is 0 (SiRFstar II): it lists nothing */
  garbage: boolean;
}

/**
 * The parts of a sequence coming in a row: its entries so far are the first `count` of the assembler's one
 * `gathered`, each part's from `partStarts[part - firstPart]`.
 */
interface PendingGroup {
  key: string;
  talker: string;
  total: number;
  /** The part it began with: 1, or a later one (a page sent alone, or after a part lost) */
  firstPart: number;
  nextPart: number;
  count: number;
  /** Entries without a number so far: the first `unidentifiedCount` of `gathered.unidentified` */
  unidentifiedCount: number;
  /** Where each part's entries begin in `gathered`, with and without a number */
  partStarts: number[];
  partUnidentifiedStarts: number[];
  /** The first part's satellites-in-view count: a next part of another talker with the same count continues it */
  inView: number | undefined;
}

export interface SkyAssembler {
  /** Feed every sentence id in order (GSV/GSA contiguity). Returns true when the view changed. */
  noteOther(): boolean;
  gsv(sentence: GsvSentence): boolean;
  gsa(sentence: GsaSentence): boolean;
  /** UBX NAV-SAT: the satellites in view (the view is UBX's from now on). */
  navSat(message: UbxNavSat): void;
  /** UBX NAV-SIG: their signals. */
  navSig(message: UbxNavSig): void;
  /**
   * The used count the cycle's GNS/GGA gave (it stands where there is no GSA; kept until the next one).
   * `cycleHasGsa` false: the GSA's list is an earlier cycle's, and one that listed none yields to this count.
   */
  reportedUsedCount(count: number | undefined, cycleHasGsa?: boolean): void;
  /** Forget everything (restart). */
  clear(): void;
  view(): SatelliteView;
  /** How many satellites GSA says are used (its used set, and the ids of lists it cannot place). */
  gsaUsedCount(): number;
  /** True once a GSA has supplied the used set. */
  readonly hasGsa: boolean;
  /** A GSV sequence has begun and its last part has not come yet (not a rotating receiver's page: its cycle's all). */
  readonly groupInProgress: boolean;
  /** True once a GSA or a GNS/GGA count said how many satellites are used. */
  readonly usedCountKnown: boolean;
}

export const satelliteKey = (id: Pick<SatelliteId, "constellation" | "svid">): string => `${id.constellation}:${id.svid}`;

/** GSV blocks completed without a NAV-SAT or NAV-SIG after which the GSV view is the view again. */
const UBX_VIEW_GSV_BLOCKS = 3;

export function createSkyAssembler(): SkyAssembler {
  const groups = new Map<string, Group>();
  /**
   * The same groups in the map's order (a group replaced keeps its place): walked by index, since iterating the
   * map allocates an iterator result per group in the baseline tiers a small log is decoded in (compiler-tier.ts).
   */
  const groupList: Group[] = [];
  /** The last NAV-SAT and NAV-SIG while the view is UBX's */
  let navSat: UbxNavSat | undefined;
  let navSig: UbxNavSig | undefined;
  let gsvBlocksWithoutUbx = 0;
  let pending: PendingGroup | undefined;
  /** The entries of the group being gathered, copied out at their exact size when it completes with other entries */
  const gathered: Entries = { satellites: [], signalIds: [], orders: [], unidentified: [] };
  let block = 0;
  let inGsvBlock = false;
  let inGsaBlock = false;
  let lastGsaTalker = "";
  let lastGsaSystemId: number | undefined;
  let used = new Set<string>();
  /**
   * Used satellites of the current list that no satellite key can be given to: the ids of a further GSA of the same
   * talker without a system id in one block (Septentrio sends four `$GPGSA` a cycle, GPS, GLONASS, Galileo, BeiDou,
   * all numbered as GPS would be): counted, flagged on no satellite.
   */
  let unattributedUsed = 0;
  /** The ids of the GSA before in the block: the same list sent again is a repeat */
  let lastGsaIds: readonly SatelliteId[] = [];
  /** The members of `used` in an array, for the same reason as groupList */
  let usedKeys: string[] = [];
  /** The used set the cached view was built from, and whether GSA began another set since */
  let viewUsed: Set<string> | undefined;
  let usedReplaced = false;
  let gsaSeen = false;
  let reportedUsed: number | undefined;
  /** The cycle the count was reported for had no GSA: the GSA's list is an earlier cycle's */
  let gsaStale = false;
  let cached: SatelliteView | undefined;
  const scratch: Scratch = {
    keys: new Int32Array(256),
    satelliteKeys: new Array<Array<string | undefined> | undefined>(CONSTELLATION_COUNT),
    made: new Array<Array<Satellite | undefined> | undefined>(CONSTELLATION_COUNT),
    sats: [],
    signalIds: [],
    orders: [],
    satellites: [],
    signals: [],
  };
  /** Group keys (`GP:1`, `GL:-`), made once per talker and signal id: the map then hashes the same strings. */
  const groupKeys = new Map<string, string[]>();
  const groupKey = (talker: string, signalId: number | undefined): string => {
    let bySignal = groupKeys.get(talker);
    if (bySignal === undefined) groupKeys.set(talker, (bySignal = []));
    if (signalId === undefined) return (bySignal[16] ??= `${talker}:-`);
    // signal ids are one hex digit; anything else is not worth a slot
    if (signalId < 0 || signalId > 15 || !Number.isInteger(signalId)) return `${talker}:${signalId}`;
    return (bySignal[signalId] ??= `${talker}:${signalId}`);
  };

  const changed = (): true => {
    cached = undefined;
    return true;
  };

  /** Pages that stood through a block's end without coming in it (a rotating receiver's), by group and index */
  const standing: Array<{ group: Group; at: number }> = [];

  /** Put a group's page: `total` its count, `part` its number, its entries those of `gathered` from `from` to `to`. */
  const putPage = (key: string, total: number, part: number, from: number, to: number, uFrom: number, uTo: number): boolean => {
    let group = groups.get(key);
    if (group === undefined) {
      group = { key, total, pages: [], lastBlock: [], periodBlocks: [], incomplete: true, garbage: false };
      groups.set(key, group);
      groupList.push(group);
    }
    let change = false;
    if (group.total !== total) {
      // the receiver renumbered its list (more or fewer pages): the pages of the old count stand no longer, and their
      // periods are learnt again
      group.total = total;
      group.pages = [];
      group.periodBlocks = [];
      change = true;
    }
    const at = part - 1;
    // its period: the longest wait between two of its arrivals (a receiver that sends a page a cycle, or drops one now
    // and then, waits longer than one block)
    const last = group.lastBlock[at];
    if (last !== undefined && last < block) {
      const period = group.periodBlocks[at];
      group.periodBlocks[at] = period === undefined ? block - last : Math.max(period, block - last);
    }
    group.lastBlock[at] = block;
    const before = group.pages[at];
    if (before !== undefined && samePage(before, gathered, from, to, uFrom, uTo)) {
      before.block = block;
      if (!change) return false;
    } else {
      group.pages[at] = {
        satellites: gathered.satellites.slice(from, to),
        signalIds: gathered.signalIds.slice(from, to),
        orders: gathered.orders.slice(from, to),
        unidentified: uTo === uFrom ? NO_ENTRIES : gathered.unidentified.slice(uFrom, uTo),
        block,
      };
      // its satellites are taken out of the pages that stood from earlier blocks (the list reordered)
      if (standing.length > 0) dropListed(group.pages[at] as Page);
    }
    refresh(group);
    return true;
  };

  /** Take the entries `page` lists (the same satellite and signal) out of the standing pages it is not. */
  const dropListed = (page: Page): void => {
    for (let i = 0; i < standing.length; i++) {
      const { group, at } = standing[i] as { group: Group; at: number };
      const old = group.pages[at];
      if (old === undefined || old === page || old.block === block) continue;
      let kept = 0;
      for (let k = 0; k < old.satellites.length; k++) {
        if (listed(page, old.orders[k] as number, old.signalIds[k])) continue;
        old.satellites[kept] = old.satellites[k] as GsvSatellite;
        old.signalIds[kept] = old.signalIds[k];
        old.orders[kept] = old.orders[k] as number;
        kept++;
      }
      if (kept === old.satellites.length) continue;
      old.satellites.length = kept;
      old.signalIds.length = kept;
      old.orders.length = kept;
      refresh(group);
    }
  };

  /** The parts gathered so far, put as their pages; true when the view changed. */
  const putPending = (): boolean => {
    const piece = pending;
    pending = undefined;
    if (piece === undefined || piece.nextPart === piece.firstPart) return false;
    let change = false;
    for (let part = piece.firstPart; part < piece.nextPart; part++) {
      const k = part - piece.firstPart;
      const to = part + 1 < piece.nextPart ? (piece.partStarts[k + 1] as number) : piece.count;
      const uTo = part + 1 < piece.nextPart ? (piece.partUnidentifiedStarts[k + 1] as number) : piece.unidentifiedCount;
      if (putPage(piece.key, piece.total, part, piece.partStarts[k] as number, to, piece.partUnidentifiedStarts[k] as number, uTo)) change = true;
    }
    // its last part ends the receiver's pass over the group: a page it did not send stands no longer than its period
    // (as at a block's end, which comes after the cycle closed where this part is the cycle's ender)
    const group = piece.nextPart > piece.total ? groups.get(piece.key) : undefined;
    if (group !== undefined && dropStale(group, undefined) > 0) {
      refresh(group);
      change = true;
    }
    return change ? changed() : false;
  };

  /**
   * Drop the group's pages as old as their rotation period; pages from earlier blocks that stay go to `stay`. Returns
   * how many pages are left, or -1 when none was dropped (and some are left).
   */
  const dropStale = (group: Group, stay: Array<{ group: Group; at: number }> | undefined): number => {
    const pages = group.pages;
    let left = 0;
    let dropped = false;
    for (let at = 0; at < pages.length; at++) {
      const page = pages[at];
      if (page === undefined) continue;
      const age = block - page.block;
      if (age >= (group.periodBlocks[at] ?? group.total)) {
        pages[at] = undefined;
        dropped = true;
        continue;
      }
      left++;
      if (age > 0) stay?.push({ group, at });
    }
    return dropped || left === 0 ? left : -1;
  };

  const endGsvBlock = (): boolean => {
    if (!inGsvBlock) return false;
    inGsvBlock = false;
    let change = putPending();
    if ((navSat !== undefined || navSig !== undefined) && ++gsvBlocksWithoutUbx >= UBX_VIEW_GSV_BLOCKS) {
      // the receiver stopped its UBX view and goes on with GSV
      navSat = undefined;
      navSig = undefined;
      cached = undefined;
    }
    // pages older than their rotation period are dropped, and groups left without a page
    standing.length = 0;
    let kept = 0;
    for (let i = 0; i < groupList.length; i++) {
      const group = groupList[i] as Group;
      const left = dropStale(group, standing);
      if (left === 0) {
        groups.delete(group.key);
        change = true;
        continue;
      }
      if (left > 0) {
        refresh(group);
        change = true;
      }
      groupList[kept++] = group;
    }
    groupList.length = kept;
    // a satellite a page of this block lists is no longer on the page it stood on
    if (standing.length > 0) {
      for (let i = 0; i < groupList.length; i++) {
        const pages = (groupList[i] as Group).pages;
        for (let at = 0; at < pages.length; at++) {
          const page = pages[at];
          if (page !== undefined && page.block === block) dropListed(page);
        }
      }
      change = true;
    }
    return change ? changed() : false;
  };

  const api: SkyAssembler = {
    get hasGsa() {
      return gsaSeen;
    },
    get groupInProgress() {
      if (pending === undefined) return false;
      // a receiver that sends a page a cycle (its group's pages stand through blocks) has no sequence under way: its
      // page is all this cycle has
      for (let i = 0; i < standing.length; i++) if ((standing[i] as { group: Group }).group.key === pending.key) return false;
      return true;
    },
    get usedCountKnown() {
      return gsaSeen || reportedUsed !== undefined || navSat !== undefined || navSig !== undefined;
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
      const talker = s.talker;
      // A continuation part with an empty count (NMEA 4.11) has its group's: the first part's count.
      const total = s.messageCount ?? (pending?.talker === talker ? pending.total : undefined);
      if (total === undefined || !(total >= 1 && total <= 10 && s.messageNumber >= 1 && s.messageNumber <= total)) return putPending();
      // One sequence may run over several talkers (a Trimble R2: parts 1-2 GPGSV, 3 GLGSV, 4 GAGSV, "13 in view" in
      // each): a next part of another talker continues it when its count and satellites in view are the group's.
      const continues =
        pending !== undefined &&
        pending.total === total &&
        pending.nextPart === s.messageNumber &&
        (pending.talker === talker || (pending.inView !== undefined && s.satellitesInView === pending.inView));
      let change = false;
      if (!continues) {
        // a first part, or one that does not follow (a page sent alone, a part lost or out of order): what came before
        // is put as its pages, and a new sequence begins here. A group is keyed by its first part's signal id; later
        // parts may carry another (Quectel LC79D: `$GPGSV,3,3,…,8` ends an L1 group with three L5 entries): each
        // entry keeps its own.
        change = putPending();
        const part = s.messageNumber;
        pending = {
          key: groupKey(talker, s.signalId),
          talker,
          total,
          firstPart: part,
          nextPart: part,
          count: 0,
          unidentifiedCount: 0,
          partStarts: [],
          partUnidentifiedStarts: [],
          inView: s.satellitesInView,
        };
      }
      const piece = pending as PendingGroup;
      piece.partStarts.push(piece.count);
      piece.partUnidentifiedStarts.push(piece.unidentifiedCount);
      const entries = s.satellites;
      for (let i = 0; i < entries.length; i++) {
        const sat = entries[i] as GsvSatellite;
        if (sat.svid === 0 || sat.nmeaId === 0) continue;
        const at = piece.count++;
        gathered.satellites[at] = clean(sat);
        gathered.signalIds[at] = s.signalId;
        gathered.orders[at] = rank(sat.constellation) * 1024 + sat.svid;
      }
      const without = s.unidentified;
      if (without !== undefined) for (let i = 0; i < without.length; i++) gathered.unidentified[piece.unidentifiedCount++] = without[i] as GsvUnidentified;
      piece.nextPart++;
      if (s.messageNumber < total) return change;
      return putPending() || change;
    },
    gsa(s) {
      endGsvBlock();
      // A GSA of the talker (and NMEA 4.10 system id) before it begins the next cycle's list; GN and Quectel's PQ
      // send one per system under one talker, and so do receivers that put GP on every GSA beside a system id
      // (`$GPGSA,…,1` … `$GPGSA,…,4`, a multi-GNSS RTK receiver's NMEA 4.11): those lists add up.
      const sameList = inGsaBlock && s.talker === lastGsaTalker && s.systemId === lastGsaSystemId && s.talker !== "GN" && s.talker !== "PQ";
      const ids = s.satellites;
      if (sameList && s.systemId === undefined && used.size + unattributedUsed > 0) {
        // Another list of the talker's in one block, with no system id to say whose: one GSA per constellation under
        // one talker (Septentrio's `$GPGSA` ×4, 3 + 1 + 4 + 4 = GGA's 12), or the same list sent twice. Its ids are
        // numbered as the talker's constellation would be, but need not be its satellites (Galileo 05 is not GPS 05,
        // and may be listed beside it): counted as used, flagged on no satellite; the list before sent again adds nothing.
        const repeat = sameIds(ids, lastGsaIds);
        lastGsaIds = ids;
        if (repeat) return false;
        let count = 0;
        for (let i = 0; i < ids.length; i++) if ((ids[i] as SatelliteId).svid > 0) count++;
        if (count === 0) return false;
        unattributedUsed += count;
        return changed();
      }
      lastGsaIds = ids;
      if (!inGsaBlock || sameList) {
        used = new Set<string>();
        usedKeys = [];
        usedReplaced = true;
        unattributedUsed = 0;
      }
      inGsaBlock = true;
      lastGsaTalker = s.talker;
      lastGsaSystemId = s.systemId;
      // the first GSA: the used count is GSA's from now on
      let change = !gsaSeen;
      gsaSeen = true;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] as SatelliteId;
        if (id.svid <= 0) continue;
        const key = cachedSatelliteKey(scratch, id.constellation, id.svid);
        if (used.has(key)) continue;
        // adding to the set the view was built from changes the view; a new set is compared with it in view()
        if (used === viewUsed) change = true;
        used.add(key);
        usedKeys.push(key);
      }
      return change ? changed() : false;
    },
    navSat(message) {
      navSat = message;
      gsvBlocksWithoutUbx = 0;
      changed();
    },
    navSig(message) {
      navSig = message;
      gsvBlocksWithoutUbx = 0;
      changed();
    },
    reportedUsedCount(count, cycleHasGsa = true) {
      // only a count this cycle gave outweighs an earlier cycle's GSA
      const staleGsa = !cycleHasGsa && count !== undefined;
      if (staleGsa !== gsaStale) {
        gsaStale = staleGsa;
        if (gsaSeen) changed();
      }
      if (count === undefined || count === reportedUsed) return;
      reportedUsed = count;
      if (!gsaSeen || gsaStale) changed();
    },
    clear() {
      groups.clear();
      groupList.length = 0;
      standing.length = 0;
      pending = undefined;
      inGsvBlock = false;
      inGsaBlock = false;
      used = new Set<string>();
      unattributedUsed = 0;
      lastGsaIds = [];
      usedKeys = [];
      viewUsed = undefined;
      usedReplaced = false;
      gsaSeen = false;
      reportedUsed = undefined;
      gsaStale = false;
      navSat = undefined;
      navSig = undefined;
      cached = undefined;
    },
    view() {
      if (usedReplaced) {
        usedReplaced = false;
        if (viewUsed === undefined || !sameMembers(used, usedKeys, viewUsed)) cached = undefined;
      }
      viewUsed = used;
      if (navSat !== undefined || navSig !== undefined) return (cached ??= ubxView(navSat, navSig, scratch));
      const gsaCount = used.size + unattributedUsed;
      // a GSA that listed none (its cycle had no fix) says nothing of a later cycle without GSA whose GGA/GNS counts
      // its fix's satellites (MediaTek 3301: GSA every few cycles, `A,1` before the fix, GGA `1,3` after)
      const usedCount = !gsaSeen ? (reportedUsed ?? 0) : gsaCount === 0 && gsaStale && reportedUsed !== undefined ? reportedUsed : gsaCount;
      if (cached !== undefined && cached.usedCount !== usedCount) cached = undefined;
      return (cached ??= buildView(groupList, used, usedCount, scratch));
    },
    gsaUsedCount() {
      return used.size + unattributedUsed;
    },
  };
  return api;
}

/** The same satellite ids in the same order (a GSA sent twice). */
function sameIds(a: readonly SatelliteId[], b: readonly SatelliteId[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as SatelliteId;
    const y = b[i] as SatelliteId;
    if (x.constellation !== y.constellation || x.svid !== y.svid) return false;
  }
  return true;
}

/** Sort keys and the entries being sorted, reused from one view to the next, and satellite keys made once per satellite. */
interface Scratch {
  keys: Int32Array;
  /**
   * satelliteKey by constellation rank, then svid. Each constellation's 1024 slots are made at its first satellite,
   * all at once: filled from empty, an array went to dictionary mode (a hash lookup per satellite per epoch) at its
   * first BeiDou or GLONASS key; made for all seven at the start, they were 115 KB of every short run's young
   * generation.
   */
  satelliteKeys: Array<Array<string | undefined> | undefined>;
  /**
   * By sort order, the satellite last made whole from an entry with its elevation and azimuth (one object literal,
   * one key order): a view rebuilt because some of its satellites changed shares the others (70 % of a rebuilt
   * view's satellites on the gpsd corpus) instead of making them again. Views never change a satellite. By rank,
   * then svid, as satelliteKeys.
   */
  made: Array<Array<Satellite | undefined> | undefined>;
  /** The groups' entries side by side, valid up to the view being built's count (references left beyond it are overwritten later) */
  sats: GsvSatellite[];
  signalIds: Array<number | undefined>;
  orders: number[];
  /** The view's satellites and a satellite's signals as they are made, copied out at their exact size */
  satellites: Satellite[];
  signals: Signal[];
}

/** Constellations rank() orders. */
const CONSTELLATION_COUNT = 7;

/** A satellite's key, from the cache when its svid fits the sort order. */
function cachedSatelliteKey(scratch: Scratch, constellation: Constellation, svid: number): string {
  if (svid < 0 || svid >= 1024 || !Number.isInteger(svid)) return satelliteKey({ constellation, svid });
  const bySvid = (scratch.satelliteKeys[rank(constellation)] ??= new Array<string | undefined>(1024));
  return (bySvid[svid] ??= satelliteKey({ constellation, svid }));
}

/** Up to this many entries, a view is sorted through one integer key (order × 4096 + position): a native sort, stable. */
const MAX_KEYED = 4096;

function buildView(groups: readonly Group[], used: Set<string>, usedCount: number, scratch: Scratch): SatelliteView {
  const { sats, signalIds, orders } = scratch;
  let i = 0;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as Group;
    if (group.garbage) continue;
    const pages = group.pages;
    for (let p = 0; p < pages.length; p++) {
      const page = pages[p];
      if (page === undefined) continue;
      for (let k = 0; k < page.satellites.length; k++) {
        sats[i] = page.satellites[k] as GsvSatellite;
        signalIds[i] = page.signalIds[k];
        orders[i] = page.orders[k] as number;
        i++;
      }
    }
  }
  const n = i;
  // stable: a satellite's signals stay in group order, and its first group's elevation/azimuth wins
  let sorted: ArrayLike<number>;
  if (n <= MAX_KEYED) {
    if (scratch.keys.length < n) scratch.keys = new Int32Array(Math.max(n, scratch.keys.length * 2));
    const keys = scratch.keys.subarray(0, n);
    for (let k = 0; k < n; k++) keys[k] = (orders[k] as number) * MAX_KEYED + k;
    keys.sort();
    for (let k = 0; k < n; k++) keys[k] = (keys[k] as number) & (MAX_KEYED - 1);
    sorted = keys;
  } else {
    sorted = Array.from({ length: n }, (_, k) => k).sort((a, b) => (orders[a] as number) - (orders[b] as number) || a - b);
  }

  let count = 0;
  let signalCount = 0;
  let trackedCount = 0;
  /** GSA-named used satellites the view lists (tracked or not) */
  let namedInView = 0;
  // one satellite per run of entries with the same order, made whole in one object literal with its final values
  // (one shape, nothing added or set later: each property added cost V8 a new properties store, a third of the
  // view's allocation)
  for (let k = 0; k < n; ) {
    const first = sorted[k] as number;
    const order = orders[first] as number;
    let end = k + 1;
    let cn0DbHz: number | undefined;
    for (let j = k; j < n; j++) {
      const at = sorted[j] as number;
      if (j > k && orders[at] !== order) break;
      end = j + 1;
      // tracked: a C/N0 above 0 (GSV's 00 is a channel without a signal)
      const c = (sats[at] as GsvSatellite).cn0DbHz;
      if (c !== undefined && c > 0) {
        signalCount++;
        if (cn0DbHz === undefined || c > cn0DbHz) cn0DbHz = c;
      }
    }
    const sat = sats[first] as GsvSatellite;
    const key = cachedSatelliteKey(scratch, sat.constellation, sat.svid);
    // used only with a signal, and only the signals that have one
    const tracked = cn0DbHz !== undefined;
    if (tracked) trackedCount++;
    const named = used.has(key);
    if (named) namedInView++;
    const usedInFix = tracked && named;
    // a literal's satellite (its first entry has its elevation and azimuth), by its sort order when that is its own
    const literal = sat.elevationDeg !== undefined && sat.azimuthDeg !== undefined && sat.svid >= 0 && sat.svid < 1024 && Number.isInteger(sat.svid);
    // order = rank × 1024 + svid, svid within 0..1023 for a literal's satellite
    const madeOfRank = literal ? (scratch.made[order >> 10] ??= new Array<Satellite | undefined>(1024)) : undefined;
    const before = madeOfRank?.[order & 1023];
    if (before !== undefined && sameSatellite(before, sats, sorted, k, end, signalIds, usedInFix, cn0DbHz)) {
      scratch.satellites[count++] = before;
      k = end;
      continue;
    }
    // arrays of their exact size: grown by push from empty, each held room for 17
    let signals: Signal[];
    if (end - k === 1) signals = [signalOf(sat, signalIds[first], usedInFix)];
    else {
      for (let j = k; j < end; j++) scratch.signals[j - k] = signalOf(sats[sorted[j] as number] as GsvSatellite, signalIds[sorted[j] as number], usedInFix);
      signals = scratch.signals.slice(0, end - k);
    }
    const satellite = satelliteOf(sats, sorted, k, end, key, usedInFix, signals, cn0DbHz);
    if (madeOfRank !== undefined) madeOfRank[order & 1023] = satellite;
    scratch.satellites[count++] = satellite;
    k = end;
  }
  const satellites = scratch.satellites.slice(0, count);
  const unidentified = unidentifiedOf(groups);
  let incomplete = false;
  for (let g = 0; g < groups.length && !incomplete; g++) incomplete = (groups[g] as Group).incomplete;
  let view: SatelliteView;
  if (unidentified === undefined) {
    view = {
      satellites,
      inViewCount: satellites.length,
      trackedCount,
      usedCount,
      signalCount,
    };
  } else {
    let inViewCount = satellites.length;
    for (const u of unidentified) {
      inViewCount += u.inViewCount;
      trackedCount += u.trackedCount;
      signalCount += u.signalCount;
    }
    view = { satellites, inViewCount, trackedCount, usedCount, signalCount, unidentified };
  }
  if (incomplete) view.incomplete = true;
  if (used.size > namedInView) view.usedUnlistedCount = used.size - namedInView;
  return view;
}

/**
 * The groups' entries without a number, counted by constellation (rank order, then the one no talker named): in
 * view and tracked as many as the constellation's largest group lists, every signal with a C/N0. Undefined without any.
 */
function unidentifiedOf(groups: readonly Group[]): UnidentifiedSatellites[] | undefined {
  let out: UnidentifiedSatellites[] | undefined;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as Group;
    if (group.garbage) continue;
    // this group's count per constellation (all its pages), merged into out by taking the larger
    let mine: UnidentifiedSatellites[] | undefined;
    for (const page of group.pages) {
      if (page === undefined || page.unidentified.length === 0) continue;
      mine ??= [];
      for (const entry of page.unidentified) {
        let u = mine.find((m) => m.constellation === entry.constellation);
        if (u === undefined) {
          u =
            entry.constellation === undefined
              ? { inViewCount: 0, trackedCount: 0, signalCount: 0 }
              : { constellation: entry.constellation, inViewCount: 0, trackedCount: 0, signalCount: 0 };
          mine.push(u);
        }
        u.inViewCount++;
        const c = entry.cn0DbHz;
        if (c === undefined || c <= 0) continue;
        u.signalCount++;
        u.trackedCount++;
        if (u.cn0DbHz === undefined || c > u.cn0DbHz) u.cn0DbHz = c;
      }
    }
    if (mine === undefined) continue;
    out ??= [];
    for (const m of mine) {
      const u = out.find((o) => o.constellation === m.constellation);
      if (u === undefined) {
        out.push(m);
        continue;
      }
      u.inViewCount = Math.max(u.inViewCount, m.inViewCount);
      u.trackedCount = Math.max(u.trackedCount, m.trackedCount);
      u.signalCount += m.signalCount;
      if (m.cn0DbHz !== undefined && (u.cn0DbHz === undefined || m.cn0DbHz > u.cn0DbHz)) u.cn0DbHz = m.cn0DbHz;
    }
  }
  const order = (u: UnidentifiedSatellites): number => (u.constellation === undefined ? CONSTELLATION_COUNT : rank(u.constellation));
  return out?.sort((a, b) => order(a) - order(b));
}

/**
 * `before` (made by satelliteOf from a first entry with its elevation and azimuth) is what satelliteOf and signalOf
 * would make of the entries sats[sorted[k..end)], whose first has its elevation and azimuth: the same values, and
 * so the same properties in the same order.
 */
function sameSatellite(
  before: Satellite,
  sats: GsvSatellite[],
  sorted: ArrayLike<number>,
  k: number,
  end: number,
  signalIds: Array<number | undefined>,
  usedInFix: boolean,
  cn0DbHz: number | undefined,
): boolean {
  const first = sats[sorted[k] as number] as GsvSatellite;
  if (before.usedInFix !== usedInFix || before.cn0DbHz !== cn0DbHz || before.nmeaId !== first.nmeaId) return false;
  if (before.elevationDeg !== first.elevationDeg || before.azimuthDeg !== first.azimuthDeg) return false;
  const signals = before.signals;
  if (signals.length !== end - k) return false;
  for (let j = k; j < end; j++) {
    const signal = signals[j - k] as Signal;
    const at = sorted[j] as number;
    const c = (sats[at] as GsvSatellite).cn0DbHz;
    if (signal.signalId !== signalIds[at] || signal.cn0DbHz !== c || signal.usedInFix !== (c !== undefined && usedInFix && c > 0)) return false;
  }
  return true;
}

/** A GSV entry's signal (used when its satellite is and it has a C/N0), its properties in the order they always had. */
function signalOf(sat: GsvSatellite, signalId: number | undefined, satelliteUsed: boolean): Signal {
  const cn0DbHz = sat.cn0DbHz;
  if (cn0DbHz === undefined) return signalId !== undefined ? { usedInFix: false, signalId } : { usedInFix: false };
  const usedInFix = satelliteUsed && cn0DbHz > 0;
  return signalId !== undefined ? { usedInFix, signalId, cn0DbHz } : { usedInFix, cn0DbHz };
}

/**
 * The satellite of the entries sats[sorted[k..end)]: the first elevation and azimuth among them, the strongest
 * C/N0. Its properties come in the order they always had: where the first entry has no elevation or azimuth,
 * they are added as they are met.
 */
function satelliteOf(
  sats: GsvSatellite[],
  sorted: ArrayLike<number>,
  k: number,
  end: number,
  key: string,
  usedInFix: boolean,
  signals: Signal[],
  cn0DbHz: number | undefined,
): Satellite {
  const { constellation, svid, nmeaId, elevationDeg, azimuthDeg } = sats[sorted[k] as number] as GsvSatellite;
  if (elevationDeg !== undefined && azimuthDeg !== undefined) {
    return cn0DbHz !== undefined
      ? { key, constellation, svid, nmeaId, usedInFix, signals, elevationDeg, azimuthDeg, cn0DbHz }
      : { key, constellation, svid, nmeaId, usedInFix, signals, elevationDeg, azimuthDeg };
  }
  const entry: Satellite = { key, constellation, svid, nmeaId, usedInFix, signals };
  for (let j = k; j < end; j++) {
    const other = sats[sorted[j] as number] as GsvSatellite;
    if (entry.elevationDeg === undefined && other.elevationDeg !== undefined) entry.elevationDeg = other.elevationDeg;
    if (entry.azimuthDeg === undefined && other.azimuthDeg !== undefined) entry.azimuthDeg = other.azimuthDeg;
    const c = other.cn0DbHz;
    if (c !== undefined && c > 0 && (entry.cn0DbHz === undefined || c > entry.cn0DbHz)) entry.cn0DbHz = c;
  }
  return entry;
}

/**
 * The same satellites with the same numbers and signal ids, in the same order, and the same entries without a number:
 * `a`'s and `b`'s from `from` to `to` (without a number, from `uFrom` to `uTo`).
 */
function samePage(a: Entries, b: Entries, from: number, to: number, uFrom: number, uTo: number): boolean {
  if (to - from !== a.satellites.length || uTo - uFrom !== a.unidentified.length) return false;
  for (let k = 0; k < uTo - uFrom; k++) {
    const x = a.unidentified[k] as GsvUnidentified;
    const y = b.unidentified[uFrom + k] as GsvUnidentified;
    if (x.constellation !== y.constellation || x.elevationDeg !== y.elevationDeg || x.azimuthDeg !== y.azimuthDeg || x.cn0DbHz !== y.cn0DbHz) return false;
  }
  for (let k = 0; k < to - from; k++) {
    const x = a.satellites[k] as GsvSatellite;
    const y = b.satellites[from + k] as GsvSatellite;
    if (a.signalIds[k] !== b.signalIds[from + k] || x.constellation !== y.constellation || x.svid !== y.svid || x.nmeaId !== y.nmeaId) return false;
    if (x.elevationDeg !== y.elevationDeg || x.azimuthDeg !== y.azimuthDeg || x.cn0DbHz !== y.cn0DbHz) return false;
  }
  return true;
}

/** `page` lists the satellite of sort order `order` with signal id `signalId`. */
function listed(page: Entries, order: number, signalId: number | undefined): boolean {
  for (let k = 0; k < page.orders.length; k++) if (page.orders[k] === order && page.signalIds[k] === signalId) return true;
  return false;
}

/** Whether a page of the group's count is missing, and whether every azimuth its pages give is 0 (SiRFstar II garbage). */
function refresh(group: Group): void {
  const pages = group.pages;
  let present = 0;
  let n = 0;
  let garbage = true;
  for (let at = 0; at < pages.length; at++) {
    const page = pages[at];
    if (page === undefined) continue;
    present++;
    n += page.satellites.length;
    for (let k = 0; k < page.satellites.length && garbage; k++) garbage = (page.satellites[k] as GsvSatellite).azimuthDeg === 0;
  }
  group.incomplete = present < group.total;
  group.garbage = garbage && n > 0;
}

/** Set `a` (its members listed in `aKeys`) has the members of `b`. */
function sameMembers(a: Set<string>, aKeys: readonly string[], b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (let i = 0; i < aKeys.length; i++) if (!b.has(aKeys[i] as string)) return false;
  return true;
}

/** The GSV entry as the view needs it: the parser's own object when it is already clean, else a fixed copy. */
function clean(sat: GsvSatellite): GsvSatellite {
  const el = sat.elevationDeg;
  const az = sat.azimuthDeg;
  const elOk = el === undefined || Math.abs(el) <= 90;
  const azOk = az === undefined || (az >= 0 && az < 360);
  if (elOk && azOk) return sat;
  const fixed: GsvSatellite = { constellation: sat.constellation, svid: sat.svid, nmeaId: sat.nmeaId };
  if (el !== undefined && elOk) fixed.elevationDeg = el;
  const az0 = az === 360 ? 0 : az;
  if (az0 !== undefined && az0 >= 0 && az0 < 360) fixed.azimuthDeg = az0;
  if (sat.cn0DbHz !== undefined) fixed.cn0DbHz = sat.cn0DbHz;
  return fixed;
}

const ORBIT_SOURCES: readonly OrbitSource[] = ["none", "ephemeris", "almanac", "assistnow-offline", "assistnow-autonomous", "other", "other", "other"];
const QUALITIES: readonly SignalQuality[] = ["none", "searching", "acquired", "unusable", "code-locked", "carrier-locked", "carrier-locked", "carrier-locked"];

/**
 * The view UBX gives: NAV-SAT's satellites (position, used, health, orbit source) with NAV-SIG's signals. A
 * satellite NAV-SIG lists no signal for has none (the view says `signalsListed`); without NAV-SIG each satellite
 * has one signal of unknown id with NAV-SAT's C/N0, as a GSV entry before NMEA 4.10. As in the NMEA view, a
 * satellite or signal is used only with a C/N0.
 */
function ubxView(sat: UbxNavSat | undefined, sig: UbxNavSig | undefined, scratch: Scratch): SatelliteView {
  const byKey = new Map<string, Satellite>();
  const entry = (id: SatelliteId): Satellite => {
    const key = cachedSatelliteKey(scratch, id.constellation, id.svid);
    let satellite = byKey.get(key);
    if (satellite === undefined) {
      satellite = { key, constellation: id.constellation, svid: id.svid, nmeaId: id.nmeaId, usedInFix: false, signals: [] };
      byKey.set(key, satellite);
    }
    return satellite;
  };
  for (const s of sat?.satellites ?? []) {
    if (s.identity === undefined) continue;
    const satellite = entry(s.identity);
    if (s.elevDeg !== undefined) satellite.elevationDeg = s.elevDeg;
    if (s.azimDeg !== undefined) satellite.azimuthDeg = s.azimDeg;
    if (s.cn0DbHz > 0) satellite.cn0DbHz = s.cn0DbHz;
    satellite.usedInFix = s.svUsed && s.cn0DbHz > 0;
    if (s.health === 1) satellite.health = "healthy";
    else if (s.health === 2) satellite.health = "unhealthy";
    satellite.orbitSource = ORBIT_SOURCES[s.orbitSource] as OrbitSource;
    if (sig === undefined) {
      const signal: Signal = { usedInFix: satellite.usedInFix };
      if (satellite.cn0DbHz !== undefined) signal.cn0DbHz = satellite.cn0DbHz;
      satellite.signals.push(signal);
    }
  }
  for (const s of sig?.signals ?? []) {
    if (s.identity === undefined) continue;
    const satellite = entry(s.identity);
    const signal: Signal = { usedInFix: s.prUsed && s.cn0DbHz > 0, quality: QUALITIES[s.qualityInd & 7] as SignalQuality };
    if (s.nmeaSignalId !== undefined) signal.signalId = s.nmeaSignalId;
    if (s.cn0DbHz > 0) {
      signal.cn0DbHz = s.cn0DbHz;
      if (sat === undefined && (satellite.cn0DbHz === undefined || s.cn0DbHz > satellite.cn0DbHz)) satellite.cn0DbHz = s.cn0DbHz;
    }
    if (sat === undefined && signal.usedInFix) satellite.usedInFix = true;
    if (sat === undefined && satellite.health === undefined && (s.health === 1 || s.health === 2)) satellite.health = s.health === 1 ? "healthy" : "unhealthy";
    satellite.signals.push(signal);
  }
  const satellites = [...byKey.values()].sort((a, b) => rank(a.constellation) * 1024 + a.svid - (rank(b.constellation) * 1024 + b.svid));
  let trackedCount = 0;
  let usedCount = 0;
  let signalCount = 0;
  for (const satellite of satellites) {
    if (satellite.cn0DbHz !== undefined) trackedCount++;
    if (satellite.usedInFix) usedCount++;
    for (const signal of satellite.signals) if (signal.cn0DbHz !== undefined) signalCount++;
  }
  const view: SatelliteView = { satellites, inViewCount: satellites.length, trackedCount, usedCount, signalCount };
  if (sig !== undefined) view.signalsListed = true;
  const glonass = ubxUnidentified(sat, sig);
  if (glonass !== undefined) {
    view.inViewCount += glonass.inViewCount;
    view.trackedCount += glonass.trackedCount;
    view.signalCount += glonass.signalCount;
    view.unidentified = [glonass];
  }
  return view;
}

/**
 * The GLONASS satellites NAV-SAT (or, without it, NAV-SIG) lists with slot 255, not yet known, counted as the GSV
 * entries without a number are: NAV-SAT lists each satellite once; NAV-SIG lists each once per signal, so it counts as
 * many as its largest signal lists.
 */
function ubxUnidentified(sat: UbxNavSat | undefined, sig: UbxNavSig | undefined): UnidentifiedSatellites | undefined {
  let inViewCount = 0;
  let trackedCount = 0;
  let signalCount = 0;
  let strongest = 0;
  if (sat !== undefined) {
    for (const s of sat.satellites) {
      if (s.identity !== undefined || unidentifiedConstellation(s.gnssId, s.svId) === undefined) continue;
      inViewCount++;
      if (s.cn0DbHz > 0) trackedCount++;
      strongest = Math.max(strongest, s.cn0DbHz);
    }
    if (sig === undefined) signalCount = trackedCount;
  }
  if (sig !== undefined) {
    const bySignal = new Map<number, { listed: number; tracked: number }>();
    for (const s of sig.signals) {
      if (s.identity !== undefined || unidentifiedConstellation(s.gnssId, s.svId) === undefined) continue;
      const counts = bySignal.get(s.sigId) ?? { listed: 0, tracked: 0 };
      counts.listed++;
      if (s.cn0DbHz > 0) {
        counts.tracked++;
        signalCount++;
      }
      bySignal.set(s.sigId, counts);
      if (sat === undefined) strongest = Math.max(strongest, s.cn0DbHz);
    }
    if (sat === undefined) {
      for (const counts of bySignal.values()) {
        inViewCount = Math.max(inViewCount, counts.listed);
        trackedCount = Math.max(trackedCount, counts.tracked);
      }
    }
  }
  if (inViewCount === 0) return undefined;
  const out: UnidentifiedSatellites = { constellation: "glonass", inViewCount, trackedCount, signalCount };
  if (strongest > 0) out.cn0DbHz = strongest;
  return out;
}
