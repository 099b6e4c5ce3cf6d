#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Network figures in QEMU (TCG, q35, -smp 1) for virtio-net legacy and modern, e1000 and
e1000e, from the guest program tests/guest/netbench against a peer on a `-netdev stream`
unix socket (each frame a 4-byte big-endian length + the frame, as in
tests/system/test_net.py): frames/s the guest transmits (20,000 frames of 1514 bytes as
fast as b_net_tx returns, HPET-timed in the guest, the peer draining the socket so QEMU
never stalls), echo round trips/s (the peer sends one 60-byte frame, waits for the echo,
repeats; timed on the host) and the median TSC cycles of one b_net_rx poll with nothing
to receive (the guest's own timer read, two b_system(TSC) calls, shown beside it). TCG
figures: emulator figures, not hardware ones."""
import os
import socket
import struct
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system"))
from qemu import EXIT_PASS, BootError, Qemu, make_images, parse_tap  # noqa: E402

MODELS = {
    "virtio-net legacy": "virtio-net-pci,romfile=,disable-modern=on,netdev=n0,mac={mac}",
    "virtio-net modern": "virtio-net-pci,romfile=,disable-legacy=on,netdev=n0,mac={mac}",
    "e1000": "e1000,romfile=,netdev=n0,mac={mac}",
    "e1000e": "e1000e,romfile=,netdev=n0,mac={mac}",
}
GUEST_MAC = "52:54:00:12:34:56"
PEER_MAC = bytes.fromhex("5254009abcde")
ETH = struct.pack(">H", 0x88B5)
TX_FRAMES = 20000
ROUND_TRIPS = 2000


class Stream:
    """The host end of the stream, read in the caller's thread (no queue hand-off in the
    round-trip figure)."""

    def __init__(self, sock, vm):
        self.sock, self.vm, self.buf = sock, vm, b""
        sock.settimeout(1)

    def recv(self, timeout=120):
        deadline = time.monotonic() + timeout
        while True:
            if len(self.buf) >= 4:
                n = struct.unpack(">I", self.buf[:4])[0]
                if len(self.buf) >= 4 + n:
                    f, self.buf = self.buf[4:4 + n], self.buf[4 + n:]
                    return f
            try:
                data = self.sock.recv(1 << 20)
            except socket.timeout:
                data = None
            if data == b"" or self.vm.proc.poll() is not None:
                raise BootError(f"the stream closed\n{self.vm.log()}")
            if data:
                self.buf += data
            if time.monotonic() > deadline:
                raise BootError(f"no frame within {timeout} s\n{self.vm.log()}")

    def send(self, frame):
        self.sock.sendall(struct.pack(">I", len(frame)) + frame)


def listen(path):
    """The host end's listening socket at path, for QEMU's -netdev stream to connect to."""
    if os.path.exists(path):
        os.unlink(path)
    lsock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    lsock.bind(path)
    lsock.listen(1)
    lsock.settimeout(60)
    return lsock


def peer(lsock, vm, ready, drain_timeout=120):
    """The peer's side of a guest's run: its transmit run drained to its DONE frame, then,
    once the guest printed ready, ROUND_TRIPS timed echoes of a 60-byte frame and EXIT.
    Returns (frames that arrived, their frames/s on the host's clock, round trips/s)."""
    try:
        sock, _ = lsock.accept()
    except socket.timeout:
        raise BootError(f"QEMU did not connect\n{vm.log()}")
    s = Stream(sock, vm)
    got, t_first = 0, None
    while True:
        f = s.recv(drain_timeout)
        if f[12:14] != ETH:
            continue
        if f[14:18] == b"DONE":
            t_done = time.perf_counter()
            break
        if f[14:18] == b"TXBN" and len(f) == 1514:
            got += 1
            t_first = t_first or time.perf_counter()
    vm.wait_for(ready, 60)
    dst = bytes.fromhex(GUEST_MAC.replace(":", ""))
    ping = (dst + PEER_MAC + ETH + b"PING").ljust(60, b"\0")
    for _ in range(50):                      # warm-up (and a guest's DONE frames sent again)
        s.send(ping)
        while s.recv()[14:18] != b"PING":
            pass
    t0 = time.perf_counter()
    for i in range(ROUND_TRIPS):
        s.send(ping)
        f = s.recv()
        if f[:6] != PEER_MAC or f[14:18] != b"PING":
            raise BootError(f"round trip {i}: unexpected frame {f[:24].hex()}\n{vm.log()}")
    rtt_s = ROUND_TRIPS / (time.perf_counter() - t0)
    s.send((dst + PEER_MAC + ETH + b"EXIT").ljust(60, b"\0"))
    sock.close()
    # frames/s as they arrived here: with b_net_tx zero-copy an e1000 guest sends faster
    # than this peer drains the stream, and QEMU's net queue for a NIC without flow control
    # drops the excess
    return got, int(got / max(t_done - t_first, 1e-6)) if got else 0, rtt_s


def run(iso, tmp, dev):
    path = os.path.join(tmp, "n.sock")
    lsock = listen(path)
    extra = ["-drive", f"if=none,id=cd,format=raw,media=cdrom,readonly=on,file={iso}",
             "-device", "ide-cd,drive=cd,bus=ide.2", "-boot", "d",
             "-netdev", f"stream,id=n0,server=off,addr.type=unix,addr.path={path}",
             "-device", dev.format(mac=GUEST_MAC)]
    with Qemu(None, machine="q35", smp=1, mem=256, extra=extra, workdir=tmp) as vm:
        got, delivered, rtt_s = peer(lsock, vm, rb"# ready")
        status = vm.wait_exit(60)
        _, bad, d = parse_tap(vm.serial)
        if bad or status != EXIT_PASS or not got:
            raise BootError(f"{bad} status {status}, {got} frames of {TX_FRAMES} arrived\n{vm.log()}")
    lsock.close()
    return delivered, TX_FRAMES - got, rtt_s, d["rx_poll_cycles"], d["tsc_read_cycles"]


def main():
    print("model               tx frames/s (1514 B)   dropped by QEMU   echo round trips/s   empty rx poll cycles   timer pair cycles")
    with tempfile.TemporaryDirectory(prefix="bmnb") as tmp:
        iso = make_images(tmp, "tests/netbench.app")["iso"]
        for name, dev in MODELS.items():
            tx, dropped, rtt, poll, tsc = run(iso, tmp, dev)
            print(f"{name:18}  {tx:20}   {dropped:15}   {rtt:18.0f}   {poll:20}   {tsc:10}")


if __name__ == "__main__":
    main()
