#!/usr/bin/env python3
"""Boots a Zeptux image again and again under multi-threaded TCG and runs monitor commands in each
boot, with a hard timeout for each; keeps the serial log of every boot that panics or hangs, with
QEMU's `info registers -a` (where each CPU is) and, when the CPUs spin on a lock (RBX of CPU 0),
that lock's words. Needs python3-pexpect (Debian: apt-get install python3-pexpect).

    scripts/smp-loop.py --image it/target/user/user.img --smp 8 --iters 20 \\
        --cmds @groupexit,@threads,@futex --repeat 2 --out /tmp/hangs

A command starting with @ runs a user program: @threads is `run /bin/threads /data`.
"""
import argparse, os, re, socket, sys, time
import pexpect

ap = argparse.ArgumentParser()
ap.add_argument('--image', required=True)
ap.add_argument('--smp', type=int, default=8)
ap.add_argument('--memory', default='256M')
ap.add_argument('--iters', type=int, default=20)
ap.add_argument('--timeout', type=int, default=120, help='seconds each command may take')
ap.add_argument('--cmds', default='@threads,@futex,@groupexit')
ap.add_argument('--repeat', type=int, default=1)
ap.add_argument('--out', default='smp-loop')
a = ap.parse_args()

def command(c):
    if not c.startswith('@'):
        return c
    p = c[1:].split()
    return 'run /bin/' + p[0] + ' /data' + ''.join(' ' + x for x in p[1:])

seq = [command(c) for c in a.cmds.split(',')] * a.repeat
os.makedirs(a.out, exist_ok=True)

def monitor(sock, text):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sock)
    s.settimeout(5)
    out = b''
    try:
        time.sleep(0.3)
        out += s.recv(65536)
        s.sendall((text + '\n').encode())
        time.sleep(2)
        while True:
            d = s.recv(65536)
            if not d:
                break
            out += d
    except OSError:
        pass
    s.close()
    return re.sub(r'\x1b\[[0-9;]*[A-Za-z]', '', out.decode('latin-1'))

bad = 0
for it in range(a.iters):
    sock = os.path.join(a.out, 'monitor-%d.sock' % os.getpid())
    q = pexpect.spawn('qemu-system-x86_64', ['-accel', 'tcg,thread=multi', '-m', a.memory, '-smp', str(a.smp),
        '-drive', 'file=%s,format=raw,snapshot=on' % a.image, '-display', 'none', '-no-reboot',
        '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04', '-serial', 'stdio',
        '-monitor', 'unix:%s,server,nowait' % sock, '-M', 'pc'], encoding='latin-1', maxread=65536)
    log, t0, at = [], time.time(), 'boot'
    try:
        q.expect('zeptux> ', timeout=120)
        log.append(q.before + q.after)
        for c in seq:
            at = c
            q.send(c + '\r')
            if q.expect(['zeptux> ', 'panic'], timeout=a.timeout) == 1:
                q.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=3)
                raise RuntimeError('panic')
            log.append(q.before + q.after)
        print('boot %d: ok, %.1f s' % (it, time.time() - t0), flush=True)
    except (pexpect.TIMEOUT, pexpect.EOF, RuntimeError) as e:
        bad += 1
        log.append(q.before if isinstance(q.before, str) else '')
        where = ''
        if q.isalive():
            where = monitor(sock, 'info registers -a')
            m = re.search(r'RBX=([0-9a-f]{16})', where)
            if m:
                where += '\n== the words at CPU 0\'s RBX (a lock it spins on?)\n' + monitor(sock, 'x /10gx 0x' + m.group(1))
        name = os.path.join(a.out, 'boot-%d-%d.log' % (os.getpid(), it))
        with open(name, 'w') as f:
            f.write(''.join(log) + '\n===== %s at %r after %.0f s\n' % (type(e).__name__, at, time.time() - t0) + where)
        print('boot %d: %s at %r after %.0f s -> %s' % (it, type(e).__name__, at, time.time() - t0, name), flush=True)
    q.terminate(force=True)
    if os.path.exists(sock):
        os.unlink(sock)
print('%d of %d boots panicked or hung' % (bad, a.iters))
sys.exit(1 if bad else 0)
