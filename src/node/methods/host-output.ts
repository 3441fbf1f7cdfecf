// Parsers for what Linux tools print about radio surroundings (transports.md §7), tested on captured text:
//  nmcli -t -f BSSID,SIGNAL,FREQ,SSID dev wifi list   terse: `:` between fields, `\:` and `\\` inside values;
//                                                     SIGNAL is a 0–100 quality, not dBm
//  mmcli -m any --location-get --output-keyvalue      `key : value`, `--` = absent; LAC/TAC/CID in hex

import type { CellObservation, CellRadio, WifiObservation } from "../../methods/network/types.js";

/** Splits a terse nmcli line on unescaped colons and unescapes `\:` and `\\`. */
export function splitNmcliTerse(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "\\" && i + 1 < line.length) {
      field += line[++i];
    } else if (c === ":") {
      fields.push(field);
      field = "";
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}

/**
 * nmcli's 0–100 signal quality → dBm, inverting NetworkManager's nl80211 mapping (nl80211_xbm_to_percent:
 * dBm clamped to −90…−20, quality = 100 − 70 × (−20 − dBm) / 70 = dBm + 120). Quality 30 and below all
 * mean "−90 dBm or weaker" (wext drivers map differently; this is the common nl80211 case).
 */
export function qualityToDbm(quality: number): number {
  return Math.round(Math.min(100, Math.max(30, quality)) - 120);
}

export interface ParsedHostOutput<T> {
  items: T[];
  problems: string[];
}

/** `nmcli -t -f <fields> dev wifi list` → access points. Fields default to BSSID,SIGNAL,FREQ,SSID. */
export function parseNmcliWifi(text: string, fields: readonly string[] = ["BSSID", "SIGNAL", "FREQ", "SSID"]): ParsedHostOutput<WifiObservation> {
  const items: WifiObservation[] = [];
  const problems: string[] = [];
  const index = (name: string): number => fields.findIndex((f) => f.toUpperCase() === name);
  const [iBssid, iSignal, iFreq, iSsid, iChan] = ["BSSID", "SIGNAL", "FREQ", "SSID", "CHAN"].map(index) as [number, number, number, number, number];
  if (iBssid < 0) return { items, problems: ["nmcli: the field list has no BSSID"] };
  text.split(/\r?\n/).forEach((line, n) => {
    if (line.trim() === "") return;
    const values = splitNmcliTerse(line);
    if (values.length < fields.length) {
      problems.push(`nmcli line ${n + 1}: ${values.length} fields, expected ${fields.length} (was it run with -t?)`);
      return;
    }
    const bssid = values[iBssid]!.trim();
    if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(bssid)) {
      problems.push(`nmcli line ${n + 1}: "${bssid}" is not a BSSID`);
      return;
    }
    const ap: WifiObservation = { macAddress: bssid.toLowerCase() };
    const quality = iSignal < 0 ? NaN : Number(values[iSignal]);
    if (Number.isFinite(quality)) ap.signalStrengthDbm = qualityToDbm(quality);
    const freq = iFreq < 0 ? NaN : Number.parseInt(values[iFreq] ?? "", 10);
    if (Number.isFinite(freq)) ap.frequencyMhz = freq;
    const chan = iChan < 0 ? NaN : Number(values[iChan]);
    if (Number.isFinite(chan)) ap.channel = chan;
    if (iSsid >= 0) {
      const ssid = values[iSsid] ?? "";
      ap.ssid = ssid === "--" ? "" : ssid;
    }
    items.push(ap);
  });
  return { items, problems };
}

/** `key : value` lines → a map; `--` values are left out. */
export function parseKeyValue(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([\w.\-[\]]+)\s*:\s?(.*)$/.exec(line);
    if (!m) continue;
    const value = m[2]!.trim();
    if (value === "--" || value === "") continue;
    map.set(m[1]!, value);
  }
  return map;
}

const ACCESS_TECH_RADIO: Record<string, CellRadio> = {
  gsm: "gsm",
  "gsm-compact": "gsm",
  gprs: "gsm",
  edge: "gsm",
  umts: "wcdma",
  hsdpa: "wcdma",
  hsupa: "wcdma",
  hspa: "wcdma",
  "hspa-plus": "wcdma",
  lte: "lte",
  "lte-cat-m": "lte",
  "lte-nb-iot": "lte",
  "5gnr": "nr",
  "1xrtt": "cdma",
  evdo0: "cdma",
  evdoa: "cdma",
  evdob: "cdma",
};

/**
 * `mmcli --location-get --output-keyvalue` → the serving cell. The radio comes from the modem's access
 * technology (`mmcli -m any --output-keyvalue`, optional); without it: a TAC means LTE, a CID above 16 bits
 * UMTS, else GSM.
 */
export function parseMmcliLocation(text: string, modemText?: string): ParsedHostOutput<CellObservation> {
  const kv = parseKeyValue(text);
  const problems: string[] = [];
  const get = (k: string): string | undefined => kv.get(`modem.location.3gpp.${k}`);
  const mccText = get("mcc");
  const mncText = get("mnc");
  const cidText = get("cid");
  const tacText = get("tac");
  const lacText = get("lac");
  if (mccText === undefined || mncText === undefined || cidText === undefined) {
    return { items: [], problems: ["mmcli: no 3GPP location (enable it with: mmcli -m any --location-enable-3gpp, usually as root)"] };
  }
  const hex = (t: string | undefined): number | undefined => (t !== undefined && /^[0-9a-f]+$/i.test(t) ? Number.parseInt(t, 16) : undefined);
  const mcc = /^\d+$/.test(mccText) ? Number(mccText) : undefined;
  const mnc = /^\d+$/.test(mncText) ? Number(mncText) : undefined;
  const cellId = hex(cidText);
  const tac = hex(tacText);
  const lacValue = hex(lacText);
  if (mcc === undefined || mnc === undefined || cellId === undefined) {
    problems.push(`mmcli: unreadable 3GPP location (mcc ${mccText}, mnc ${mncText}, cid ${cidText})`);
    return { items: [], problems };
  }
  let radio: CellRadio | undefined;
  if (modemText !== undefined) {
    const modem = parseKeyValue(modemText);
    const techs = [...modem.entries()].filter(([k]) => k.startsWith("modem.generic.access-technologies")).map(([, v]) => v.toLowerCase());
    radio = techs.map((t) => ACCESS_TECH_RADIO[t]).find((r) => r !== undefined);
  }
  radio ??= tac !== undefined && tac > 0 ? "lte" : cellId > 0xffff ? "wcdma" : "gsm";
  const area = radio === "lte" || radio === "nr" ? (tac ?? lacValue) : lacValue !== undefined && lacValue > 0 ? lacValue : tac;
  if (area === undefined) {
    problems.push("mmcli: no LAC/TAC in the 3GPP location");
    return { items: [], problems };
  }
  return { items: [{ radio, mcc, mnc, lac: area, cellId }], problems };
}
