#!/usr/bin/env python3
"""A fake receiver on a pseudo-terminal that only makes sense at its true baud rate.

On Linux the master side of a pty reads the termios the client set on the slave, so this
process knows the speed the client chose (transports.md §2): at the true rate it writes valid
NMEA, at any other rate random noise of the same length, as a real UART would deliver.

Usage: fakegps_baud.py TRUE_BAUD LINK [--interval S]
  Creates LINK (a symlink to the slave /dev/pts/N), prints the slave path, then every
  interval writes a GGA plus a numbered $GPTXT. PMTK commands it receives are acked with
  $PMTK001,<cmd>,3 (at the true rate). Stops on SIGTERM/SIGINT and removes LINK.
"""
import os, pty, random, select, signal, sys, termios, time

TRUE = int(sys.argv[1])
LINK = sys.argv[2]
INTERVAL = float(sys.argv[sys.argv.index('--interval') + 1]) if '--interval' in sys.argv else 0.1
SPEEDS = {getattr(termios, 'B%d' % b): b for b in
          (4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600) if hasattr(termios, 'B%d' % b)}

master, slave = pty.openpty()
os.set_blocking(master, False)
if os.path.lexists(LINK):
    os.unlink(LINK)
os.symlink(os.ttyname(slave), LINK)
print(os.ttyname(slave), flush=True)


def stop(*_):
    if os.path.islink(LINK) and os.readlink(LINK) == os.ttyname(slave):
        os.unlink(LINK)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)


def sentence(body):
    c = 0
    for x in body.encode():
        c ^= x
    return ('$%s*%02X\r\n' % (body, c)).encode()


def client_speed():
    try:
        return SPEEDS.get(termios.tcgetattr(master)[5])
    except termios.error:
        return None


seq = 0
inbox = b''
while True:
    seq += 1
    now = time.strftime('%H%M%S', time.gmtime())
    data = sentence('GPGGA,%s.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,' % now)
    data += sentence('GPTXT,01,01,02,SEQ %06d' % seq)
    at_true_rate = client_speed() == TRUE
    try:
        ready, _, _ = select.select([master], [], [], 0)
        if ready:
            inbox += os.read(master, 4096)
    except OSError:
        pass  # no client has the slave open yet
    while b'\n' in inbox:
        line, inbox = inbox.split(b'\n', 1)
        text = line.strip().decode('ascii', 'replace')
        if text.startswith('$PMTK') and '*' in text and at_true_rate:
            data += sentence('PMTK001,%s,3' % text[5:8])
    if not at_true_rate:
        data = bytes(random.randrange(256) for _ in data)
    try:
        os.write(master, data)
    except OSError:
        pass  # output buffer full while nobody reads: drop, like a UART
    time.sleep(INTERVAL)
