// Node sources: serial, TCP, UDP, gpsd, stdin, files; port listing and probing.

export { createSerialSource, type SerialSource, type SerialSourceOptions, type SerialPortLike } from "./serial.js";
export { createTcpSource, type TcpSourceOptions } from "./tcp.js";
export { createUdpSource, type UdpSource, type UdpSourceOptions } from "./udp.js";
export { createGpsdSource, type GpsdSourceOptions } from "./gpsd-client.js";
export { createStdinSource, type StdinSourceOptions } from "./stdin.js";
export { createFileSource, type FileSourceOptions } from "./file.js";
export {
  listSerialPorts,
  probePort,
  classifyPort,
  GNSS_USB_IDS,
  type PortInfo,
  type PortListing,
  type GnssLikelihood,
  type ListSerialPortsOptions,
  type ProbeOptions,
  type ProbeResult,
} from "./ports.js";
export {
  huntBaudRate,
  createLinkValidator,
  HUNT_BAUD_RATES,
  type BaudHuntOptions,
  type BaudHuntPort,
  type BaudHuntResult,
  type LinkValidator,
  type LinkVerdict,
} from "../../sources/autobaud.js";
export { createReconnectPolicy, type ReconnectOptions, type ReconnectPolicy } from "../../sources/reconnect.js";
export type { LinkSource } from "../../sources/link-source.js";
