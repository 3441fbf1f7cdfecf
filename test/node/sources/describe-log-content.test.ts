// What a log that gave no NMEA looks like, in the words of its one-line message: read past its leading comment
// lines (gpsd's logs begin with a `#` header), receivers' binary protocols named.
import { describe, expect, it } from "vitest";
import { describeLogContent } from "../../../src/node/sources/log-file.js";

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === "string" ? Array.from(part, (c) => c.charCodeAt(0)) : part)));
const header = "# Name: a receiver\n# Notes: a comment header, as gpsd's regression logs have\n#\n";

describe("describeLogContent", () => {
  it("names a protocol past the comment header", () => {
    expect(describeLogContent(bytes(header, [0xa0, 0xa2, 0x00, 0x02, 0x04, 0x00]))).toBe("SiRF binary, no NMEA");
    expect(describeLogContent(bytes(header, [0xb5, 0x62, 0x01, 0x07]))).toBe("u-blox UBX binary, no NMEA");
    expect(describeLogContent(bytes(header, [0xd3, 0x00, 0x13, 0x3e, 0xd0]))).toBe("RTCM 3 binary, no NMEA");
    expect(describeLogContent(bytes(header, "@@Ea", [0x07, 0xd4, 0x00]))).toBe("Motorola Oncore binary, no NMEA");
  });

  it("a 0xD3 byte with its reserved bits set is no RTCM 3 preamble; text stays text", () => {
    expect(describeLogContent(bytes([0xd3, 0xfc, 0x01, 0x02, 0x03, 0x04]))).toBe("binary data");
    expect(describeLogContent(bytes(header, "hello, this is a plain text file\n"))).toBe("text");
    expect(describeLogContent(bytes(header))).toBe("text");
    expect(describeLogContent(bytes(header, '{"class":"TPV"}\n'))).toBe("JSON text");
    expect(describeLogContent(new Uint8Array(0))).toBeUndefined();
  });
});
