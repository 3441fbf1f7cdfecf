import { describe, expect, it } from "vitest";
import { createRequestParser, type GpsdRequest } from "../../src/node/gpsd-server/request-parser.js";
import { initialWatchPolicy, mergeWatch, watchObject } from "../../src/node/gpsd-server/protocol.js";

type Want = { kind: "command"; name: string; argument?: Record<string, unknown> } | { kind: "invalid"; name: string } | { kind: "oversize" };

const summarise = (requests: GpsdRequest[]): Want[] =>
  requests.map((r) => {
    if (r.kind === "oversize") return { kind: "oversize" };
    if (r.kind === "invalid") return { kind: "invalid", name: r.name };
    return r.argument === undefined ? { kind: "command", name: r.name } : { kind: "command", name: r.name, argument: r.argument };
  });

// Every form transports.md §6 records from real clients, plus the edge cases around them.
const cases: Array<{ name: string; input: string; want: Want[] }> = [
  { name: "gpspipe -w", input: '?WATCH={"enable":true,"json":true};\n', want: [{ kind: "command", name: "WATCH", argument: { enable: true, json: true } }] },
  { name: "gpspipe -r", input: '?WATCH={"enable":true,"nmea":true};\n', want: [{ kind: "command", name: "WATCH", argument: { enable: true, nmea: true } }] },
  {
    name: "python3-gps: no ';'",
    input: '?WATCH={"enable":true,"json":true}\n',
    want: [{ kind: "command", name: "WATCH", argument: { enable: true, json: true } }],
  },
  {
    name: "xgps: scaled",
    input: '?WATCH={"enable":true,"json":true,"scaled":true}\n',
    want: [{ kind: "command", name: "WATCH", argument: { enable: true, json: true, scaled: true } }],
  },
  { name: "gpsmon: CRLF, no enable", input: '?WATCH={"raw":2,"pps":true}\r\n', want: [{ kind: "command", name: "WATCH", argument: { raw: 2, pps: true } }] },
  {
    name: "OpenCPN: no terminator, class key",
    input: '?WATCH={"class":"WATCH", "nmea":true}',
    want: [{ kind: "command", name: "WATCH", argument: { class: "WATCH", nmea: true } }],
  },
  {
    name: "embedded: CRLF",
    input: '?WATCH={"enable":true,"nmea":true}\r\n',
    want: [{ kind: "command", name: "WATCH", argument: { enable: true, nmea: true } }],
  },
  { name: "argument-less with ;", input: "?POLL;", want: [{ kind: "command", name: "POLL" }] },
  { name: "argument-less with LF", input: "?DEVICES\n", want: [{ kind: "command", name: "DEVICES" }] },
  { name: "argument-less with CRLF", input: "?VERSION\r\n", want: [{ kind: "command", name: "VERSION" }] },
  {
    name: "several requests in one read",
    input: '?WATCH={"enable":true};?POLL;\n?DEVICE;?VERSION;',
    want: [
      { kind: "command", name: "WATCH", argument: { enable: true } },
      { kind: "command", name: "POLL" },
      { kind: "command", name: "DEVICE" },
      { kind: "command", name: "VERSION" },
    ],
  },
  {
    name: "braces inside strings",
    input: '?WATCH={"device":"/dev/{x}\\"}"}\n',
    want: [{ kind: "command", name: "WATCH", argument: { device: '/dev/{x}"}' } }],
  },
  { name: "junk before and between is dropped", input: "hello\r\nGET / HTTP/1.0\r\n?POLL;garbage\n", want: [{ kind: "command", name: "POLL" }] },
  { name: "only junk", input: "$GPGGA,1,2,3*00\r\nrandom bytes\n", want: [] },
  { name: "unknown command is still a request", input: "?BOGUS;\n", want: [{ kind: "command", name: "BOGUS" }] },
  { name: "lower case is a different (unknown) name", input: "?watch;\n", want: [{ kind: "command", name: "watch" }] },
  { name: "malformed JSON", input: "?WATCH={bad json}\n", want: [{ kind: "invalid", name: "WATCH" }] },
  { name: "JSON that is not an object", input: "?WATCH=[1,2]\n", want: [{ kind: "invalid", name: "WATCH" }] },
  {
    name: "'=' without an object",
    input: "?WATCH=true\n?POLL;",
    want: [
      { kind: "invalid", name: "WATCH" },
      { kind: "command", name: "POLL" },
    ],
  },
  // A line end ends a request: an object still open there is invalid and the next line is parsed.
  {
    name: "unclosed object before LF",
    input: "?WATCH={bad json;\n?VERSION;\n",
    want: [
      { kind: "invalid", name: "WATCH" },
      { kind: "command", name: "VERSION" },
    ],
  },
  {
    name: "unclosed valid-looking object before LF",
    input: '?WATCH={"enable":true,"json":true\n?DEVICES;',
    want: [
      { kind: "invalid", name: "WATCH" },
      { kind: "command", name: "DEVICES" },
    ],
  },
  {
    name: "unclosed object before CRLF",
    input: '?WATCH={"enable":true\r\n?POLL\r\n',
    want: [
      { kind: "invalid", name: "WATCH" },
      { kind: "command", name: "POLL" },
    ],
  },
  {
    name: "line end inside an unclosed string",
    input: '?WATCH={"device":"/dev/x\n?POLL;',
    want: [
      { kind: "invalid", name: "WATCH" },
      { kind: "command", name: "POLL" },
    ],
  },
  {
    name: "line end after a backslash in a string",
    input: '?WATCH={"device":"x\\\n?POLL;',
    want: [
      { kind: "invalid", name: "WATCH" },
      { kind: "command", name: "POLL" },
    ],
  },
  {
    name: "nested objects balance",
    input: '?DEVICE={"path":"/dev/x","x":{"y":{}}};',
    want: [{ kind: "command", name: "DEVICE", argument: { path: "/dev/x", x: { y: {} } } }],
  },
];

describe("gpsd request parser", () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(summarise(createRequestParser().push(c.input))).toEqual(c.want);
    });
  }

  it("gives the same requests whatever the split into reads", () => {
    const input = 'junk?WATCH={"class":"WATCH", "nmea":true}?POLL;\r\n?WATCH={"enable":true,"json":true}\n?DEVICES;';
    const whole = summarise(createRequestParser().push(input));
    expect(whole).toHaveLength(4);
    for (let cut = 0; cut <= input.length; cut++) {
      const parser = createRequestParser();
      const parts = [...parser.push(input.slice(0, cut)), ...parser.push(input.slice(cut))];
      expect(summarise(parts), `split at ${cut}`).toEqual(whole);
    }
    const parser = createRequestParser();
    const byChar = [...input].flatMap((ch) => parser.push(ch));
    expect(summarise(byChar)).toEqual(whole);
  });

  it("an unclosed request ends at its line end whatever the split into reads", () => {
    const input = '?WATCH={bad json;\n?VERSION;\n?WATCH={"enable":true,"json":true\r\n?DEVICES;\n?WATCH={"class":"WATCH", "nmea":true}';
    const whole = summarise(createRequestParser().push(input));
    expect(whole).toEqual([
      { kind: "invalid", name: "WATCH" },
      { kind: "command", name: "VERSION" },
      { kind: "invalid", name: "WATCH" },
      { kind: "command", name: "DEVICES" },
      { kind: "command", name: "WATCH", argument: { class: "WATCH", nmea: true } },
    ]);
    for (let cut = 0; cut <= input.length; cut++) {
      const parser = createRequestParser();
      const parts = [...parser.push(input.slice(0, cut)), ...parser.push(input.slice(cut))];
      expect(summarise(parts), `split at ${cut}`).toEqual(whole);
    }
    const parser = createRequestParser();
    expect(summarise([...input].flatMap((ch) => parser.push(ch)))).toEqual(whole);
    expect(parser.pendingLength).toBe(0);
  });

  it("an unclosed request keeps its text (without the line end) for the error message", () => {
    const [request] = createRequestParser().push('?WATCH={"enable":true\r\n');
    expect(request).toMatchObject({ kind: "invalid", name: "WATCH", text: '?WATCH={"enable":true' });
  });

  it("holds nothing for junk", () => {
    const parser = createRequestParser();
    parser.push("x".repeat(100_000));
    expect(parser.pendingLength).toBe(0);
  });

  it("a request over the cap is reported at once, and the request after it on the same line is answered (as gpsd does)", () => {
    const parser = createRequestParser({ maxRequestBytes: 64 });
    const first = parser.push(`?WATCH={"device":"${"a".repeat(30)}`);
    expect(first).toEqual([]);
    const second = parser.push("b".repeat(50));
    expect(summarise(second)).toEqual([{ kind: "oversize" }]);
    expect(parser.pendingLength).toBe(0);
    // the oversize request ends with its object, not with the line: `?POLL;` is a request of its own
    expect(summarise(parser.push('"}?POLL;\n'))).toEqual([{ kind: "command", name: "POLL" }]);
    expect(summarise(parser.push("?POLL;\n"))).toEqual([{ kind: "command", name: "POLL" }]);
  });

  it("whatever is over the cap (name, '=' padding, object, text after '='), the next request on the line is answered, whatever the split", () => {
    const inputs = [
      `?${"A".repeat(100)};?VERSION;\n`,
      `?${"A".repeat(100)}?VERSION;\n`,
      `?WATCH=${" ".repeat(100)}{"enable":true};?VERSION;\n`,
      `?WATCH={"device":"${"}".repeat(100)}"};?VERSION;\n`,
      `?WATCH={"a":[${"[".repeat(50)}${"]".repeat(50)}]}?VERSION;\n`,
      `?WATCH=${"x".repeat(100)}\n?VERSION;\n`,
      `?WATCH={"device":"${"a".repeat(100)}\n?VERSION;\n`,
    ];
    for (const input of inputs) {
      for (let cut = 0; cut <= input.length; cut += 7) {
        const parser = createRequestParser({ maxRequestBytes: 32 });
        const parts = [...parser.push(input.slice(0, cut)), ...parser.push(input.slice(cut))];
        expect(summarise(parts), `${input} split at ${cut}`).toEqual([{ kind: "oversize" }, { kind: "command", name: "VERSION" }]);
        expect(parser.pendingLength).toBe(0);
      }
    }
  });

  it("a complete request over the cap is refused", () => {
    const parser = createRequestParser({ maxRequestBytes: 32 });
    expect(summarise(parser.push(`?WATCH={"device":"${"a".repeat(40)}"};\n?POLL;`))).toEqual([{ kind: "oversize" }, { kind: "command", name: "POLL" }]);
  });

  it("an endless name or '=' padding is capped too", () => {
    const parser = createRequestParser({ maxRequestBytes: 32 });
    expect(summarise(parser.push(`?${"A".repeat(100)}`))).toEqual([{ kind: "oversize" }]);
    const padded = createRequestParser({ maxRequestBytes: 32 });
    expect(summarise(padded.push(`?WATCH=${" ".repeat(100)}`))).toEqual([{ kind: "oversize" }]);
  });

  it("keeps the request text for error messages", () => {
    const [request] = createRequestParser().push("?BOGUS;\n");
    expect(request).toMatchObject({ kind: "command", text: "?BOGUS;" });
  });
});

describe("WATCH policy", () => {
  const cases: Array<{ name: string; argument: Record<string, unknown>; want: Partial<ReturnType<typeof initialWatchPolicy>>; problems?: number }> = [
    { name: "enable defaults to true (gpsmon)", argument: { raw: 2, pps: true }, want: { enable: true, raw: 2, pps: true, json: false } },
    { name: "OpenCPN's class key is ignored", argument: { class: "WATCH", nmea: true }, want: { enable: true, nmea: true } },
    { name: "explicit disable", argument: { enable: false }, want: { enable: false } },
    { name: "json without enable", argument: { json: true }, want: { enable: true, json: true } },
    { name: "device filter", argument: { enable: true, json: true, device: "/dev/ttyUSB0" }, want: { device: "/dev/ttyUSB0" } },
    { name: "raw true means 1", argument: { raw: true }, want: { raw: 1 } },
    { name: "wrong types are skipped and reported", argument: { json: "yes", raw: 7, nmea: true }, want: { json: false, raw: 0, nmea: true }, problems: 2 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { policy, problems } = mergeWatch(initialWatchPolicy(), c.argument);
      expect(policy).toMatchObject(c.want);
      expect(problems).toHaveLength(c.problems ?? 0);
    });
  }

  it("merges into the previous policy", () => {
    const first = mergeWatch(initialWatchPolicy(), { enable: true, json: true }).policy;
    const second = mergeWatch(first, { nmea: true }).policy;
    expect(second).toMatchObject({ enable: true, json: true, nmea: true });
  });

  it("WATCH object carries every policy key as gpsd 3.22 does", () => {
    expect(Object.keys(watchObject(initialWatchPolicy()))).toEqual(["class", "enable", "json", "nmea", "raw", "scaled", "timing", "split24", "pps"]);
  });
});
