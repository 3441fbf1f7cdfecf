// `gnsskit locate` and `decode --methods network` as processes against a hostile service of the test's own:
// nothing on stdout or stderr carries the API key (from the URL or GNSSKIT_GEOLOCATION_KEY) or a terminal
// control character from the service, and an https service redirecting to http is refused in one line.

import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selfSignedCertificate, startHostileServer, TERMINAL_CONTROL, type HostileServer } from "./hostile-server.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const BIN = `${root}bin/gnsskit.js`;
const WIFI = `${root}fixtures/network/nmcli-wifi.txt`;

function built(): boolean {
  if (!existsSync(`${root}dist/cli/main.js`)) return false;
  try {
    execFileSync(process.execPath, [BIN, "locate", "--help"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const hasCli = built();
if (!hasCli) console.warn("skipped: the CLI is not in dist/ (run `npm run build`)");

const URL_KEY = "urlsecret-31c5";
const ENV_KEY = "envsecret-7be2";

let stateDir: string;
function gnsskit(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { timeout: 30_000, env: { ...process.env, GNSSKIT_STATE_DIR: stateDir, GNSSKIT_GEOLOCATION_KEY: ENV_KEY, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

let hostile: HostileServer;
beforeAll(async () => {
  hostile = await startHostileServer();
  stateDir = mkdtempSync(join(tmpdir(), "gnsskit-hostile-state-"));
});
afterAll(async () => {
  await hostile.close();
  rmSync(stateDir, { recursive: true, force: true });
});

describe.skipIf(!hasCli).concurrent("locate and decode --methods network against a hostile service", () => {
  const failures = ["/echo-key", "/hang", "/escapes-error", "/redirect-away", "/gzip-bomb?mib=64"];
  for (const path of failures) {
    for (const json of [false, true]) {
      it(`locate ${path}${json ? " --json" : ""}: exit 1, one line, no key, no control character`, async () => {
        const [route, query] = path.split("?");
        const provider = `${hostile.url(route!)}?key=${URL_KEY}${query ? `&${query}` : ""}`;
        const out = await gnsskit(["locate", "--provider", provider, "--wifi", WIFI, "--timeout", "0.5", ...(json ? ["--json"] : [])]);
        expect(out.code).toBe(1);
        const errorLines = out.stderr.split("\n").filter((l) => l.startsWith("gnsskit: ") && !l.startsWith("gnsskit: note: "));
        expect(errorLines).toHaveLength(1);
        for (const text of [out.stdout, out.stderr]) {
          expect(text).not.toContain(URL_KEY);
          expect(text).not.toContain(ENV_KEY);
          expect(text).not.toMatch(TERMINAL_CONTROL);
        }
        if (json) expect(JSON.parse(out.stdout)).toMatchObject({ method: "network", error: { message: expect.stringContaining("?key=***") } });
      });
    }
  }

  it("locate: the fallback a service names is escaped on the terminal", async () => {
    const out = await gnsskit(["locate", "--provider", hostile.url("/escapes-fallback"), "--wifi", WIFI]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("ipf\\x1b]0;owned\\x07");
    expect(out.stdout).not.toMatch(TERMINAL_CONTROL);
  });

  it("decode --methods network: the methods table and event lines carry no key", async () => {
    // paced: at speed=max the 30 simulated seconds can end before the refusal is read
    const out = await gnsskit([
      "decode",
      "sim:?speed=20&duration=30",
      "--methods",
      "network",
      "--provider",
      `${hostile.url("/echo-key")}?key=${URL_KEY}`,
      "--wifi",
      WIFI,
    ]);
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/^network .*HTTP 400 keyInvalid/m);
    expect(out.stderr).not.toContain(URL_KEY);
    expect(out.stderr).not.toContain(ENV_KEY);
  });
});

describe.skipIf(!hasCli)("https service redirecting to http", () => {
  const certificate = selfSignedCertificate();
  if ("missing" in certificate) console.warn(`skipped: ${certificate.missing}`);
  it.skipIf("missing" in certificate)("is refused: the observations never travel unencrypted", async () => {
    if ("missing" in certificate) return;
    const plain = await startHostileServer();
    const secure = await startHostileServer({ tls: certificate, elsewhere: () => plain.url("/ok") });
    try {
      const out = await gnsskit(["locate", "--provider", secure.url("/redirect-away"), "--wifi", WIFI], { NODE_EXTRA_CA_CERTS: certificate.certPath });
      expect(secure.requests.map((r) => r.url)).toEqual(["/redirect-away?key=" + ENV_KEY]);
      expect(plain.requests).toEqual([]);
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(
        /^gnsskit: ichnaea https:\/\/127\.0\.0\.1:\d+\/redirect-away: redirected from https to http: not followed \(the request would travel unencrypted\)/m,
      );
      // the control: the same service over https answers when it does not redirect
      const ok = await gnsskit(["locate", "--provider", secure.url("/ok"), "--wifi", WIFI], { NODE_EXTRA_CA_CERTS: certificate.certPath });
      expect(ok.code).toBe(0);
    } finally {
      await secure.close();
      await plain.close();
      certificate.remove();
    }
  });
});
