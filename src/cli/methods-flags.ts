// The --methods options themselves, apart from what runs them (src/cli/methods-option.ts), so that a
// command pays for loading the positioner only when --methods is given.

import type { Command } from "commander";

export interface MethodsOptions {
  methods?: string;
  provider?: string;
  key?: string;
  wifi?: string;
  cell?: string[];
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function addMethodsOptions(command: Command): Command {
  return command
    .option("--methods <LIST>", "positioning methods in priority order: integrated, assisted, bluetooth, network (e.g. integrated,network)")
    .option("--provider <URL|FILE.csv>", "network method: an Ichnaea-compatible geolocate URL (default BeaconDB) or an OpenCelliD-format CSV")
    .option("--key <KEY>", "network method: API key (or GNSSKIT_GEOLOCATION_KEY)")
    .option(
      "--wifi <FILE>",
      "network method: Wi-Fi access points (nmcli -t -f BSSID,SIGNAL,FREQ,SSID dev wifi list output, or a JSON array); with --cell, replaces the host's scan (nmcli, mmcli)",
    )
    .option(
      "--cell <SPEC>",
      "network method: a cell, RADIO:MCC:MNC:LAC:CID (e.g. lte:208:20:36102:86302977); repeatable; with --wifi, replaces the host's scan",
      collect,
    );
}
