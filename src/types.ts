// Shared domain types: the contracts between the layers (see ARCHITECTURE.md).
// Units are in the names (…Deg, …M, …Ms, …DbHz). A value that is unknown is `undefined`, never 0.

/** A GNSS constellation, lower-case. gpsd's gnssid numbering is in output/gpsd.ts. */
export type Constellation = "gps" | "sbas" | "galileo" | "beidou" | "qzss" | "glonass" | "navic";

/** What a talker id says about the system: one constellation, several (GN), or nothing (proprietary, odd). */
export type TalkerSystem = Constellation | "multi" | "unknown";

// ───────────────────────────── framing ─────────────────────────────

export type ChecksumVerdict = "ok" | "bad" | "missing";

/** One sentence's text as received, from `$`/`!` to the checksum (no CR/LF). */
export interface Frame {
  /** e.g. `$GPGGA,123519,4807.038,N,...*47` */
  text: string;
  checksum: ChecksumVerdict;
  /** Receive time on the injected clock (ms): the chunk's time live, the recorded prefix in a stamped log. */
  receivedAtMs: number;
}

export type DiagnosticKind =
  | "checksum" // checksum present but wrong
  | "no-checksum" // sentence without *hh
  | "garbage" // bytes that are not part of any sentence
  | "logger-text" // a logger's text on its sentences' lines, repeated line after line (a receive time before, `,<ms>` after): not NMEA
  | "binary" // a recognised binary packet (UBX, SiRF, ...) skipped
  | "too-long" // line over the length cap
  | "unknown-sentence" // well-formed, but no decoder for its id
  | "too-few-fields"
  | "field"; // a field present but not decodable

/** A problem found in the input. Never thrown: emitted and counted. */
export interface Diagnostic {
  kind: DiagnosticKind;
  /** Human-readable, go-nmea style: `nmea: GPGSV invalid SNR: "A00"` */
  message: string;
  /** The offending text, cut to a readable length. */
  raw?: string;
  /** e.g. `GGA`, `PMTK` */
  sentenceId?: string;
  field?: string;
  value?: string;
  /** For garbage/binary: how many bytes were skipped. */
  byteCount?: number;
  receivedAtMs?: number;
}

// ───────────────────────────── parsing ─────────────────────────────

interface SentenceBase {
  /** Talker id as sent: `GP`, `GN`, `GL`, ...; `P` for proprietary sentences. */
  talker: string;
  system: TalkerSystem;
  /** The frame's full text (kept for raw NMEA watchers and diagnostics). */
  raw: string;
  checksum: ChecksumVerdict;
  receivedAtMs: number;
}

/** GGA quality indicator 0..8 as sent. */
export type GgaQuality = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export interface GgaSentence extends SentenceBase {
  sentenceId: "GGA";
  /** ms since UTC midnight; GGA carries no date. */
  timeOfDayMs?: number;
  latitudeDeg?: number;
  longitudeDeg?: number;
  /**
   * A latitude or longitude field was sent but could not be read (out of range, `17°61.000'`, or damaged where the
   * checksum still held): the receiver gave a position, unreadable here, which is not "no position"
   */
  positionUnreadable?: true;
  quality?: GgaQuality;
  satellitesUsed?: number;
  hdop?: number;
  altitudeMslM?: number;
  geoidSeparationM?: number;
  dgpsAgeS?: number;
  dgpsStationId?: string;
}

export interface RmcSentence extends SentenceBase {
  sentenceId: "RMC";
  timeOfDayMs?: number;
  /** UTC midnight of the date, ms since 1970 */
  dateMs?: number;
  status?: "valid" | "warning";
  latitudeDeg?: number;
  longitudeDeg?: number;
  /**
   * A latitude or longitude field was sent but could not be read (out of range, `17°61.000'`, or damaged where the
   * checksum still held): the receiver gave a position, unreadable here, which is not "no position"
   */
  positionUnreadable?: true;
  speedKnots?: number;
  trackTrueDeg?: number;
  /** East positive */
  magneticVariationDeg?: number;
  /** NMEA 2.3 mode indicator: A autonomous, D differential, E estimated, M manual, S simulator, N not valid, P precise, R RTK fixed, F RTK float */
  faaMode?: string;
  /** NMEA 4.1 navigational status: S safe, C caution, U unsafe, V not valid */
  navStatus?: string;
}

export interface GllSentence extends SentenceBase {
  sentenceId: "GLL";
  latitudeDeg?: number;
  longitudeDeg?: number;
  /**
   * A latitude or longitude field was sent but could not be read (out of range, `17°61.000'`, or damaged where the
   * checksum still held): the receiver gave a position, unreadable here, which is not "no position"
   */
  positionUnreadable?: true;
  timeOfDayMs?: number;
  status?: "valid" | "invalid";
  faaMode?: string;
}

export interface GnsSentence extends SentenceBase {
  sentenceId: "GNS";
  timeOfDayMs?: number;
  latitudeDeg?: number;
  longitudeDeg?: number;
  /**
   * A latitude or longitude field was sent but could not be read (out of range, `17°61.000'`, or damaged where the
   * checksum still held): the receiver gave a position, unreadable here, which is not "no position"
   */
  positionUnreadable?: true;
  /** One mode character per system (GPS, GLONASS, Galileo, BeiDou, QZSS, NavIC) */
  modeIndicators?: string;
  satellitesUsed?: number;
  hdop?: number;
  altitudeMslM?: number;
  geoidSeparationM?: number;
  dgpsAgeS?: number;
  dgpsStationId?: string;
  navStatus?: string;
}

export interface GsaSentence extends SentenceBase {
  sentenceId: "GSA";
  selectionMode?: "automatic" | "manual";
  /** 1 no fix, 2 2D, 3 3D */
  fixMode?: 1 | 2 | 3;
  /** Satellite ids used in the fix, as sent (NMEA numbering), resolved in `satellites`. */
  satelliteIds: number[];
  satellites: SatelliteId[];
  pdop?: number;
  hdop?: number;
  vdop?: number;
  /** NMEA 4.10 system id: 1 GPS, 2 GLONASS, 3 Galileo, 4 BeiDou, 5 QZSS, 6 NavIC */
  systemId?: number;
}

/** A satellite's identity after resolving NMEA numbering per talker and system id. */
export interface SatelliteId {
  constellation: Constellation;
  /** Id within the constellation (GPS PRN, GLONASS slot, Galileo E-number, SBAS PRN 120..158, ...) */
  svid: number;
  /** The number as the sentence carried it */
  nmeaId: number;
}

export interface GsvSatellite extends SatelliteId {
  elevationDeg?: number;
  azimuthDeg?: number;
  /** Empty = in view but not tracked */
  cn0DbHz?: number;
}

/**
 * A GSV entry without a satellite number but with something of its own (a C/N0, an elevation or azimuth): the
 * receiver lists a satellite it cannot yet name (u-blox lists a GLONASS signal before it has read the satellite's slot,
 * `$GLGSV,1,1,01,,,,29,1`; domain.md §4.6 "null if unknown"). Never given an svid: counted, never keyed.
 */
export interface GsvUnidentified {
  /** The sentence's talker or system id names it (GL, GA, GB, GQ, GI, a 4.10 system id); undefined for GP/GN, whose numbers alone say it */
  constellation?: Constellation;
  elevationDeg?: number;
  azimuthDeg?: number;
  /** Empty = in view but not tracked */
  cn0DbHz?: number;
}

export interface GsvSentence extends SentenceBase {
  sentenceId: "GSV";
  /**
   * Sentences in the group; absent on a continuation part that leaves it empty (NMEA 4.11 lets unchanged
   * header fields go empty after the first part: `$GPGSV,,2,,…`): the group's first part says it.
   */
  messageCount?: number;
  messageNumber: number;
  satellitesInView?: number;
  satellites: GsvSatellite[];
  /** Entries without a satellite number that carry something (absent when there is none): see GsvUnidentified */
  unidentified?: GsvUnidentified[];
  /** NMEA 4.10 signal id (hex digit as sent, e.g. 1 = L1 C/A for GPS) */
  signalId?: number;
}

export interface VtgSentence extends SentenceBase {
  sentenceId: "VTG";
  trackTrueDeg?: number;
  trackMagneticDeg?: number;
  speedKnots?: number;
  speedKmh?: number;
  faaMode?: string;
}

export interface ZdaSentence extends SentenceBase {
  sentenceId: "ZDA";
  timeOfDayMs?: number;
  dateMs?: number;
  localZoneHours?: number;
  localZoneMinutes?: number;
}

export interface GstSentence extends SentenceBase {
  sentenceId: "GST";
  timeOfDayMs?: number;
  rmsM?: number;
  semiMajorM?: number;
  semiMinorM?: number;
  orientationDeg?: number;
  latitudeErrorM?: number;
  longitudeErrorM?: number;
  altitudeErrorM?: number;
}

export interface GbsSentence extends SentenceBase {
  sentenceId: "GBS";
  timeOfDayMs?: number;
  latitudeErrorM?: number;
  longitudeErrorM?: number;
  altitudeErrorM?: number;
  failedSatelliteId?: number;
  missedDetectionProbability?: number;
  biasM?: number;
  biasStdDevM?: number;
  systemId?: number;
  signalId?: number;
}

export interface GrsSentence extends SentenceBase {
  sentenceId: "GRS";
  /** The time of the GGA/GNS fix the residuals belong to */
  timeOfDayMs?: number;
  /** 0: the residuals were used to calculate that position; 1: recomputed after it */
  residualMode?: 0 | 1;
  /** Range residual of each slot (m), in the order of the cycle's GSA used list; null where the slot is empty */
  residualsM: (number | null)[];
  systemId?: number;
  signalId?: number;
}

export interface TxtSentence extends SentenceBase {
  sentenceId: "TXT";
  totalMessages?: number;
  messageNumber?: number;
  /** 00 error, 01 warning, 02 notice, 07 user */
  textId?: number;
  text: string;
}

export interface DtmSentence extends SentenceBase {
  sentenceId: "DTM";
  datum?: string;
  subDatum?: string;
  latitudeOffsetMin?: number;
  longitudeOffsetMin?: number;
  altitudeOffsetM?: number;
  referenceDatum?: string;
}

/** Proprietary sentences receivers send (replies to commands, banners). Fields kept as text. */
export interface ProprietarySentence extends SentenceBase {
  sentenceId: "PMTK" | "PUBX" | "PSRF" | "PAIR" | "PQTM" | "PGRM";
  /**
   * The numeric message type: 001 for `$PMTK001`, 00 for `$PUBX,00`, 150 for `$PSRF150`. Undefined for the
   * families whose messages have names, not numbers (`$PQTMVERNO`, `$PGRMT`).
   */
  messageType?: number;
  /** The message id as sent after the vendor: `001`, `00`, `150`, `VERNO`, `T` */
  messageName?: string;
  /** Data fields after the address (and after the message id for PUBX) */
  fields: string[];
}

/** Unicore's answer to a command: `$command,<command>,response: OK` (talker P: its address is no talker's). */
export interface CommandResponseSentence extends SentenceBase {
  sentenceId: "command";
  /** The command as the receiver received it */
  command: string;
  /** `OK`, or what went wrong, after `response:` */
  response: string;
}

/** Garmin altitude: `$PGRMZ,<altitude>,f,<fix dimension>` (gpsd processPGRMZ). */
export interface PgrmzSentence extends SentenceBase {
  sentenceId: "PGRMZ";
  /** Altitude converted from the feet sent (Garmin: above mean sea level; it matches GGA's) */
  altitudeMslM?: number;
  /** Position fix dimension: 1 no fix, 2 2D, 3 3D */
  fixMode?: 1 | 2 | 3;
}

/** True heading: `$--HDT,x.x,T` (gyro compass, dual-antenna GNSS). */
export interface HdtSentence extends SentenceBase {
  sentenceId: "HDT";
  headingTrueDeg?: number;
}

/** True heading and status: `$--THS,x.x,a` (NMEA 4.x). */
export interface ThsSentence extends SentenceBase {
  sentenceId: "THS";
  headingTrueDeg?: number;
  /** A autonomous, E estimated (dead reckoning), M manual input, S simulator, V not valid */
  modeIndicator?: string;
}

/** Rate of turn: `$--ROT,x.x,A`. */
export interface RotSentence extends SentenceBase {
  sentenceId: "ROT";
  /** Degrees per minute; negative: the bow turns to port */
  rateOfTurnDegPerMin?: number;
  status?: "valid" | "invalid";
}

/** Garmin estimated position error: `$PGRME,hpe,M,vpe,M,spe,M` (gpsd processPGRME). */
export interface PgrmeSentence extends SentenceBase {
  sentenceId: "PGRME";
  /** Garmin's EPE figures as sent, metres: Garmin states no confidence (gpsd takes them as 50 %). */
  horizontalErrorM?: number;
  verticalErrorM?: number;
  sphericalErrorM?: number;
}

/** SkyTraq RTK position, velocity and status: `$PSTI,030,…` (gpsd processPSTI030). */
export interface Psti030Sentence extends SentenceBase {
  sentenceId: "PSTI030";
  timeOfDayMs?: number;
  dateMs?: number;
  status?: "valid" | "invalid";
  latitudeDeg?: number;
  longitudeDeg?: number;
  altitudeMslM?: number;
  velocityEastMps?: number;
  velocityNorthMps?: number;
  velocityUpMps?: number;
  /** FAA mode letter: N not valid, A autonomous, D differential, E estimated, M manual, S simulator, F RTK float, R RTK fixed */
  faaMode?: string;
  /** Age of the RTK corrections, seconds */
  rtkAgeS?: number;
  /** RTK ambiguity ratio (the fix's confidence test; 0 with age 0: no RTK) */
  rtkRatio?: number;
}

/** SkyTraq RTK baseline, base to rover: `$PSTI,032,…` (gpsd processPSTI032). */
export interface Psti032Sentence extends SentenceBase {
  sentenceId: "PSTI032";
  timeOfDayMs?: number;
  dateMs?: number;
  status?: "valid" | "invalid";
  /** F (and O, undocumented, gpsd) RTK float, R RTK fixed */
  modeIndicator?: string;
  eastM?: number;
  northM?: number;
  upM?: number;
  lengthM?: number;
  courseDeg?: number;
}

/** SkyTraq heading, pitch and roll from an RTK moving base: `$PSTI,036,…` (gpsd processPSTI036). */
export interface Psti036Sentence extends SentenceBase {
  sentenceId: "PSTI036";
  timeOfDayMs?: number;
  dateMs?: number;
  headingTrueDeg?: number;
  pitchDeg?: number;
  rollDeg?: number;
  /** FAA mode letter; N: the angles are not valid */
  modeIndicator?: string;
}

export type Sentence =
  | GgaSentence
  | RmcSentence
  | GllSentence
  | GnsSentence
  | GsaSentence
  | GsvSentence
  | VtgSentence
  | ZdaSentence
  | GstSentence
  | GbsSentence
  | GrsSentence
  | TxtSentence
  | DtmSentence
  | ProprietarySentence
  | PgrmzSentence
  | HdtSentence
  | ThsSentence
  | RotSentence
  | PgrmeSentence
  | Psti030Sentence
  | Psti032Sentence
  | Psti036Sentence
  | CommandResponseSentence;

export type SentenceId = Sentence["sentenceId"];

// ───────────────────────────── UBX (u-blox binary) ─────────────────────────────
// Typed UBX messages (src/parsing/ubx/): the u-blox interface description's field names with their units
// added (iTOWMs, hAccM, cn0DbHz). Accuracies are as sent (u-blox: 1-sigma estimates). They reach the same
// tracker as NMEA sentences; `sentenceId` names the message (`UBX-NAV-PVT`) in the epoch's sentenceIds.

interface UbxBase {
  protocol: "UBX";
  /** The tracker keys messages by talker and id: every UBX message has this one */
  talker: "UBX";
  receivedAtMs: number;
}

/** A navigation message: which solution it belongs to, and its UTC time of day when the receiver's time is valid. */
interface UbxNavBase extends UbxBase {
  /** GPS time of week of the navigation epoch, ms, as sent */
  iTOWMs: number;
  /**
   * iTOW as a UTC time of day (GPS − UTC: the offset the receiver last stated, 18 s until it states one): the
   * receiver cycle the message belongs to, whether or not the receiver knows the time yet.
   */
  cycleTimeOfDayMs: number;
}

/** UBX-NAV-PVT: navigation position, velocity and time solution. */
export interface UbxNavPvt extends UbxNavBase {
  sentenceId: "UBX-NAV-PVT";
  /** UTC time of day, ms (validTime) */
  timeOfDayMs?: number;
  /** UTC midnight of the date, ms since 1970 (validDate) */
  dateMs?: number;
  fullyResolved: boolean;
  tAccNs: number;
  /** 0 no fix, 1 dead reckoning only, 2 2D, 3 3D, 4 GNSS + dead reckoning, 5 time only */
  fixType: number;
  /** A valid fix, within the receiver's DOP and accuracy masks: only then does its position count */
  gnssFixOK: boolean;
  diffSoln: boolean;
  /** Carrier phase range solution: 0 none, 1 float ambiguities, 2 fixed ambiguities */
  carrSoln: number;
  numSV: number;
  lonDeg: number;
  latDeg: number;
  /** Height above the ellipsoid */
  heightM: number;
  hMSLM: number;
  hAccM: number;
  vAccM: number;
  velNMps: number;
  velEMps: number;
  velDMps: number;
  gSpeedMps: number;
  headMotDeg: number;
  sAccMps: number;
  /** 180° when the receiver has no heading of motion */
  headAccDeg: number;
  pDOP: number;
  /** flags3 invalidLlh: longitude, latitude and heights are not valid */
  invalidLlh: boolean;
  /** flags3 lastCorrectionAge as the upper end of its range, s (1, 2, 5, 10 … 120, 240 for "120 s or more") */
  lastCorrectionAgeS?: number;
  /** validMag */
  magDecDeg?: number;
}

/** One satellite of UBX-NAV-SAT. */
export interface UbxSatellite {
  gnssId: number;
  svId: number;
  /** gnssId and svId as gnsskit names the satellite; undefined for IMES and unknown ids (GLONASS slot 255) */
  identity?: SatelliteId;
  /** 0: not tracked */
  cn0DbHz: number;
  /** Undefined when out of range (unknown) */
  elevDeg?: number;
  /** Undefined when unknown (the elevation is) */
  azimDeg?: number;
  prResM: number;
  /** 0 no signal, 1 searching, 2 acquired, 3 unusable, 4 code locked and time synchronised, 5–7 code and carrier locked */
  qualityInd: number;
  svUsed: boolean;
  /** 0 unknown, 1 healthy, 2 unhealthy */
  health: number;
  diffCorr: boolean;
  /** 0 none, 1 ephemeris, 2 almanac, 3 AssistNow Offline, 4 AssistNow Autonomous, 5–7 other */
  orbitSource: number;
  ephAvail: boolean;
  almAvail: boolean;
  anoAvail: boolean;
  aopAvail: boolean;
}

/**
 * UBX-NAV-SAT: satellite information; UBX-NAV-SVINFO (u-blox 5 to 8, one svid numbering for all systems, its
 * orbit flags) is read into the same form.
 */
export interface UbxNavSat extends UbxNavBase {
  sentenceId: "UBX-NAV-SAT" | "UBX-NAV-SVINFO";
  satellites: UbxSatellite[];
}

/** One signal of UBX-NAV-SIG. */
export interface UbxSignal {
  gnssId: number;
  svId: number;
  identity?: SatelliteId;
  /** u-blox signal id (per gnssId) */
  sigId: number;
  /** The NMEA 4.11 signal id of the same signal, when it has one */
  nmeaSignalId?: number;
  /** GLONASS frequency slot + 7 */
  freqId: number;
  prResM: number;
  cn0DbHz: number;
  qualityInd: number;
  corrSource: number;
  ionoModel: number;
  /** 0 unknown, 1 healthy, 2 unhealthy */
  health: number;
  prSmoothed: boolean;
  prUsed: boolean;
  crUsed: boolean;
  doUsed: boolean;
  prCorrUsed: boolean;
  crCorrUsed: boolean;
  doCorrUsed: boolean;
}

/** UBX-NAV-SIG: signal information. */
export interface UbxNavSig extends UbxNavBase {
  sentenceId: "UBX-NAV-SIG";
  signals: UbxSignal[];
}

/** UBX-NAV-STATUS: receiver navigation status. */
export interface UbxNavStatus extends UbxNavBase {
  sentenceId: "UBX-NAV-STATUS";
  /** As NAV-PVT's fixType */
  gpsFix: number;
  gpsFixOk: boolean;
  diffSoln: boolean;
  wknSet: boolean;
  towSet: boolean;
  /** 0 none, 1 float, 2 fixed (flags2) */
  carrSoln: number;
  /** Time to first fix (the receiver's own), ms; 0 before its first fix */
  ttffMs: number;
  /** Milliseconds since startup or reset */
  msssMs: number;
}

/** UBX-NAV-DOP: dilution of precision (values as sent × 0.01). */
export interface UbxNavDop extends UbxNavBase {
  sentenceId: "UBX-NAV-DOP";
  gDOP: number;
  pDOP: number;
  tDOP: number;
  vDOP: number;
  hDOP: number;
  nDOP: number;
  eDOP: number;
}

/** UBX-NAV-TIMEGPS: GPS time solution (and the GPS − UTC leap seconds). */
export interface UbxNavTimeGps extends UbxNavBase {
  sentenceId: "UBX-NAV-TIMEGPS";
  fTOWNs: number;
  week: number;
  /** GPS − UTC, s */
  leapS: number;
  towValid: boolean;
  weekValid: boolean;
  leapSValid: boolean;
  tAccNs: number;
  /** UTC time of day and date, when time of week, week and leap seconds are valid */
  timeOfDayMs?: number;
  dateMs?: number;
}

/** UBX-NAV-TIMEUTC: UTC time solution. */
export interface UbxNavTimeUtc extends UbxNavBase {
  sentenceId: "UBX-NAV-TIMEUTC";
  tAccNs: number;
  validTOW: boolean;
  validWKN: boolean;
  validUTC: boolean;
  /** UTC time of day and date, when validUTC */
  timeOfDayMs?: number;
  dateMs?: number;
}

/** UBX-NAV-HPPOSLLH: high-precision geodetic position. */
export interface UbxNavHpPosLlh extends UbxNavBase {
  sentenceId: "UBX-NAV-HPPOSLLH";
  invalidLlh: boolean;
  lonDeg: number;
  latDeg: number;
  heightM: number;
  hMSLM: number;
  hAccM: number;
  vAccM: number;
}

/** UBX-NAV-COV: position and velocity covariance (north, east, down), m² and m²/s². */
export interface UbxNavCov extends UbxNavBase {
  sentenceId: "UBX-NAV-COV";
  posCovValid: boolean;
  velCovValid: boolean;
  posCovNNM2: number;
  posCovNEM2: number;
  posCovNDM2: number;
  posCovEEM2: number;
  posCovEDM2: number;
  posCovDDM2: number;
  velCovNNM2ps2: number;
  velCovEEM2ps2: number;
  velCovDDM2ps2: number;
}

/** UBX-NAV-POSLLH: geodetic position (u-blox 6 and later; NAV-PVT carries the same from u-blox 7). */
export interface UbxNavPosLlh extends UbxNavBase {
  sentenceId: "UBX-NAV-POSLLH";
  lonDeg: number;
  latDeg: number;
  heightM: number;
  hMSLM: number;
  hAccM: number;
  vAccM: number;
}

/** UBX-NAV-VELNED: velocity in north, east, down (u-blox 6 and later). */
export interface UbxNavVelNed extends UbxNavBase {
  sentenceId: "UBX-NAV-VELNED";
  velNMps: number;
  velEMps: number;
  velDMps: number;
  gSpeedMps: number;
  headingDeg: number;
  sAccMps: number;
  cAccDeg: number;
}

/** UBX-NAV-SOL: the fix and its ECEF position (u-blox 5, 6; replaced by NAV-PVT). */
export interface UbxNavSol extends UbxNavBase {
  sentenceId: "UBX-NAV-SOL";
  fTOWNs: number;
  week: number;
  /** As NAV-PVT's fixType */
  gpsFix: number;
  gpsFixOk: boolean;
  diffSoln: boolean;
  wknSet: boolean;
  towSet: boolean;
  ecefXM: number;
  ecefYM: number;
  ecefZM: number;
  pAccM: number;
  ecefVXMps: number;
  ecefVYMps: number;
  ecefVZMps: number;
  sAccMps: number;
  pDOP: number;
  numSV: number;
  /** UTC time of day and date from week and time of week (wknSet, towSet), less GPS − UTC as last stated */
  timeOfDayMs?: number;
  dateMs?: number;
}

/** UBX-NAV-EOE: end of the navigation epoch (after all its NAV messages and NMEA sentences). */
export interface UbxNavEoe extends UbxNavBase {
  sentenceId: "UBX-NAV-EOE";
}

/** UBX-MON-VER: receiver and software versions. */
export interface UbxMonVer extends UbxBase {
  sentenceId: "UBX-MON-VER";
  swVersion: string;
  hwVersion: string;
  /** FWVER=…, PROTVER=…, MOD=…, the constellations… */
  extensions: string[];
}

export type AntennaStatus = "init" | "unknown" | "ok" | "short" | "open";
export type AntennaPower = "off" | "on" | "unknown";
export type JammingState = "unknown" | "ok" | "warning" | "critical";

/** UBX-MON-HW: hardware status (u-blox 8 and earlier; MON-RF from generation 9). */
export interface UbxMonHw extends UbxBase {
  sentenceId: "UBX-MON-HW";
  aStatus: AntennaStatus;
  aPower: AntennaPower;
  jammingState: JammingState;
  /** CW jamming indicator, 0 (none) … 255 (strong) */
  jamInd: number;
  noisePerMS: number;
  agcCnt: number;
}

/** UBX-MON-RF: RF information, one block per RF band. */
export interface UbxMonRf extends UbxBase {
  sentenceId: "UBX-MON-RF";
  blocks: {
    blockId: number;
    jammingState: JammingState;
    antStatus: AntennaStatus;
    antPower: AntennaPower;
    noisePerMS: number;
    agcCnt: number;
    jamInd: number;
  }[];
}

/** UBX-RXM-SFRBX: a broadcast navigation data subframe (counted, not decoded). */
export interface UbxRxmSfrbx extends UbxBase {
  sentenceId: "UBX-RXM-SFRBX";
  gnssId: number;
  svId: number;
  identity?: SatelliteId;
  numWords: number;
}

/** UBX-INF-*: the receiver's text messages. */
export interface UbxInf extends UbxBase {
  sentenceId: "UBX-INF-ERROR" | "UBX-INF-WARNING" | "UBX-INF-NOTICE" | "UBX-INF-TEST" | "UBX-INF-DEBUG";
  text: string;
}

/** UBX-ACK-ACK / UBX-ACK-NAK: the answer to a configuration message. */
export interface UbxAck extends UbxBase {
  sentenceId: "UBX-ACK-ACK" | "UBX-ACK-NAK";
  clsId: number;
  msgId: number;
}

export type UbxMessage =
  | UbxNavPvt
  | UbxNavSat
  | UbxNavSig
  | UbxNavStatus
  | UbxNavDop
  | UbxNavTimeGps
  | UbxNavTimeUtc
  | UbxNavHpPosLlh
  | UbxNavCov
  | UbxNavPosLlh
  | UbxNavVelNed
  | UbxNavSol
  | UbxNavEoe
  | UbxMonVer
  | UbxMonHw
  | UbxMonRf
  | UbxRxmSfrbx
  | UbxInf
  | UbxAck;

/** What the tracker reads: NMEA sentences and UBX messages alike. */
export type ReceiverMessage = Sentence | UbxMessage;

// ───────────────────────────── state ─────────────────────────────

/**
 * Solution quality. `dead-reckoning`, `manual`, `time-only` and `simulated` are reported but are not fixes: `manual`
 * is NMEA's manual input (GGA quality 7, FAA mode M: an entered position), `time-only` u-blox's "time only fix"
 * (fixType 5: a timing receiver holding a position it surveyed in or was given); gpsd's status 7 for both.
 */
export type FixQuality = "none" | "autonomous" | "dgps" | "pps" | "rtk-fixed" | "rtk-float" | "dead-reckoning" | "manual" | "time-only" | "simulated";

export type FixMode = "none" | "2d" | "3d";

/**
 * Positions a receiver reports that are not GNSS fixes: its estimate (dead reckoning), a manual input, a position it
 * holds while it solves time only, its own simulator.
 */
export type NonGnssQuality = "dead-reckoning" | "manual" | "time-only" | "simulated";

/**
 * Why a fix was lost: the receiver said it has none; it said nothing of its fix for longer than twice its own
 * cycle period ("stale"); or it went on with a position that is not a GNSS fix (dead reckoning in a tunnel).
 */
export type FixLostReason = "no-fix-reported" | "stale" | "non-gnss";

/** The fix-state machine's state (a discriminated union with one transition function). */
export type FixState =
  | { kind: "idle" }
  | { kind: "searching"; sinceMs: number }
  | { kind: "fixed"; mode: "2d" | "3d"; quality: FixQuality; sinceMs: number }
  /** The receiver reports a position that is not a GNSS fix (GGA quality 6–8, FAA mode E/M/S) */
  | { kind: "non-gnss"; mode: "2d" | "3d"; quality: NonGnssQuality; sinceMs: number }
  | { kind: "lost"; sinceMs: number; reason: FixLostReason; lastFixAtMs: number };

export interface Signal {
  /** NMEA 4.10 signal id, undefined for pre-4.10 receivers */
  signalId?: number;
  /** As the receiver gave it: 0 is a signal listed without one (not tracked; gpsd prints it as `"ss":0.0`) */
  cn0DbHz?: number;
  /** The satellite is used and this signal has a C/N0 (an L2 listed without one was not used); UBX NAV-SIG: prUsed */
  usedInFix: boolean;
  /** How far the receiver's tracking of it got (u-blox NAV-SIG qualityInd); unknown from NMEA */
  quality?: SignalQuality;
}

/** u-blox's signal quality indicator: no signal, searching, acquired, detected but unusable, code locked and time synchronised, code and carrier locked. */
export type SignalQuality = "none" | "searching" | "acquired" | "unusable" | "code-locked" | "carrier-locked";

/** Where the receiver has the satellite's orbit from (u-blox NAV-SAT orbitSource): real evidence of a start's kind. */
export type OrbitSource = "none" | "ephemeris" | "almanac" | "assistnow-offline" | "assistnow-autonomous" | "other";

export interface Satellite extends SatelliteId {
  /** `${constellation}:${svid}` */
  key: string;
  elevationDeg?: number;
  azimuthDeg?: number;
  /**
   * Strongest signal's C/N0, above 0: tracked. Undefined = in view but not tracked (an empty C/N0, or GSV's `00`, which
   * Garmin, SiRF and older MediaTek receivers send for a channel without a signal)
   */
  cn0DbHz?: number;
  usedInFix: boolean;
  signals: Signal[];
  /** The receiver's word on the satellite's health (u-blox NAV-SAT); unknown from NMEA */
  health?: "healthy" | "unhealthy";
  /** Where the receiver has its orbit from (u-blox NAV-SAT) */
  orbitSource?: OrbitSource;
}

/**
 * Satellites of one constellation the receiver lists without a number (GsvUnidentified): counted here, never made
 * satellites (no svid is invented, no key can meet a real satellite's, none is ever used).
 */
export interface UnidentifiedSatellites {
  /** undefined: the sentence's talker did not name one (GP, GN) */
  constellation?: Constellation;
  /** Listed in view: the most one GSV group (one signal) of the constellation lists, since a satellite without a number cannot be matched across signals */
  inViewCount: number;
  /** Of them with a C/N0 above 0, counted the same way */
  trackedCount: number;
  /** Their signals with a C/N0 above 0 (every group's) */
  signalCount: number;
  /** The strongest of their C/N0s */
  cn0DbHz?: number;
}

export interface SatelliteView {
  /** Sorted by constellation, then svid. */
  satellites: Satellite[];
  /** Satellites reported in view (from GSV): those listed and those counted in `unidentified` */
  inViewCount: number;
  /** Satellites with a signal (C/N0 above 0), `unidentified` ones included */
  trackedCount: number;
  /** Satellites the receiver says it used: GSA's list once it sends GSA, else GNS's or GGA's count (0 while unknown) */
  usedCount: number;
  /** Signals with a C/N0 above 0 (a dual-frequency satellite counts once above and twice here), `unidentified` ones included */
  signalCount: number;
  /** Satellites listed without a number, by constellation (absent when there are none) */
  unidentified?: UnidentifiedSatellites[];
  /**
   * Used satellites the receiver's GSA names that no GSV lists (a receiver set to GGA, GSA and RMC sends none):
   * counted in `usedCount`, in no entry of `satellites` (absent when there are none)
   */
  usedUnlistedCount?: number;
  /**
   * Some of the receiver's GSV pages are not in the view: one that sends a page a cycle has not completed a rotation
   * yet, or a page did not come within its rotation period. The view lists fewer satellites than the receiver has in
   * view: its counts are lower bounds, not the receiver's sky.
   */
  incomplete?: true;
  /**
   * The receiver lists every signal it has (u-blox NAV-SIG): a satellite with no signal listed is in view with
   * none tracked or searched.
   */
  signalsListed?: true;
}

export type StartType = "cold" | "warm" | "hot" | "unknown";

export interface StartInfo {
  type: StartType;
  /** commanded: a restart command was sent; inferred: from what the receiver showed at the start */
  basis: "commanded" | "inferred" | "none";
  /** What led to the inference, in words. */
  evidence: string[];
}

export interface TtffInfo {
  /** Clock time the source opened or a restart was commanded */
  startedAtMs?: number;
  /** Time to the first valid fix (2D or 3D), ms */
  ttffMs?: number;
  first2dMs?: number;
  first3dMs?: number;
  /**
   * A log without receive times whose receiver sent no time of day for its first cycles: the TTFF start lies
   * among cycles without any clock, so TTFF is not measured in seconds (ttffMs stays undefined; a recording
   * made by `gnsskit record` keeps receive times). How many cycles came before the first time of day.
   */
  untimedCycles?: number;
  /** With untimedCycles: the cycles before the first fix, which came in the next one. */
  cyclesBeforeFix?: number;
  /**
   * With untimedCycles: those cycles had a time, but the receiver's time of day jumped before the first fix
   * (a gap in the log, or a clock being set), so they are counted, not timed; `clockSet`: the date moved too,
   * it was a default clock the receiver set from the satellites.
   */
  timeJumped?: true;
  clockSet?: true;
  /**
   * With untimedCycles: on receive times, the source fell silent for longer than a cycle can last before the
   * first fix (or a replay's stamps stepped with its log): the cycles are counted, not timed across the silence.
   */
  silenceBeforeFix?: true;
  /**
   * The receiver already had a fix when the source opened or the log began: no cycle before its first fix said
   * it had none (a cycle cut by the log's start, with a fix stated and no position, is no search), and no
   * restart or power-on is known. TTFF is not measurable (ttffMs stays
   * undefined) and no start type is inferred from it.
   */
  fixAtStart?: true;
}

/** Why a first fix has no TTFF in seconds, as the first-fix event, the report and the outputs carry it (TtffInfo). */
export type TtffNotMeasured = Pick<TtffInfo, "cyclesBeforeFix" | "untimedCycles" | "timeJumped" | "clockSet" | "silenceBeforeFix" | "fixAtStart">;

/**
 * Differential and RTK progress since the TTFF start (src/state/precision.ts): DGPS, RTK float and RTK fixed
 * with their own times. Times from the start are absent when the start is unknown (a log that begins with a fix).
 */
export interface PrecisionInfo {
  /** Start to the first epoch with DGPS or better, ms */
  firstDgpsMs?: number;
  /** Start to the first RTK float or fixed epoch, ms */
  firstRtkFloatMs?: number;
  /** Time to fixed: start to the first RTK fixed epoch, ms */
  firstRtkFixedMs?: number;
  /** Clock time the corrections first reached the receiver since the start (a restart while they flow: the restart) */
  correctionsSinceMs?: number;
  /** The corrections' arrival to the first RTK float / fixed epoch, ms */
  rtkFloatAfterCorrectionsMs?: number;
  rtkFixedAfterCorrectionsMs?: number;
  /** Clock time of the last correction bytes written to the receiver (their age = now − this) */
  lastCorrectionsAtMs?: number;
  /** Clock time RTK fixed began, while it lasts */
  rtkFixedSinceMs?: number;
  /** Times RTK fixed was lost (to float, DGPS, a plain fix or none) since the start */
  rtkFixedLosses: number;
  /** Time spent in each quality since the start (`none`: no fix), epoch to epoch, ms */
  msByQuality: Partial<Record<FixQuality, number>>;
}

/** An RTK baseline from the base (fixed or moving) to the rover antenna. */
export interface RtkBaseline {
  quality: "rtk-fixed" | "rtk-float";
  eastM: number;
  northM: number;
  upM: number;
  lengthM: number;
  /** Direction base → rover, degrees from true north */
  courseDeg: number;
}

export interface Dop {
  hdop?: number;
  vdop?: number;
  pdop?: number;
}

/** One receiver reporting cycle. */
export interface Epoch {
  /** UTC time of the cycle, ms since 1970; undefined while the date is unknown */
  timeMs?: number;
  /** UTC time of day, ms */
  timeOfDayMs?: number;
  /** Clock time the cycle ended */
  receivedAtMs: number;
  mode: FixMode;
  quality: FixQuality;
  /** Fix state after this epoch */
  fixState: FixState;
  latitudeDeg?: number;
  longitudeDeg?: number;
  altitudeMslM?: number;
  /** Height above the WGS-84 ellipsoid */
  altitudeHaeM?: number;
  geoidSeparationM?: number;
  speedMps?: number;
  trackTrueDeg?: number;
  climbMps?: number;
  magneticVariationDeg?: number;
  dop: Dop;
  /** 95% horizontal/vertical error estimates (from GST or Garmin's PGRME, else from DOP × UERE) */
  ephM?: number;
  epvM?: number;
  /** 95 % spherical (3D) error estimate (Garmin PGRME) */
  sphericalErrorM?: number;
  /** 1-sigma errors from GST (or Garmin's PGRME, src/state/extras.ts) */
  latitudeErrorM?: number;
  longitudeErrorM?: number;
  altitudeErrorM?: number;
  /** True heading of the vessel or antenna pair (HDT, THS, PSTI,036); independent of the fix */
  headingTrueDeg?: number;
  /** How the heading was obtained, when its sentence says (THS, PSTI,036 mode letter) */
  headingMode?: FixQuality;
  /** Rate of turn (ROT), degrees per minute; negative: turning to port */
  rateOfTurnDegPerMin?: number;
  /** Pitch and roll (PSTI,036), degrees */
  pitchDeg?: number;
  rollDeg?: number;
  /** RTK ambiguity ratio (SkyTraq PSTI,030) */
  rtkRatio?: number;
  /** RTK baseline base → rover (SkyTraq PSTI,032) */
  baseline?: RtkBaseline;
  dgpsAgeS?: number;
  dgpsStationId?: string;
  satellitesUsed?: number;
  /**
   * The receiver states a fix while this cycle's own GGA/GNS counts no satellite used and no GSA lists one: its last
   * solution carried on (a Garmin coasting for seconds after it lost lock), not a measurement of this cycle
   */
  noSatelliteUsed?: true;
  /**
   * The fix's dimension is no word of the receiver's: only RMC or GLL, which cannot tell 2D from 3D, said fix, with no
   * GSA, GGA/GNS, PGRMZ or UBX fix to state it and no altitude known (an AIS transponder's RMC, an instrument bus's
   * GLL). `mode` is "2d" as gpsd has it; the report calls it a fix whose dimension is not stated.
   */
  dimensionUnstated?: true;
  satellites: SatelliteView;
  /** Sentence ids that contributed, in order (e.g. GGA, GSA, GSV, RMC) */
  sentenceIds: string[];
  /**
   * The input ended inside this cycle (its ender, or a group of it, never came), or began inside it, after its
   * position (the first cycle states a fix and gives no position): what it says is what arrived, and
   * statistics and plots leave it out.
   */
  incomplete?: true;
  /**
   * A position sentence of the cycle stated a fix and sent a position that could not be read (a `field` diagnostic):
   * the epoch keeps the fix's mode and has no position; it is `incomplete` too (no fix of gnsskit's, no "no fix").
   */
  positionUnreadable?: true;
  /**
   * The receiver's date lies more than a day before the one its clock was set to (its last fix's): it restarted
   * onto its default clock and has not set it from the satellites yet. `timeMs` is that clock's reading, not the
   * time; no time passed in the steps to and from it (the sentences' clock does not count them).
   */
  defaultClock?: true;
  /**
   * The receiver's date lies in GPS week 0 or before (before 1980-01-13, state/time.ts): its clock does not know the
   * GPS week (its default clock, or the time of week from the satellites without the week number). No date:
   * `timeMs` is left out and `timeOfDayMs` is what it said; a log's outputs do not date it back from a later date.
   */
  weekUnknown?: true;
  /** What the receiver says of its RF front end, when it says it (u-blox MON-HW / MON-RF) */
  rf?: RfStatus;
}

/** A receiver's report on its antenna and interference (u-blox MON-HW/MON-RF: aStatus, jammingState, jamInd). */
export interface RfStatus {
  /** The receiver's interference monitor: ok, warning, critical (u-blox jammingState 1..3) */
  jammingState?: "ok" | "warning" | "critical";
  /** Continuous-wave jamming indicator, 0 (none) to 255 (strong) (u-blox jamInd) */
  jammingIndicator?: number;
  /** The active antenna's supervisor: ok, short circuit, open circuit (not connected), or powered off */
  antennaStatus?: "ok" | "short" | "open" | "off";
}

export type TrackerEvent =
  | { type: "epoch"; epoch: Epoch }
  | { type: "fix"; mode: "2d" | "3d"; quality: FixQuality; atMs: number }
  | { type: "fix-lost"; reason: FixLostReason; atMs: number }
  | { type: "reacquired"; gapMs: number; atMs: number }
  /**
   * ttffMs is absent when TTFF cannot be measured: cyclesBeforeFix says when it came (TtffInfo.untimedCycles),
   * fixAtStart that the receiver already had it (TtffInfo.fixAtStart).
   */
  | ({ type: "first-fix"; ttffMs?: number; mode: "2d" | "3d"; atMs: number } & TtffNotMeasured)
  | { type: "first-3d"; ttffMs: number; atMs: number }
  /** The first epoch of DGPS (or better), RTK float (or fixed), RTK fixed since the start: their own time to first fix */
  | { type: "first-precision"; quality: "dgps" | "rtk-float" | "rtk-fixed"; sinceStartMs?: number; sinceCorrectionsMs?: number; atMs: number }
  /** RTK fixed ended: the epoch's quality now (`none`: no fix), after `heldMs` of fixed */
  | { type: "rtk-fixed-lost"; to: FixQuality; heldMs: number; atMs: number }
  | { type: "satellites"; satellites: SatelliteView; atMs: number }
  | { type: "state"; fixState: FixState; atMs: number }
  | { type: "start"; start: StartInfo; atMs: number }
  /**
   * The receiver restarted: it said so (`announced`: its startup message, `said`, as dialects.ts lists them), or
   * its clock went back to its default (`default-clock`, Epoch.defaultClock). It searches again (no fix was lost);
   * the first-fix and start events after this one are its new run's.
   */
  | { type: "restart"; cause: "announced" | "default-clock"; said?: string; atMs: number }
  /**
   * Once per tracker: the receiver's date lies more than 1024 GPS weeks before this gnsskit's release
   * (`referenceMs`): an old log, or a receiver the GPS week rollover sent back 19.6 years.
   */
  | { type: "week-rollover"; dateMs: number; referenceMs: number; atMs: number }
  /**
   * The cycle before said a time of day out of sequence (`timeOfDayMs`): its time stepped away and this cycle's
   * came back to a cycle or two after the one before it (state/time.ts). The sentences' clock did not take the step.
   */
  | { type: "time-out-of-sequence"; timeOfDayMs: number; atMs: number }
  /** The receiver said something new about itself (not its clock alone): antenna, jamming, versions, its own TTFF. */
  | { type: "receiver"; receiver: ReceiverStatus; atMs: number };

export type ChangedKey = "position" | "dop" | "satellites" | "time" | "mode" | "velocity" | "errors";

/**
 * What the receiver says about itself beside its fixes (u-blox UBX: NAV-STATUS, MON-HW/MON-RF, MON-VER,
 * RXM-SFRBX). Empty for a receiver that says none of it (NMEA).
 */
export interface ReceiverStatus {
  /** The receiver's own time to first fix (NAV-STATUS ttff), ms: measured from its own start, beside gnsskit's */
  ttffMs?: number;
  /** Time since the receiver started or was reset (NAV-STATUS msss), ms, at its last report */
  msssMs?: number;
  /**
   * msss of its first report since that start: how long it had been running when first heard (the same figure
   * for a whole log, whichever command reads it; a later msss below the one before is a restart)
   */
  msssWhenFirstHeardMs?: number;
  antenna?: AntennaStatus;
  antennaPower?: AntennaPower;
  jamming?: JammingState;
  /** CW jamming indicator, 0 (none) … 255 (strong) (MON-HW, MON-RF: the highest of its bands) */
  jammingIndicator?: number;
  /** MON-VER */
  softwareVersion?: string;
  hardwareVersion?: string;
  extensions?: string[];
  /** Navigation-message subframes received (RXM-SFRBX) */
  subframes?: number;
}

export interface TrackerState {
  fixState: FixState;
  ttff: TtffInfo;
  start: StartInfo;
  /** The last completed epoch */
  lastEpoch?: Epoch;
  satellites: SatelliteView;
  /** UTC date known to the tracker (from RMC/ZDA), ms of UTC midnight */
  dateMs?: number;
  /** The time of day (ms since midnight) that date was last confirmed with: dateMs + this is a UTC time the receiver gave */
  dateTimeOfDayMs?: number;
  /** DGPS / RTK float / RTK fixed times, losses of fixed, the corrections' arrival */
  precision: PrecisionInfo;
  epochCount: number;
  fixCount: number;
  /**
   * Epochs in which the receiver said whether it had a fix: a position (a fix or not), or a "no fix" (RMC V,
   * GGA quality 0, GSA mode 1, u-blox no fix). None: whatever it sent said nothing of a fix (a heading sensor, a
   * u-blox sending only NAV-SAT, a protocol gnsskit does not decode), and "no fix" would be a claim it never made.
   */
  fixStatusEpochs: number;
  reacquisitions: number;
  receiver: ReceiverStatus;
  /** Restarts the receiver showed (restart events): `ttff` and `start` are then its last run's (absent when none) */
  restarts?: number;
}

export interface TrackerUpdate {
  state: TrackerState;
  changed: Set<ChangedKey>;
  events: TrackerEvent[];
}

/** Counts of what went through the pipeline, for the end-of-run summary. */
export interface PipelineStats {
  /**
   * Bytes the receiver sent: what the source delivered without a log's record prefixes and `#` comment lines,
   * so a log, its recording and its replay count the same (a gzip log: decompressed).
   */
  bytes: number;
  frames: number;
  sentences: number;
  /** UBX messages decoded (a bad checksum or an unknown message is a diagnostic instead) */
  ubxMessages: number;
  epochs: number;
  diagnostics: Partial<Record<DiagnosticKind, number>>;
}

/** A binary packet found between sentences, whole: header, payload and checksum bytes as received. */
export interface BinaryPacket {
  protocol: "UBX" | "SiRF" | "RTCM3" | "CASIC" | "MTK";
  bytes: Uint8Array;
  receivedAtMs: number;
}

/** Link-level news from a source (serial unplug, reconnect, baud found). Not NMEA. */
export type LinkEvent =
  | { type: "connected"; detail?: string }
  /**
   * `shortLived`: how many connections in a row (this one included) ended within the link's stable time of
   * opening (a peer that accepts and closes at once); absent when this one had lasted.
   */
  | { type: "disconnected"; reason: string; retryInMs?: number; shortLived?: number }
  | { type: "reconnected"; downForMs: number }
  | { type: "baud-detected"; baudRate: number }
  | { type: "info"; message: string };

/** Everything the pipeline (src/gps.ts `openGps`) reports, in order. */
export type GpsEvent =
  | TrackerEvent
  | { type: "frame"; frame: Frame }
  | { type: "binary"; packet: BinaryPacket }
  | { type: "sentence"; sentence: Sentence }
  | { type: "ubx"; message: UbxMessage }
  | { type: "diagnostic"; diagnostic: Diagnostic }
  | { type: "link"; link: LinkEvent; atMs: number }
  | { type: "error"; error: Error; atMs: number }
  | { type: "close"; atMs: number };
