# SPDX-License-Identifier: BSD-2-Clause
"""Networking: the guest tests/guest/net (its header documents the protocol, EtherType
0x88B5) against a Python peer on the other end of a QEMU `-netdev stream` over a unix
socket in a private temporary directory (xdist-safe, no root, no ports). A stream carries
each frame as a 4-byte big-endian length + the frame (docs/testing.md, "QEMU pitfalls"),
and QEMU cannot lose frames on it: when the NIC has no room it stops reading the socket,
so the receive accounting in the burst test is exact.

MODELS is parametrized by NIC."""
import os
import queue
import re
import shutil
import socket
import struct
import tempfile
import threading
import time

import pytest

from qemu import EXIT_PASS, BootError, parse_tap

GUEST_MAC = "52:54:00:12:34:56"
PEER_MAC = bytes.fromhex("5254009abcde")
BCAST = b"\xff" * 6
ETH_TYPE = 0x88B5
ETH = struct.pack(">H", ETH_TYPE)

# model -> (the kernel's type name, -device string)
MODELS = {
    "virtio-transitional": ("virtio-net", "virtio-net-pci,romfile=,netdev=n0,mac={mac}"),
    "virtio-legacy": ("virtio-net", "virtio-net-pci,romfile=,disable-modern=on,netdev=n0,mac={mac}"),
    "virtio-modern": ("virtio-net", "virtio-net-pci,romfile=,disable-legacy=on,netdev=n0,mac={mac}"),
    "e1000": ("e1000", "e1000,romfile=,netdev=n0,mac={mac}"),
    "e1000e": ("e1000e", "e1000e,romfile=,netdev=n0,mac={mac}"),
}


def frame_len(seq):
    return 60 + seq * 98 % 1455


def guest_frame(seq, dst, src):
    """Frame seq of a guest "SEND n" (tests/guest/net/net.c)."""
    n = frame_len(seq)
    head = dst + src + ETH + b"GSEQ" + struct.pack(">I", seq)
    return head + bytes((seq * 7 + i) & 0xFF for i in range(22, n))


def peer_frame(tag, seq, dst, size=None):
    """A peer data frame: tag (4 bytes), seq, then a pattern derived from seq."""
    n = size or frame_len(seq)
    head = dst + PEER_MAC + ETH + tag + struct.pack(">I", seq)
    return head + bytes((seq * 13 + i * 3) & 0xFF for i in range(22, n))


def command(dst, text):
    return (dst + PEER_MAC + ETH + text.encode()).ljust(60, b"\0")


class Peer:
    """The host end of `-netdev stream,server=off,addr.type=unix`: listens on a unix
    socket QEMU connects to; a thread splits the stream into frames and queues them."""

    def __init__(self):
        # short path: sun_path holds 108 bytes
        self.dir = tempfile.mkdtemp(prefix="bmnet")
        self.path = os.path.join(self.dir, "n.sock")
        self.lsock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.lsock.bind(self.path)
        self.lsock.listen(1)
        self.sock = None
        self.frames = queue.Queue()
        self.closed = threading.Event()
        self.vm = None

    def netdev(self, nid="n0"):
        return ["-netdev", f"stream,id={nid},server=off,addr.type=unix,addr.path={self.path}"]

    def accept(self, timeout=30):
        self.lsock.settimeout(timeout)
        try:
            self.sock, _ = self.lsock.accept()
        except socket.timeout:
            raise BootError(f"QEMU did not connect to {self.path}\n{self.vm.log()}")
        self.sock.settimeout(None)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buf, pos = bytearray(), 0
        try:
            while True:
                data = self.sock.recv(1 << 20)
                if not data:
                    break
                buf += data
                while len(buf) - pos >= 4:
                    n = struct.unpack_from(">I", buf, pos)[0]
                    if len(buf) - pos < 4 + n:
                        break
                    self.frames.put(bytes(buf[pos + 4:pos + 4 + n]))
                    pos += 4 + n
                del buf[:pos]
                pos = 0
        except OSError:
            pass
        self.closed.set()

    def send(self, frame):
        self.sock.sendall(struct.pack(">I", len(frame)) + frame)

    def recv(self, timeout=30, any_type=False):
        """The next frame (of EtherType 0x88B5 unless any_type) before the deadline."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BootError(f"no frame from the guest within {timeout} s\n{self.vm.log()}")
            try:
                f = self.frames.get(timeout=min(left, 0.5))
            except queue.Empty:
                if self.vm.proc.poll() is not None:
                    raise BootError(f"QEMU exited waiting for a frame\n{self.vm.log()}")
                continue
            if any_type or f[12:14] == ETH:
                return f

    def pending(self):
        """Frames queued and not read yet."""
        out = []
        while True:
            try:
                out.append(self.frames.get_nowait())
            except queue.Empty:
                return out

    def close(self):
        for s in (self.sock, self.lsock):
            if s:
                s.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def boot(images, qemu, extra, mem=256):
    iso = images("tests/net.app")["iso"]
    return qemu(None, machine="q35", smp=1, mem=mem,
                extra=["-drive", f"if=none,id=cd,format=raw,media=cdrom,readonly=on,file={iso}",
                       "-device", "ide-cd,drive=cd,bus=ide.2", "-boot", "d"] + extra)


def serve(images, qemu, model, mem=256):
    """(vm, peer) with the guest serving and its HELLO received; EXIT and its checks at
    the end."""
    kind, dev = MODELS[model]
    peer = Peer()
    try:
        vm = boot(images, qemu, peer.netdev() + ["-device", dev.format(mac=GUEST_MAC)], mem)
        peer.vm = vm
        peer.accept()
        vm.wait_ready(timeout=120)
        m = vm.wait_for(rb"# ifaces=(\d+)\r?\n", timeout=60)
        assert int(m.group(1)) == 1, vm.log()
        line = re.search(rb"net0: (\S+) ([0-9a-f:]{17})\r?\n", vm.serial)
        assert line and line.group(1).decode() == kind, vm.log()
        vm.wait_for(rb"# serving", timeout=30)
        hello = peer.recv()
        assert hello[:6] == BCAST and hello[14:19] == b"HELLO", vm.log()
        peer.guest_mac = hello[6:12]
        yield vm, peer
        # every test ends with EXIT: the guest's TAP lines all ok, status EXIT_PASS
        if vm.proc.poll() is None:
            peer.send(command(peer.guest_mac, "EXIT"))
        status = vm.wait_exit(timeout=60)
        oks, bad, _ = parse_tap(vm.serial)
        assert not bad and status == EXIT_PASS, f"{bad} status {status}\n{vm.log()}"
    finally:
        peer.close()


@pytest.fixture(params=list(MODELS))
def net(request, images, qemu):
    """(vm, peer, guest MAC bytes) with the guest serving and its HELLO received."""
    yield from serve(images, qemu, request.param)


def stats(peer):
    peer.send(command(peer.guest_mac, "STATS"))
    while True:
        f = peer.recv()
        if f[14:19] == b"STATS":
            keys = ("tx_frames", "tx_bytes", "tx_errors", "rx_frames", "rx_bytes", "rx_dropped")
            return dict(zip(keys, struct.unpack("<6Q", f[22:70])))


def test_mac(net):
    """NET_STATUS and the kernel's netN line hold the MAC given to QEMU; the guest sends
    from it."""
    vm, peer = net
    want = bytes.fromhex(GUEST_MAC.replace(":", ""))
    assert peer.guest_mac == want, vm.log()
    assert re.search(rb"# net 0 mac=" + GUEST_MAC.encode(), vm.serial), vm.log()
    assert re.search(rb"net0: \S+ " + GUEST_MAC.encode(), vm.serial), vm.log()


def test_guest_sends(net):
    """1,000 frames of 60..1514 bytes from the guest arrive byte-exact and in order."""
    vm, peer = net
    n = 1000
    peer.send(command(peer.guest_mac, f"SEND {n}"))
    sizes = set()
    for seq in range(n):
        f = peer.recv()
        want = guest_frame(seq, PEER_MAC, peer.guest_mac)
        assert f == want, (f"frame {seq}: got {len(f)} bytes {f[:24].hex()}, want {len(want)} "
                           f"bytes {want[:24].hex()}\n{vm.log()}")
        sizes.add(len(f))
    assert min(sizes) == 60 and max(sizes) == 1514, vm.log()
    vm.wait_for(rb"# sent 1000", timeout=30)
    s = stats(peer)
    assert s["tx_errors"] == 0 and s["tx_frames"] >= n + 1, f"{s}\n{vm.log()}"


PLACE_LEN = (1514, 1513, 1514, 999, 1514, 301)
SPLIT_LEN = (1514, 1514, 60)


def test_frames_where_they_lie(net):
    """b_net_tx reads a frame where it lies (no copy): from the payload area aligned and at
    an odd address, from program memory aligned, odd and across a page boundary, and from
    the guest's stack; each arrives byte-exact, in order, then PLACED."""
    vm, peer = net
    peer.send(command(peer.guest_mac, "PLACES"))
    for k, n in enumerate(PLACE_LEN):
        f = peer.recv()
        body = bytes((k * 13 + j) & 0xFF for j in range(20, n))
        want = PEER_MAC + peer.guest_mac + ETH + b"PLACE" + bytes([k]) + body
        assert f == want, (f"frame {k}: got {len(f)} bytes {f[:24].hex()}, want {len(want)}"
                           f"\n{vm.log()}")
    f = peer.recv()
    assert f[14:20] == b"PLACED", vm.log()
    s = stats(peer)
    assert s["tx_errors"] == 0, f"{s}\n{vm.log()}"


@pytest.fixture(params=["e1000", "virtio-modern"])
def net3g(request, images, qemu):
    """net, on a 3 GiB q35: RAM below 4 GiB ends at 2 GiB, so program memory jumps there
    from 2 GiB to 4 GiB physical, a discontinuity of one virtual run."""
    yield from serve(images, qemu, request.param, mem=3072)


def test_frames_across_a_physical_jump(net3g):
    """A frame of program memory that crosses a physical discontinuity goes out in two
    pieces (two descriptors, or a chain) byte-exact: 1514 bytes at 700 and, odd, at 1001
    bytes before the jump, and 60 bytes at 30 before it."""
    vm, peer = net3g
    peer.send(command(peer.guest_mac, "SPLIT"))
    for k, n in enumerate(SPLIT_LEN):
        f = peer.recv()
        fill = peer.recv()
        assert fill[14:18] == b"FILL", vm.log()
        body = bytes((k * 29 + j) & 0xFF for j in range(20, n))
        want = PEER_MAC + peer.guest_mac + ETH + b"SPLIT" + bytes([k]) + body
        assert f == want, (f"frame {k}: got {len(f)} bytes {f[:24].hex()}, want {len(want)}"
                           f"\n{vm.log()}")
    f = peer.recv()
    assert f[14:20] == b"SPLITD", vm.log()
    jump = struct.unpack("<Q", f[22:30])[0]
    assert jump != 0, vm.log()   # the guest found the jump
    print(f"program memory jumps physically at offset {jump:#x}")
    s = stats(peer)
    assert s["tx_errors"] == 0, f"{s}\n{vm.log()}"


def test_echo(net):
    """1,000 frames of 60..1514 bytes from the peer come back, MACs swapped, in order."""
    vm, peer = net
    n = 1000
    for seq in range(n):
        peer.send(peer_frame(b"ECHO", seq, peer.guest_mac))
    for seq in range(n):
        f = peer.recv()
        sent = peer_frame(b"ECHO", seq, peer.guest_mac)
        want = sent[6:12] + sent[0:6] + sent[12:]
        assert f == want, (f"echo {seq}: got {len(f)} bytes {f[:24].hex()}, want {len(want)} "
                           f"bytes {want[:24].hex()}\n{vm.log()}")
    s = stats(peer)
    assert s["rx_frames"] >= n and s["tx_frames"] >= n and s["tx_errors"] == 0, f"{s}\n{vm.log()}"


def test_burst(net):
    """10,000 frames sent without waiting: the guest stays up and its counters account
    for every one (the stream loses nothing: rx_frames + rx_dropped == sent)."""
    vm, peer = net
    before = stats(peer)
    n = 10000
    data = b"".join(struct.pack(">I", len(f)) + f for f in
                    (peer_frame(b"SINK", seq, peer.guest_mac) for seq in range(n)))
    peer.sock.sendall(data)
    # A STATS request queued behind the burst may itself be dropped when the NIC's ring is
    # full (e1000 drops what does not fit): ask again until one is answered. The answer
    # counts the burst whole plus between 1 and k of the k requests.
    keys = ("tx_frames", "tx_bytes", "tx_errors", "rx_frames", "rx_bytes", "rx_dropped")
    after, k = None, 0
    while after is None and k < 12:
        peer.send(command(peer.guest_mac, "STATS"))
        k += 1
        try:
            while True:
                f = peer.recv(timeout=10)
                if f[14:19] == b"STATS":
                    after = dict(zip(keys, struct.unpack("<6Q", f[22:70])))
                    break
        except BootError:
            continue
    assert after is not None, f"no STATS answer to {k} requests\n{vm.log()}"
    got = (after["rx_frames"] - before["rx_frames"]) + (after["rx_dropped"] - before["rx_dropped"])
    assert n + 1 <= got <= n + k, f"before {before} after {after} requests {k}\n{vm.log()}"
    for f in peer.pending():        # answers to later requests, if any
        assert f[12:14] != ETH or f[14:19] == b"STATS", f[:32].hex()
    assert after["rx_frames"] > before["rx_frames"], vm.log()
    # still working afterwards (late answers to extra STATS requests may come first)
    peer.send(peer_frame(b"ECHO", 7, peer.guest_mac))
    f = peer.recv()
    while f[14:19] == b"STATS":
        f = peer.recv()
    assert f[14:22] == b"ECHO" + struct.pack(">I", 7), vm.log()


def test_bad_frames(net):
    """Oversize (1515), empty and NULL frames are refused and counted as tx_errors, and
    nothing of them reaches the wire."""
    vm, peer = net
    s0 = stats(peer)
    assert not peer.pending()
    peer.send(command(peer.guest_mac, "BAD"))
    f = peer.recv(any_type=True)          # the very next frame must be the reply
    assert f[14:17] == b"BAD", f"unexpected frame {f[:32].hex()}\n{vm.log()}"
    errors, frames = struct.unpack("<2Q", f[22:38])
    assert errors == 3 and frames == 0, vm.log()
    s1 = stats(peer)
    assert s1["tx_errors"] - s0["tx_errors"] == 3, f"{s0} {s1}\n{vm.log()}"
    assert not peer.pending(), vm.log()
    vm.wait_for(rb"ok \d+ - oversize, empty and NULL frames refused", timeout=10)


def test_config_drops_waiting_frames(net):
    """NET_CONFIG hands every frame waiting in the ring back unread and counts it dropped."""
    vm, peer = net
    peer.send(command(peer.guest_mac, "HOLD"))
    for seq in range(20):                    # they arrive while the guest is not reading
        peer.send(peer_frame(b"SINK", seq, peer.guest_mac, size=60))
    f = peer.recv(timeout=60)
    while f[14:18] != b"HELD":
        f = peer.recv(timeout=60)
    dropped, received = struct.unpack("<2Q", f[22:38])
    assert dropped == 20 and received == 0, f"dropped {dropped} received {received}\n{vm.log()}"


def test_callback(net):
    """CALLBACK_NETWORK: the guest stops polling; its callback, run while frames wait,
    serves 200 echoes."""
    vm, peer = net
    peer.send(command(peer.guest_mac, "CALLBACK"))
    f = peer.recv(any_type=True)
    assert f[14:18] == b"CBON", f"unexpected frame {f[:32].hex()}\n{vm.log()}"
    echo_check(vm, peer, 200, b"CBCK")


def echo_check(vm, peer, n, tag):
    """n frames of 60..1514 bytes sent to the guest come back on this peer, in order."""
    for seq in range(n):
        peer.send(peer_frame(tag, seq, peer.guest_mac))
    for seq in range(n):
        f = peer.recv()
        sent = peer_frame(tag, seq, peer.guest_mac)
        assert f == sent[6:12] + sent[0:6] + sent[12:], (
            f"{tag} echo {seq}: got {len(f)} bytes {f[:24].hex()}\n{vm.log()}")


def test_two_nics(images, qemu):
    """virtio-net and e1000 at once, each on its own stream peer with its own MAC: net0 and
    net1 in PCI order, NET_STATUS of each is its MAC, and each echoes through its own peer
    only."""
    nics = (("virtio-net", "virtio-net-pci", "52:54:00:12:34:56"),
            ("e1000", "e1000", "52:54:00:12:34:57"))
    peers = [Peer(), Peer()]
    try:
        extra = []
        for i, (_, dev, mac) in enumerate(nics):
            extra += peers[i].netdev(f"n{i}") + ["-device", f"{dev},romfile=,netdev=n{i},mac={mac}"]
        vm = boot(images, qemu, extra)
        for p in peers:
            p.vm = vm
        for p in peers:
            p.accept()
        vm.wait_ready(timeout=120)
        m = vm.wait_for(rb"# ifaces=(\d+)\r?\n", timeout=60)
        assert int(m.group(1)) == 2, vm.log()
        lines = re.findall(rb"net(\d): (\S+) ([0-9a-f:]{17})\r?\n", vm.serial)
        assert [(int(i), k.decode(), a.decode()) for i, k, a in lines] == \
            [(i, kind, mac) for i, (kind, _, mac) in enumerate(nics)], vm.log()
        for i, (_, _, mac) in enumerate(nics):
            assert re.search(f"# net {i} mac={mac}\r?\n".encode(), vm.serial), vm.log()
        vm.wait_for(rb"# serving", timeout=30)
        for p, (_, _, mac) in zip(peers, nics):
            hello = p.recv()
            assert hello[:6] == BCAST and hello[14:19] == b"HELLO", vm.log()
            assert hello[6:12] == bytes.fromhex(mac.replace(":", "")), vm.log()
            p.guest_mac = hello[6:12]
        echo_check(vm, peers[0], 50, b"ECH0")
        echo_check(vm, peers[1], 50, b"ECH1")
        # both at once, then nothing crossed over
        for seq in range(50):
            peers[0].send(peer_frame(b"MIX0", seq, peers[0].guest_mac))
            peers[1].send(peer_frame(b"MIX1", seq, peers[1].guest_mac))
        for i, p in enumerate(peers):
            for seq in range(50):
                f = p.recv()
                assert f[14:22] == f"MIX{i}".encode() + struct.pack(">I", seq), vm.log()
        for i, p in enumerate(peers):
            s = stats(p)
            # 50 + 50 echoes and the STATS request itself in, HELLO and the echoes out;
            # nothing of the other peer
            assert s["rx_frames"] == 101 and s["tx_frames"] == 101 and s["tx_errors"] == 0, f"net{i} {s}\n{vm.log()}"
            assert not [f for f in p.pending() if f[12:14] == ETH], vm.log()
        peers[0].send(command(peers[0].guest_mac, "EXIT"))
        status = vm.wait_exit(timeout=60)
        _, bad, _ = parse_tap(vm.serial)
        assert not bad and status == EXIT_PASS, f"{bad} status {status}\n{vm.log()}"
    finally:
        for p in peers:
            p.close()


def test_no_nic(images, qemu):
    """No NIC at all: the kernel says so and NET_STATUS is 0."""
    vm = boot(images, qemu, [])
    vm.wait_ready(timeout=120)
    status = vm.wait_exit(timeout=60)
    oks, bad, diag = parse_tap(vm.serial)
    assert status == EXIT_PASS and not bad and diag["ifaces"] == 0, vm.log()
    assert b"net: no interfaces" in vm.serial, vm.log()


# Frame lengths around every limit: Ethernet's minimum (60 without the FCS) and maximum
# (1514), a VLAN tag's 1518, e1000's 1522, virtio-net's buffer (1524 after its 12-byte
# header), frames over several buffers, and the stream's largest.
PROBE_SIZES = (1, 5, 6, 13, 14, 59, 60, 61, 1513, 1514, 1515, 1518, 1522, 1523, 1524, 1525,
               1526, 1536, 2000, 9000, 16384, 65535)


def probe_frame(dst, n):
    head = dst + PEER_MAC + ETH + b"SIZE" + struct.pack(">I", n)
    return (head + bytes((n * 5 + i * 11) & 0xFF for i in range(22, max(n, 22))))[:n]


def fnv1a(data):
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def test_frame_lengths(net):
    """The frame-length rule, on every model: b_net_rx returns 60..1514 bytes; a shorter
    frame comes zero-padded to 60, a longer one is dropped and counted in rx_dropped.
    Each probe frame is followed by a STATS request: between two answers the guest
    reported the probe (PROBE mode: length, FNV-1a of every byte, the first 64 bytes) or
    counted it dropped, never both, never neither. The one exception is the NIC's own
    address filter: e1000 and e1000e keep only frames for their MAC or broadcast, and a
    frame under 6 bytes cannot hold a whole destination address, so it never reaches
    the kernel at all (virtio-net's device is promiscuous)."""
    vm, peer = net
    kind = re.search(rb"net0: (\S+)", vm.serial).group(1).decode()
    keys = ("tx_frames", "tx_bytes", "tx_errors", "rx_frames", "rx_bytes", "rx_dropped")
    peer.send(command(peer.guest_mac, "PROBE"))
    while peer.recv()[14:21] != b"PROBING":
        pass

    def step(frame=None):
        """Sends frame (if any) and a STATS request: (the reports before the answer, the
        counters)."""
        if frame is not None:
            peer.send(frame)
        peer.send(command(peer.guest_mac, "STATS"))
        reports = []
        while True:
            f = peer.recv()
            if f[14:22] == b"RXFRAME\0":
                reports.append(f)
            elif f[14:19] == b"STATS":
                return reports, dict(zip(keys, struct.unpack("<6Q", f[22:70])))

    _, first = step()
    prev, wrong, outcome = first, [], {}
    for n in PROBE_SIZES:
        sent = probe_frame(peer.guest_mac, n)
        reports, now = step(sent)
        dropped = now["rx_dropped"] - prev["rx_dropped"]
        frames = now["rx_frames"] - prev["rx_frames"]
        prev = now
        got = [(struct.unpack("<Q", r[22:30])[0], struct.unpack("<Q", r[30:38])[0], r[38:102])
               for r in reports]
        if n > 1514:
            want, expect = "dropped", ([], 1, 1)
        elif n < 6 and kind != "virtio-net":
            want, expect = "filtered by the NIC", ([], 0, 1)
        else:
            f = sent.ljust(60, b"\0")
            want = f"returned as {len(f)} bytes"
            expect = ([(len(f), fnv1a(f), f[:64].ljust(64, b"\0"))], 0, 2)
        outcome[n] = want
        if (got, dropped, frames) != expect:
            wrong.append(f"{n} bytes: want {want}; got {[(g[0], hex(g[1])) for g in got]}, "
                         f"rx_dropped +{dropped}, rx_frames +{frames} (STATS request included)")
    peer.send(command(peer.guest_mac, "ENDPROBE"))
    while peer.recv()[14:20] != b"PROBED":
        pass
    assert not wrong, f"{kind}:\n" + "\n".join(wrong) + f"\n{vm.log()}"
    # the totals: every probe returned, dropped or (on the filtering NICs) never there
    _, last = step()
    counted = sum(1 for w in outcome.values() if w == "dropped")
    returned = sum(1 for w in outcome.values() if w.startswith("returned"))
    assert last["rx_dropped"] - first["rx_dropped"] == counted, f"{first} {last}\n{vm.log()}"
    # + every STATS request after the first answer, and ENDPROBE
    assert last["rx_frames"] - first["rx_frames"] == returned + len(PROBE_SIZES) + 2, \
        f"{first} {last}\n{vm.log()}"
