// A connection to an MQTT broker through MQTT.js, for `publish` and the `mqtt://` SOURCE: the first
// connection must succeed (a typo in the URL, refused credentials or a certificate the host does not trust is
// one clear line at once, never a retry loop); after that MQTT.js reconnects every second and the caller hears
// of it as link events. MQTT 5 (message expiry, receive maximum) unless the broker only speaks 3.1.1.

import { randomBytes } from "node:crypto";
import mqtt, { type IClientOptions, type IConnackPacket, type MqttClient } from "mqtt";
import { SourceError } from "../../sources/source.js";
import { describeBroker, type BrokerAddress } from "../../sources/spec.js";
import type { LinkEvent } from "../../types.js";

export interface BrokerConnectOptions {
  /** `publish` or `fleet`: part of the client id (with random bytes: two gnsskits never take over each other's session). */
  role: string;
  will?: IClientOptions["will"];
  /** Link news after the first connection: disconnected (with why), reconnected. */
  onLink?: (event: LinkEvent) => void;
  /** The broker refused us after the first connection (credentials revoked): the connection is over. */
  onFatal?: (error: SourceError) => void;
  /**
   * Keep the session on the broker across our reconnections (MQTT 5: for `expiryS` after a disconnect): what
   * arrives for our subscriptions while we are cut off waits for us. 3.1.1 has no expiry: a clean session there.
   */
  session?: { expiryS: number };
  /** Waiting for the first CONNACK, ms (default 10 s). */
  connectTimeoutMs?: number;
}

export interface BrokerConnection {
  readonly client: MqttClient;
  /** `mqtt://host:port`, without the password. */
  readonly name: string;
  /** 5, or 4 (3.1.1) when the broker refused 5. */
  readonly protocolVersion: 4 | 5;
  /** QoS 1 messages the broker takes unacknowledged at once (MQTT 5 Receive Maximum; 3.1.1: ours). */
  readonly receiveMaximum: number;
  /** Ends the connection; `flush` waits for what is in flight first. */
  close(flush?: boolean): Promise<void>;
}

/** Login refused: 3.1.1 return codes 4, 5; MQTT 5 reason codes 134 (bad user name or password), 135 (not authorized). */
const AUTH_CODES = new Set([4, 5, 134, 135]);
/** The broker does not speak MQTT 5: 3.1.1 return code 1, MQTT 5 reason code 132. */
const VERSION_CODES = new Set([1, 132]);
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO|HOSTNAME|ALTNAME/;

/** One line saying why a connection to `name` failed, and what to try. */
export function describeConnectError(name: string, error: unknown, protocol: BrokerAddress["protocol"]): string {
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as { code?: unknown }).code;
  if (typeof code === "number") {
    if (AUTH_CODES.has(code)) return `${name}: the broker refused the login (${err.message.replace(/^Connection refused: /, "")}): check the user and password`;
    return `${name}: the broker refused the connection: ${err.message.replace(/^Connection refused: /, "")}`;
  }
  const message = err.message.replace(/^(connect|read|getaddrinfo) /, "");
  switch (code) {
    case "ECONNREFUSED":
      return `${name}: connection refused: no broker listens there`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `${name}: host not found`;
    case "ECONNRESET":
      return protocol === "mqtt"
        ? `${name}: the broker closed the connection at once (a TLS listener? then mqtts://)`
        : `${name}: connection reset (${message})`;
    default:
      if (typeof code === "string" && TLS_CODES.test(code)) {
        return `${name}: TLS failed: ${message} (a broker with a private CA: NODE_EXTRA_CA_CERTS=ca.pem)`;
      }
      return `${name}: cannot connect: ${message}`;
  }
}

export function clientIdFor(role: string): string {
  return `gnsskit-${role}-${randomBytes(6).toString("hex")}`;
}

/** Connects; rejects with a SourceError saying why when the first connection fails. */
export async function connectBroker(broker: BrokerAddress, options: BrokerConnectOptions): Promise<BrokerConnection> {
  const name = describeBroker(broker);
  const password = broker.password ?? (broker.username === undefined ? undefined : process.env.GNSSKIT_MQTT_PASSWORD);
  const attempt = (protocolVersion: 4 | 5): Promise<{ client: MqttClient; receiveMaximum: number } | "downgrade"> =>
    new Promise((resolve, reject) => {
      const client = mqtt.connect({
        protocol: broker.protocol,
        host: broker.host,
        port: broker.port,
        ...(broker.username === undefined ? {} : { username: broker.username }),
        ...(password === undefined ? {} : { password }),
        clientId: clientIdFor(options.role),
        protocolVersion,
        clean: options.session === undefined || protocolVersion === 4,
        ...(options.session !== undefined && protocolVersion === 5 ? { properties: { sessionExpiryInterval: options.session.expiryS } } : {}),
        reconnectPeriod: 1000,
        connectTimeout: options.connectTimeoutMs ?? 10_000,
        // mqtt-packet's cache of the 65,536 two-byte numbers is made at the first packet: 65,536 Buffers, about
        // 100 ms of CPU and GC at every publish, monitor or fleet start, for a publisher sending a few packets a second
        writeCache: false,
        ...(options.will === undefined ? {} : { will: options.will }),
      });
      const timer = setTimeout(
        () => fail(new Error(`no answer within ${((options.connectTimeoutMs ?? 10_000) / 1000).toFixed(0)} s`)),
        options.connectTimeoutMs ?? 10_000,
      );
      const fail = (error: unknown): void => {
        clearTimeout(timer);
        client.off("error", fail);
        client.off("connect", connected);
        client.on("error", () => undefined); // late socket errors of the client being ended
        client.end(true);
        const code = (error as { code?: unknown }).code;
        if (protocolVersion === 5 && typeof code === "number" && VERSION_CODES.has(code)) resolve("downgrade");
        else reject(new SourceError(describeConnectError(name, error, broker.protocol), { cause: error }));
      };
      const connected = (connack: IConnackPacket): void => {
        clearTimeout(timer);
        client.off("error", fail);
        resolve({ client, receiveMaximum: connack.properties?.receiveMaximum ?? 65_535 });
      };
      client.once("error", fail);
      client.once("connect", connected);
    });

  let protocolVersion: 4 | 5 = 5;
  let connected = await attempt(5);
  if (connected === "downgrade") {
    protocolVersion = 4;
    connected = await attempt(4);
    if (connected === "downgrade") throw new SourceError(`${name}: the broker speaks neither MQTT 5 nor 3.1.1`);
  }
  const { client, receiveMaximum } = connected;

  let closing = false;
  let lastError: string | undefined;
  let downSinceMs: number | undefined;
  client.on("error", (error) => {
    lastError = describeConnectError(name, error, broker.protocol);
    const code = (error as { code?: unknown }).code;
    if (typeof code === "number" && !closing) options.onFatal?.(new SourceError(lastError, { cause: error }));
  });
  client.on("close", () => {
    if (closing || downSinceMs !== undefined) return;
    downSinceMs = Date.now();
    options.onLink?.({ type: "disconnected", reason: lastError?.replace(`${name}: `, "") ?? "connection lost", retryInMs: 1000 });
  });
  client.on("connect", () => {
    if (downSinceMs === undefined) return;
    const downForMs = Date.now() - downSinceMs;
    downSinceMs = undefined;
    lastError = undefined;
    options.onLink?.({ type: "reconnected", downForMs });
  });

  return {
    client,
    name,
    protocolVersion,
    receiveMaximum,
    close: async (flush = true) => {
      closing = true;
      await new Promise<void>((resolve) => client.end(!flush || !client.connected, {}, () => resolve()));
    },
  };
}
