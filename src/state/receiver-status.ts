// What a receiver says about itself beside its fixes (u-blox UBX): its own TTFF and time since start
// (NAV-STATUS), its antenna and RF front end (MON-HW, or MON-RF from generation 9: the worst band counts for
// jamming; in NMEA the antenna supervisor's TXT, `ANTSTATUS=OPEN`, `ANTENNA OK`), its versions (MON-VER) and the
// navigation-message subframes it passes on (RXM-SFRBX, counted). It lasts across epochs; the tracker keeps it in
// its state and says when it changed.
import { txtAntennaStatus } from "../parsing/sentences/txt.js";
import type { AntennaStatus, JammingState, ReceiverMessage, ReceiverStatus } from "../types.js";

const JAMMING_ORDER: readonly JammingState[] = ["unknown", "ok", "warning", "critical"];
const worse = (a: JammingState, b: JammingState): JammingState => (JAMMING_ORDER.indexOf(a) >= JAMMING_ORDER.indexOf(b) ? a : b);
const ANTENNA_ORDER: readonly AntennaStatus[] = ["unknown", "init", "ok", "open", "short"];
const worseAntenna = (a: AntennaStatus, b: AntennaStatus): AntennaStatus => (ANTENNA_ORDER.indexOf(a) >= ANTENNA_ORDER.indexOf(b) ? a : b);

/**
 * Applies a UBX message or a sentence to the receiver's status. Returns true when something a reader would show
 * changed (not the running clock msss or the subframe count alone).
 */
export function observeReceiver(status: ReceiverStatus, m: ReceiverMessage): boolean {
  const id = m.sentenceId;
  // every message of every epoch comes here: those that say nothing of the receiver leave at once
  if (id === "UBX-RXM-SFRBX") {
    status.subframes = (status.subframes ?? 0) + 1;
    return false;
  }
  if (id === "TXT") {
    // the same supervisor MON-HW reports (u-blox 6/7 send both), as text: its state until it says another
    const antenna = txtAntennaStatus(m);
    if (antenna === undefined || antenna === status.antenna) return false;
    status.antenna = antenna;
    return true;
  }
  if (id !== "UBX-NAV-STATUS" && id !== "UBX-MON-HW" && id !== "UBX-MON-RF" && id !== "UBX-MON-VER") return false;
  const before = shown(status);
  switch (m.sentenceId) {
    case "UBX-NAV-STATUS":
      // msss going back: the receiver restarted; its running time is counted from the new start
      if (status.msssMs === undefined || m.msssMs < status.msssMs) status.msssWhenFirstHeardMs = m.msssMs;
      status.msssMs = m.msssMs;
      // 0 until the receiver's first fix (again after a restart)
      if (m.ttffMs > 0) status.ttffMs = m.ttffMs;
      else delete status.ttffMs;
      break;
    case "UBX-MON-HW":
      status.antenna = m.aStatus;
      status.antennaPower = m.aPower;
      status.jamming = m.jammingState;
      status.jammingIndicator = m.jamInd;
      break;
    case "UBX-MON-RF": {
      const first = m.blocks[0];
      if (first === undefined) return false;
      let antenna = first.antStatus;
      let jamming = first.jammingState;
      let indicator = first.jamInd;
      for (const block of m.blocks) {
        antenna = worseAntenna(antenna, block.antStatus);
        jamming = worse(jamming, block.jammingState);
        indicator = Math.max(indicator, block.jamInd);
      }
      status.antenna = antenna;
      status.antennaPower = first.antPower;
      status.jamming = jamming;
      status.jammingIndicator = indicator;
      break;
    }
    case "UBX-MON-VER":
      status.softwareVersion = m.swVersion;
      status.hardwareVersion = m.hwVersion;
      status.extensions = m.extensions;
      break;
    default:
      return false;
  }
  return shown(status) !== before;
}

/** What a reader shows of the status, as one string to compare (not msss, which runs, nor the subframe count). */
const shown = (status: ReceiverStatus): string =>
  `${status.msssWhenFirstHeardMs}|${status.ttffMs}|${status.antenna}|${status.antennaPower}|${status.jamming}|${status.jammingIndicator}|${status.softwareVersion}|${status.hardwareVersion}|${status.extensions?.join(",")}`;
