#!/usr/bin/env python3
"""A fake MediaTek receiver on one end of a socat pty pair, for the driver tests.

Usage: fake_mtk_receiver.py TTY RECORD
  Prints "ready", then every 0.2 s writes a GGA; every byte it receives is appended to RECORD as is;
  each complete $PMTK command with a good checksum is acked $PMTK001,<cmd>,3 except those real chips never
  ack (restarts 101-104, baud 251). Stops on SIGTERM.
"""
import os, re, select, signal, sys, termios, time, tty

path, record = sys.argv[1], sys.argv[2]
fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
tty.setraw(fd)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))


def line(body):
    c = 0
    for ch in body.encode():
        c ^= ch
    return ('$%s*%02X\r\n' % (body, c)).encode()


buffer = b''
next_fix = 0.0
print('ready', flush=True)
with open(record, 'ab', buffering=0) as out:
    while True:
        now = time.time()
        if now >= next_fix:
            os.write(fd, line('GPGGA,%s,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,' % time.strftime('%H%M%S', time.gmtime(now))))
            next_fix = now + 0.2
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        data = os.read(fd, 4096)
        out.write(data)
        buffer += data
        while b'\n' in buffer:
            raw, buffer = buffer.split(b'\n', 1)
            m = re.match(rb'^\$(PMTK(\d{3})[^*]*)\*([0-9A-F]{2})\r?$', raw)
            if not m:
                continue
            c = 0
            for ch in m.group(1):
                c ^= ch
            cmd = int(m.group(2))
            if c == int(m.group(3), 16) and not (101 <= cmd <= 104 or cmd == 251):
                os.write(fd, line('PMTK001,%d,3' % cmd))
