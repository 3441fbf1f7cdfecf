// The demo page: one gnsskit pipeline (openGps) over a Web Serial port, a Web Bluetooth device or a log file,
// rendered at most once per animation frame.
import {
  createFileReplaySource,
  createWebBluetoothSource,
  createWebSerialSource,
  openGps,
  WEB_BLE_SERVICE_UUIDS,
  type BluetoothDeviceLike,
  type DiagnosticKind,
  type Epoch,
  type Gps,
  type LinkEvent,
  type SerialPortLike,
  type Source,
  ttffNotMeasuredText,
} from "../../src/browser/index.js";
import { watchDiagnosis, type Diagnosis } from "../../src/diagnosis/index.js";
import { fixLabel, formatCoordinate, formatSeconds, renderBars, renderMap, renderSky, startText } from "./render.js";

interface SerialLike {
  requestPort(options?: object): Promise<SerialPortLike>;
}
interface BluetoothLike {
  requestDevice(options: object): Promise<BluetoothDeviceLike>;
}
const nav = navigator as Navigator & { serial?: SerialLike; bluetooth?: BluetoothLike };

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`#${id} missing`);
  return element as T;
};

const escapeHtml = (text: string): string => text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);

type RunState = "idle" | "connecting" | "running" | "ended" | "disconnected" | "error";
const MAX_TRACK_POINTS = 5000;

interface ViewState {
  state: RunState;
  message: string;
  epoch: Epoch | undefined;
  epochCount: number;
  track: Array<[number, number]>;
  diagnostics: Partial<Record<DiagnosticKind, number>>;
  links: string[];
  /** Why there is no fix yet and what the sky shows (gnsskit/diagnosis), after the last epoch */
  diagnosis: Diagnosis | undefined;
}

const fresh = (): ViewState => ({
  state: "idle",
  message: "No source",
  epoch: undefined,
  epochCount: 0,
  track: [],
  diagnostics: {},
  links: [],
  diagnosis: undefined,
});

let view = fresh();
let gps: Gps | undefined;
let renderQueued = false;

function scheduleRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    render();
  });
}

function setText(id: string, text: string): void {
  const element = $(id);
  if (element.textContent !== text) element.textContent = text;
}

function render(): void {
  const status = $("status");
  status.dataset.state = view.state;
  setText("status-text", view.message);
  ($("stop") as HTMLButtonElement).disabled = view.state !== "running" && view.state !== "connecting";

  const trackerState = gps?.tracker?.state;
  const epoch = view.epoch;
  const fix = fixLabel(epoch, trackerState?.fixState);
  const fixElement = $("fix");
  fixElement.dataset.mode = fix.mode;
  fixElement.dataset.quality = fix.quality;
  fixElement.dataset.state = trackerState?.fixState.kind ?? "idle";
  setText("fix", fix.text);

  const ttff = trackerState?.ttff;
  const ttffElement = $("ttff");
  if (ttff?.ttffMs === undefined) delete ttffElement.dataset.ttffMs;
  else ttffElement.dataset.ttffMs = String(ttff.ttffMs);
  setText("ttff", ttff === undefined || ttff.ttffMs !== undefined ? formatSeconds(ttff?.ttffMs) : (ttffNotMeasuredText(ttff) ?? "—"));
  setText("first3d", formatSeconds(ttff?.first3dMs));
  const start = trackerState?.start;
  $("start-type").dataset.start = start?.type ?? "";
  setText("start-type", startText(start));
  $("why").innerHTML = (view.diagnosis?.lines ?? []).map((l) => `<li class="${l.kind}" data-rule="${l.rule}">${escapeHtml(l.text)}</li>`).join("");
  setText("start-evidence", start && start.evidence.length > 0 ? start.evidence.join("; ") : "");
  setText(
    "utc",
    epoch?.timeMs === undefined
      ? "—"
      : new Date(epoch.timeMs)
          .toISOString()
          .replace("T", " ")
          .replace(/\.\d+Z$/, "Z"),
  );

  const lat = $("lat");
  const lon = $("lon");
  const hasFix = epoch !== undefined && epoch.mode !== "none";
  lat.dataset.deg = hasFix && epoch.latitudeDeg !== undefined ? String(epoch.latitudeDeg) : "";
  lon.dataset.deg = hasFix && epoch.longitudeDeg !== undefined ? String(epoch.longitudeDeg) : "";
  setText("lat", hasFix ? formatCoordinate(epoch.latitudeDeg, "N", "S") : "—");
  setText("lon", hasFix ? formatCoordinate(epoch.longitudeDeg, "E", "W") : "—");
  setText("alt", hasFix && epoch.altitudeMslM !== undefined ? `${epoch.altitudeMslM.toFixed(1)} m` : "—");
  setText("speed", hasFix && epoch.speedMps !== undefined ? `${(epoch.speedMps * 3.6).toFixed(1)} km/h` : "—");
  const dop = epoch?.dop;
  setText("dop", dop?.hdop === undefined && dop?.pdop === undefined ? "—" : `${dop?.hdop ?? "—"} / ${dop?.pdop ?? "—"}`);
  setText("eph", hasFix && epoch.ephM !== undefined ? `± ${epoch.ephM.toFixed(1)} m` : "—");

  const sats = epoch?.satellites;
  setText("used-count", sats ? String(sats.usedCount) : "—");
  setText("tracked-count", sats ? String(sats.trackedCount) : "—");
  setText("inview-count", sats ? String(sats.inViewCount) : "—");

  const stats = gps?.stats;
  const diagnosticRows = Object.entries(view.diagnostics)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `<dt>${kind}</dt><dd data-kind="${kind}">${n}</dd>`)
    .join("");
  $("diagnostics").innerHTML =
    `<dt>epochs</dt><dd id="epoch-count">${view.epochCount}</dd><dt>sentences</dt><dd>${stats?.sentences ?? 0}</dd><dt>bytes</dt><dd>${stats?.bytes ?? 0}</dd>` +
    (diagnosticRows === "" ? '<dt>problems</dt><dd class="ok">none</dd>' : diagnosticRows);

  $("map").innerHTML = renderMap(view.track, hasFix ? epoch : undefined);
  $("sky").innerHTML = renderSky(sats?.satellites ?? [], view.diagnosis?.mask.blocked);
  $("bars").innerHTML = renderBars(sats?.satellites ?? []);
  $("link-log").innerHTML = view.links.map((line) => `<li>${escapeHtml(line)}</li>`).join("");
}

const linkText = (link: LinkEvent): string => {
  switch (link.type) {
    case "connected":
      return `connected${link.detail ? `: ${link.detail}` : ""}`;
    case "disconnected":
      return `disconnected: ${link.reason}`;
    case "reconnected":
      return `reconnected after ${(link.downForMs / 1000).toFixed(1)} s`;
    case "baud-detected":
      return `baud rate detected: ${link.baudRate}`;
    case "info":
      return link.message;
  }
};

function note(line: string): void {
  view.links = [...view.links.slice(-11), `${new Date().toLocaleTimeString()}  ${line}`];
}

async function stop(): Promise<void> {
  const running = gps;
  if (running === undefined) return;
  await running.close().catch(() => undefined);
}

async function runSource(makeSource: () => Promise<Source>, label: string): Promise<void> {
  await stop();
  view = fresh();
  view.state = "connecting";
  view.message = `Opening ${label}…`;
  scheduleRender();
  let source: Source;
  try {
    source = await makeSource();
  } catch (error) {
    view.state = "idle";
    view.message = error instanceof Error && error.name === "NotFoundError" ? "No device chosen" : `Could not open: ${String(error)}`;
    scheduleRender();
    return;
  }
  const pipeline = openGps({ source });
  gps = pipeline;
  const mine = (): boolean => gps === pipeline;
  // a log read as fast as it goes has no clock of its own: the diagnosis runs on its sentences' times
  const { onDiagnosis } = watchDiagnosis(pipeline, { clock: source.clock === undefined && !source.live ? "sentence" : "receive" });
  onDiagnosis((diagnosis) => {
    if (mine()) view.diagnosis = diagnosis;
  });
  // The listener face for the counters, the `for await` face for epochs.
  pipeline.on("diagnostic", ({ diagnostic }) => {
    view.diagnostics[diagnostic.kind] = (view.diagnostics[diagnostic.kind] ?? 0) + 1;
  });
  pipeline.on("link", ({ link }) => {
    note(linkText(link));
    scheduleRender();
  });
  pipeline.on("first-fix", ({ ttffMs, cyclesBeforeFix, fixAtStart, mode }) =>
    note(
      ttffMs === undefined
        ? `first fix (${mode.toUpperCase()}): TTFF ${ttffNotMeasuredText({ ...(cyclesBeforeFix === undefined ? {} : { cyclesBeforeFix }), ...(fixAtStart === undefined ? {} : { fixAtStart }) }) ?? "not measured"}`
        : `first fix (${mode.toUpperCase()}) after ${formatSeconds(ttffMs)}`,
    ),
  );
  pipeline.on("fix-lost", ({ reason }) => note(`fix lost (${reason})`));
  pipeline.on("reacquired", ({ gapMs }) => note(`fix reacquired after ${formatSeconds(gapMs)}`));
  try {
    let first = true;
    for await (const epoch of pipeline.epochs()) {
      if (!mine()) break;
      if (first) {
        view.state = "running";
        view.message = `${source.name}`;
        first = false;
      }
      view.epoch = epoch;
      view.epochCount++;
      if (epoch.mode !== "none" && epoch.latitudeDeg !== undefined && epoch.longitudeDeg !== undefined) {
        view.track.push([epoch.latitudeDeg, epoch.longitudeDeg]);
        // Keep every other point when the track grows long: bounded memory, the shape stays.
        if (view.track.length > MAX_TRACK_POINTS) view.track = view.track.filter((_, i) => i % 2 === 0);
      }
      scheduleRender();
    }
    if (mine()) {
      view.state = "ended";
      view.message = `${source.name}: ended, ${view.epochCount} epochs`;
    }
  } catch (error) {
    if (mine()) {
      const disconnected = typeof error === "object" && error !== null && "disconnected" in error && error.disconnected === true;
      view.state = disconnected ? "disconnected" : "error";
      view.message = error instanceof Error ? error.message : String(error);
    }
  }
  scheduleRender();
}

function setUp(): void {
  const serialButton = $<HTMLButtonElement>("serial-connect");
  if (nav.serial === undefined) {
    serialButton.disabled = true;
    $("serial-note").textContent = window.isSecureContext
      ? "Web Serial is not available in this browser (Chrome or Edge 89+ on desktop)"
      : "Web Serial needs a secure context (https or localhost)";
    $("serial-note").classList.add("unsupported");
  }
  serialButton.addEventListener("click", () => {
    const serial = nav.serial;
    if (serial === undefined) return;
    const baud = $<HTMLSelectElement>("serial-baud").value;
    void runSource(async () => {
      const port = await serial.requestPort({});
      return createWebSerialSource(port, { baudRate: baud === "auto" ? "auto" : Number(baud) });
    }, "serial port");
  });

  const bleButton = $<HTMLButtonElement>("ble-connect");
  if (nav.bluetooth === undefined) {
    bleButton.disabled = true;
    $("ble-note").textContent = "Web Bluetooth is not available in this browser (Chrome or Edge; on Linux behind a flag)";
    $("ble-note").classList.add("unsupported");
  }
  bleButton.addEventListener("click", () => {
    const bluetooth = nav.bluetooth;
    if (bluetooth === undefined) return;
    const service = $<HTMLSelectElement>("ble-service").value;
    void runSource(async () => {
      const device = await bluetooth.requestDevice({ acceptAllDevices: true, optionalServices: [...WEB_BLE_SERVICE_UUIDS] });
      return createWebBluetoothSource(device, service === "nus" || service === "ffe0" ? { service } : {});
    }, "Bluetooth device");
  });

  const fileInput = $<HTMLInputElement>("log-file");
  fileInput.addEventListener("change", () => {
    const file = fileInput.files?.[0];
    if (file === undefined) return;
    const speedValue = $<HTMLSelectElement>("log-speed").value;
    const speed = speedValue === "max" ? Infinity : Number(speedValue);
    fileInput.value = "";
    void runSource(async () => createFileReplaySource(file, { speed }), file.name);
  });

  $("stop").addEventListener("click", () => {
    void stop();
  });
  render();
}

setUp();
