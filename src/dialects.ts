// The receiver command dialects gnsskit speaks (domain.md §3): the one table the `Dialect` type, the
// simulator's chips, the CLI's choices and the identification clues (methods/drivers/identify.ts) derive from.
// A dialect is a command protocol, not a maker: Quectel sells PMTK modules (L76/L80/L86, MediaTek inside),
// PAIR modules (LC76G/LC29H, Airoha inside) and Qualcomm modems, so "Quectel" in a banner names no dialect.

export interface DialectRow {
  /** The name in the CLI (`--dialect`, `sim:?chip=`) and in JSON. */
  readonly name: string;
  readonly label: string;
  /** Chip families that speak it. */
  readonly chips: string;
  /** Proprietary sentence addresses only its chips send, as prefixes (`PMTK` covers `$PMTK705`, `$PMTKCHN`). */
  readonly sentencePrefixes: readonly string[];
  /** `$GxTXT` banner text that names the family. */
  readonly banner?: RegExp;
  /** Binary protocols its chips speak, as the framer names them. */
  readonly binaryProtocols: readonly string[];
  /**
   * What its chips send when they (re)start, and only then: matched against a sentence's address and fields
   * (`PMTK010,001`, no `$` or checksum) or a text message's text (TXT, UBX INF-NOTICE). A power cycle, a reset
   * pin, a watchdog or a commanded restart alike: the receiver says it started, so it searches again.
   */
  readonly startup?: RegExp;
}

const DIALECTS = [
  {
    name: "mtk",
    label: "MediaTek PMTK",
    chips: "MediaTek MT3318/3329/3339/3333 (GlobalTop PA6x; Quectel L70/L76/L80/L86)",
    sentencePrefixes: ["PMTK"],
    binaryProtocols: [],
    // PMTK010 is the system message: 001 startup (after $PMTK011,MTKGPS), 002 "EPO/AGPS can be injected now",
    // 003 normal mode; only 001 says it started
    startup: /^PMTK010,001$/,
  },
  {
    name: "sirf",
    label: "SiRF PSRF",
    chips: "SiRFstar II/III/IV in NMEA mode",
    sentencePrefixes: ["PSRF"],
    binaryProtocols: ["SiRF"],
    // none: a SiRF chip in NMEA mode says nothing when it starts
  },
  {
    name: "ublox",
    label: "u-blox UBX",
    chips: "u-blox 5 to M10",
    sentencePrefixes: ["PUBX"],
    banner: /u-blox|\bUBX-|PROTVER=|FWVER=|ROM CORE/i,
    binaryProtocols: ["UBX"],
    // the first line of its boot notices (TXT, or INF-NOTICE in UBX output); not ANTSTATUS=, which it also
    // sends whenever the antenna's state changes
    startup: /^u-blox ag - www\.u-blox\.com$/i,
  },
  {
    name: "quectel",
    label: "Quectel PAIR",
    chips: "Airoha AG3335/AG3352 (Quectel LC76G, LC86G, LC29H)",
    sentencePrefixes: ["PAIR", "PQTM"],
    binaryProtocols: [],
    // none: PAIR chips print no banner (a commanded restart's own PAIR001 only says the command was taken)
  },
] as const satisfies readonly DialectRow[];

export type Dialect = (typeof DIALECTS)[number]["name"];

/** The table's rows, each with its name typed as a Dialect. */
export const DIALECT_ROWS: readonly (DialectRow & { readonly name: Dialect })[] = DIALECTS;

/** The dialect names in table order: the CLI's choices. */
export const DIALECT_NAMES: readonly Dialect[] = DIALECT_ROWS.map((row) => row.name);

/**
 * The dialect whose chips say they (re)started with this (its `startup`), or undefined: `said` is a sentence's
 * address and fields (`PMTK010,001`) or a text message's text (`u-blox ag - www.u-blox.com`).
 */
export function announcedStartup(said: string): Dialect | undefined {
  return DIALECT_ROWS.find((row) => row.startup?.test(said) === true)?.name;
}
