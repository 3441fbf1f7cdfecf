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
}

const DIALECTS = [
  {
    name: "mtk",
    label: "MediaTek PMTK",
    chips: "MediaTek MT3318/3329/3339/3333 (GlobalTop PA6x; Quectel L70/L76/L80/L86)",
    sentencePrefixes: ["PMTK"],
    binaryProtocols: [],
  },
  {
    name: "sirf",
    label: "SiRF PSRF",
    chips: "SiRFstar II/III/IV in NMEA mode",
    sentencePrefixes: ["PSRF"],
    binaryProtocols: ["SiRF"],
  },
  {
    name: "ublox",
    label: "u-blox UBX",
    chips: "u-blox 5 to M10",
    sentencePrefixes: ["PUBX"],
    banner: /u-blox|\bUBX-|PROTVER=|FWVER=|ROM CORE/i,
    binaryProtocols: ["UBX"],
  },
  {
    name: "quectel",
    label: "Quectel PAIR",
    chips: "Airoha AG3335/AG3352 (Quectel LC76G, LC86G, LC29H)",
    sentencePrefixes: ["PAIR", "PQTM"],
    binaryProtocols: [],
  },
] as const satisfies readonly DialectRow[];

export type Dialect = (typeof DIALECTS)[number]["name"];

/** The table's rows, each with its name typed as a Dialect. */
export const DIALECT_ROWS: readonly (DialectRow & { readonly name: Dialect })[] = DIALECTS;

/** The dialect names in table order: the CLI's choices. */
export const DIALECT_NAMES: readonly Dialect[] = DIALECT_ROWS.map((row) => row.name);
