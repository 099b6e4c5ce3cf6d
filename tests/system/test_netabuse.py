# SPDX-License-Identifier: BSD-2-Clause
"""Malformed traffic (issue 14): tests/prog/netserve (10.0.0.2/24, fe80::5054:ff:fe12:3456,
TCP and UDP echo on port 7, ping) against a host peer on a QEMU `-netdev stream` unix
socket. For about a minute of the host's traffic time the peer interleaves rounds of bad
frames (truncated Ethernet/ARP/IPv4/IPv6/TCP/UDP/ICMP headers, bad checksums, IP lengths
longer and shorter than the frame, bad IHL, overlapping, tiny and never completed
fragments, a SYN flood from random addresses and ports, RST/FIN/odd flags in odd
states, ARP and ND garbage, random bytes) with valid checks: a handcrafted TCP
handshake and a byte-exact echo, a UDP echo and an ICMP (or ICMPv6) echo, each waited
for with a timeout. Round 3, and again the end, holds a TCP connection at window 0 while
the guest has echo data for it: the guest must send persist probes and, once the window
opens, the echo byte-exact. At the end the guest still answers, its counters account for the
frames, and its serial has no fault, exception or lwIP assertion.

Deterministic: round i's frames come from random.Random(f"{seed}:{i}"); the seed is
NETABUSE_SEED (default 14) and is printed. NETABUSE_SECONDS (default 60) is the minute."""
import collections
import os
import queue
import random
import re
import socket
import struct
import time

from scapy.layers.inet import ICMP, IP, TCP, UDP, fragment
from scapy.layers.inet6 import (ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6ND_NA, ICMPv6ND_NS, ICMPv6NDOptDstLLAddr,
                                ICMPv6ND_RA, ICMPv6NDOptPrefixInfo, IPv6, IPv6ExtHdrFragment,
                                IPv6ExtHdrHopByHop, IPv6ExtHdrRouting)
from scapy.layers.l2 import ARP, Ether
from scapy.packet import Padding, Raw

import test_net
from qemu import BootError, READY_RE

SEED = int(os.environ.get("NETABUSE_SEED", "14"))
SECONDS = float(os.environ.get("NETABUSE_SECONDS", "60"))
GUEST_MAC = "52:54:00:12:34:56"
PEER_MAC = "52:54:00:9a:bc:de"
GUEST_IP = "10.0.0.2"
PEER_IP = "10.0.0.1"
GUEST_LL = "fe80::5054:ff:fe12:3456"
PEER_LL = "fe80::5054:ff:fe9a:bcde"
PEER_MAC_B = bytes.fromhex(PEER_MAC.replace(":", ""))
# ARP is answered for the peer and for a few hosts of the SYN flood that exist but never
# answer the guest's SYN-ACKs; the flood's other sources do not exist.
PEER_IPS = {socket.inet_aton(PEER_IP)} | {socket.inet_aton(f"10.0.0.{i}") for i in range(3, 10)}
PORT = 7
CHECK_PORTS = (20000, 30000)      # the checker's own TCP and UDP ports
CONTROL = 9
# What must never appear on the guest's serial: the kernel's crash report, a task or
# callback it abandoned, an lwIP assertion (lib/net/port.c).
FAULT_RE = re.compile(rb"CPU exception|core halted|abandoned|lwip: assertion|faulted")
STATS_RE = re.compile(rb"netserve: stats conns=(\d+) accepted=(\d+) tcp_bytes=(\d+) udp=(\d+) "
                      rb"overflow=(\d+) errors=(\d+) link_rx=(\d+) link_drop=(\d+) ip_err=(\d+) "
                      rb"tcp_rx=(\d+) tcp_err=(\d+) nic_rx=(\d+) nic_drop=(\d+)")
STATS_KEYS = ("conns", "accepted", "tcp_bytes", "udp", "overflow", "errors", "link_rx",
              "link_drop", "ip_err", "tcp_rx", "tcp_err", "nic_rx", "nic_drop")


class Peer(test_net.Peer):
    """test_net.Peer (the host end of `-netdev stream`: 4-byte big-endian length + frame
    each way, a thread queueing the guest's frames) counting what it sends; everything
    is sent from the test's thread, which answers the guest's ARP requests and
    neighbour solicitations while it waits."""

    def __init__(self):
        super().__init__()
        self.sent = 0
        self.recent = collections.deque(maxlen=12)   # for failure messages

    def accept(self, timeout=60):
        super().accept(timeout)

    def send(self, *frames):
        data = b"".join(struct.pack(">I", len(f)) + f for f in (bytes(x) for x in frames))
        self.sock.sendall(data)
        self.sent += len(frames)

    def _answer(self, f):
        """Answers ARP for the peer's addresses and ND for its link-local one (from the
        raw bytes: the guest sends thousands of frames during the SYN flood); True when
        f was ARP or ND."""
        et = f[12:14]
        if et == b"\x08\x06":
            if len(f) >= 42 and f[20:22] == b"\x00\x01" and f[38:42] in PEER_IPS:
                self.send(f[6:12] + PEER_MAC_B + b"\x08\x06\x00\x01\x08\x00\x06\x04\x00\x02" +
                          PEER_MAC_B + f[38:42] + f[22:28] + f[28:32])
            return True
        if et == b"\x86\xdd" and len(f) >= 78 and f[20] == 58 and f[54] in (133, 134, 135, 136, 137):
            if f[54] == 135 and socket.inet_ntop(socket.AF_INET6, f[62:78]) == PEER_LL:
                p = Ether(f)
                self.send(Ether(dst=p.src, src=PEER_MAC) / IPv6(src=PEER_LL, dst=p[IPv6].src) /
                          ICMPv6ND_NA(tgt=PEER_LL, R=0, S=1, O=1) / ICMPv6NDOptDstLLAddr(lladdr=PEER_MAC))
            return True
        return False

    def wait(self, match, timeout, what):
        """The first frame from the guest for which match(scapy packet) is true; others
        are answered (ARP, ND) or dropped."""
        deadline = time.monotonic() + timeout
        arps = 0
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                seen = "\n".join(f.hex() for f in self.recent)
                raise BootError(f"no {what} within {timeout} s (seed {SEED}); {arps} ARP "
                                f"requests; the guest's last other frames:\n{seen}\n{self.vm.log()}")
            try:
                f = self.frames.get(timeout=min(left, 0.5))
            except queue.Empty:
                if self.vm.proc.poll() is not None:
                    raise BootError(f"QEMU exited waiting for {what}\n{self.vm.log()}")
                continue
            if f[12:14] == b"\x08\x06":
                arps += 1
            else:
                self.recent.append(f[:80])
            if self._answer(f) or not for_checker(f):
                continue
            p = Ether(f)
            if match(p):
                return p

    def drain(self):
        """Handles what the guest sent meanwhile (ARP, ND answered; the rest dropped)."""
        while True:
            try:
                self._answer(self.frames.get_nowait())
            except queue.Empty:
                return


def for_checker(f):
    """Whether a frame from the guest may answer a check (raw bytes, cheap: the SYN
    flood's SYN-ACKs and retransmissions are dropped unparsed): ICMP and ICMPv6 echo
    replies, TCP and UDP to the checker's ports."""
    et = f[12:14]
    if et == b"\x08\x00" and len(f) >= 34:
        ihl = (f[14] & 15) * 4
        if f[23] == 1:
            return len(f) > 14 + ihl and f[14 + ihl] == 0
        if f[23] in (6, 17) and len(f) >= 14 + ihl + 4:
            return CHECK_PORTS[0] <= struct.unpack_from(">H", f, 14 + ihl + 2)[0] < CHECK_PORTS[1]
    return et == b"\x86\xdd" and len(f) >= 55 and f[20] == 58 and f[54] == 129


def data_of(layer):
    """A layer's payload without the Ethernet padding behind it."""
    pl = layer.payload
    return pl.load if isinstance(pl, Raw) and not isinstance(pl, Padding) else b""


def eth(dst=GUEST_MAC):
    return Ether(dst=dst, src=PEER_MAC)


def from_guest_tcp(sport):
    return lambda p: TCP in p and IP in p and p[IP].src == GUEST_IP and p[TCP].dport == sport


class Checker:
    """The valid traffic: each check asserts the guest's reply byte for byte."""

    def __init__(self, peer):
        self.peer = peer
        self.sport = CHECK_PORTS[0]
        self.ident = 0
        self.done = {"tcp": 0, "udp": 0, "ping": 0, "ping6": 0}
        self.isns = []          # the guest's initial sequence numbers, in order

    def next_port(self):
        self.sport += 1
        return self.sport

    def ping(self, rng):
        self.ident += 1
        data = bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 600)))
        self.peer.send(eth() / IP(src=PEER_IP, dst=GUEST_IP) / ICMP(id=0x4242, seq=self.ident) / data)
        ident = self.ident
        p = self.peer.wait(lambda p: ICMP in p and p[ICMP].type == 0 and p[ICMP].seq == ident,
                           10, f"ping reply {ident}")
        assert data_of(p[ICMP]) == data, f"ping {ident}: payload differs\n{self.peer.vm.log()}"
        self.done["ping"] += 1

    def ping6(self, rng):
        self.ident += 1
        data = bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 600)))
        self.peer.send(eth() / IPv6(src=PEER_LL, dst=GUEST_LL) / ICMPv6EchoRequest(id=0x4243, seq=self.ident, data=data))
        ident = self.ident
        p = self.peer.wait(lambda p: ICMPv6EchoReply in p and p[ICMPv6EchoReply].seq == ident,
                           10, f"ICMPv6 echo reply {ident}")
        assert p[ICMPv6EchoReply].data == data, f"ping6 {ident}: payload differs\n{self.peer.vm.log()}"
        self.done["ping6"] += 1

    def udp(self, rng):
        sport = self.next_port()
        data = bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 1400)))
        self.peer.send(eth() / IP(src=PEER_IP, dst=GUEST_IP) / UDP(sport=sport, dport=PORT) / data)
        p = self.peer.wait(lambda p: UDP in p and p[UDP].dport == sport, 10, f"UDP echo to {sport}")
        assert data_of(p[UDP]) == data, f"UDP echo {sport} differs\n{self.peer.vm.log()}"
        self.done["udp"] += 1

    def handshake(self, sport, window=65535):
        """SYN (again every 2 s, as a client would) until the SYN-ACK, then the ACK
        advertising window: (seq, ack)."""
        isn = 1000000 + sport * 7
        for _ in range(4):
            self.peer.send(eth() / IP(src=PEER_IP, dst=GUEST_IP) /
                           TCP(sport=sport, dport=PORT, flags="S", seq=isn, options=[("MSS", 1460)]))
            try:
                p = self.peer.wait(lambda p: from_guest_tcp(sport)(p) and p[TCP].flags == "SA",
                                   2, f"SYN-ACK to {sport}")
                break
            except BootError:
                continue
        else:
            raise BootError(f"no SYN-ACK to port {sport} after 4 SYNs (seed {SEED})\n{self.peer.vm.log()}")
        assert p[TCP].ack == isn + 1, self.peer.vm.log()
        self.isns.append(p[TCP].seq)
        seq, ack = isn + 1, p[TCP].seq + 1
        self.peer.send(eth() / IP(src=PEER_IP, dst=GUEST_IP) /
                       TCP(sport=sport, dport=PORT, flags="A", seq=seq, ack=ack, window=window))
        return seq, ack

    def receive(self, sport, seq, ack, n, timeout=15, window=65535):
        """n bytes from the guest on sport, in order, acknowledged as they come."""
        got = b""
        while len(got) < n:
            p = self.peer.wait(lambda p: from_guest_tcp(sport)(p) and len(data_of(p[TCP])) > 0,
                               timeout, f"echo data on {sport} ({len(got)} of {n} bytes)")
            data = data_of(p[TCP])
            if p[TCP].seq == ack:
                got += data
                ack += len(data)
            self.peer.send(eth() / IP(src=PEER_IP, dst=GUEST_IP) /
                           TCP(sport=sport, dport=PORT, flags="A", seq=seq, ack=ack, window=window))
        return got, ack

    def close(self, sport, seq, ack):
        self.peer.send(eth() / IP(src=PEER_IP, dst=GUEST_IP) /
                       TCP(sport=sport, dport=PORT, flags="FA", seq=seq, ack=ack))
        p = self.peer.wait(lambda p: from_guest_tcp(sport)(p) and p[TCP].flags.F, 10, f"FIN on {sport}")
        self.peer.send(eth() / IP(src=PEER_IP, dst=GUEST_IP) /
                       TCP(sport=sport, dport=PORT, flags="A", seq=seq + 1, ack=p[TCP].seq + 1))

    def tcp(self, rng):
        sport = self.next_port()
        seq, ack = self.handshake(sport)
        data = bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 1400)))
        self.peer.send(eth() / IP(src=PEER_IP, dst=GUEST_IP) /
                       TCP(sport=sport, dport=PORT, flags="PA", seq=seq, ack=ack) / data)
        got, ack = self.receive(sport, seq + len(data), ack, len(data))
        assert got == data, f"TCP echo on {sport} differs (seed {SEED})\n{self.peer.vm.log()}"
        self.close(sport, seq + len(data), ack)
        self.done["tcp"] += 1

    def zero_window(self, rng, probes_wanted=2):
        """The peer advertises window 0 while the guest has echo data for it: the guest
        sends persist probes (RFC 9293 3.8.6.1) and nothing past the window; window 1460
        again, then the echo arrives byte-exact."""
        sport = self.next_port()
        # window 0 from the handshake's ACK on (lwIP takes a smaller window only from a
        # segment that advances SND.WL1 or SND.WL2, RFC 9293 3.10.7.4)
        seq, ack = self.handshake(sport, window=0)
        data = bytes(rng.getrandbits(8) for _ in range(3000))
        for i in range(0, len(data), 1000):
            self.peer.send(eth() / IP(src=PEER_IP, dst=GUEST_IP) /
                           TCP(sport=sport, dport=PORT, flags="PA", seq=seq + i, ack=ack, window=0) /
                           data[i:i + 1000])
        seq += len(data)
        probes = 0
        deadline = time.monotonic() + 20
        while probes < probes_wanted:
            left = deadline - time.monotonic()
            p = self.peer.wait(from_guest_tcp(sport), max(left, 0.1), f"persist probes on {sport}")
            # a probe is at most one byte at the window's edge; nothing else may be sent
            assert len(data_of(p[TCP])) <= 1 and p[TCP].seq in (ack, ack - 1), \
                f"segment past a zero window: seq {p[TCP].seq} ack {ack} len {len(data_of(p[TCP]))}\n{self.peer.vm.log()}"
            if (p[TCP].seq == ack and len(data_of(p[TCP])) == 1) or p[TCP].seq == ack - 1:
                probes += 1
            self.peer.send(eth() / IP(src=PEER_IP, dst=GUEST_IP) /
                           TCP(sport=sport, dport=PORT, flags="A", seq=seq, ack=ack, window=0))
        self.peer.send(eth() / IP(src=PEER_IP, dst=GUEST_IP) /
                       TCP(sport=sport, dport=PORT, flags="A", seq=seq, ack=ack, window=1460))
        got, ack = self.receive(sport, seq, ack, len(data), window=1460)
        assert got == data, f"echo after a zero window differs (seed {SEED})\n{self.peer.vm.log()}"
        self.close(sport, seq, ack)
        self.done["zero_window"] = self.done.get("zero_window", 0) + 1

    def all(self, rng):
        self.tcp(rng)
        self.udp(rng)
        self.ping(rng) if rng.random() < 0.7 else self.ping6(rng)


# ---- the bad traffic: each generator returns frames (bytes) for one round ----
def rbytes(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def abuse_port(rng):
    """A source port for frames from the peer's own address, above CHECK_PORTS with room
    for sport + 2: a half-open connection on one of the checker's ports would answer its
    next handshake there (ack 5001) instead."""
    return rng.randrange(CHECK_PORTS[1] + 1000, 65000)


def valid_frames(rng):
    """Well-formed frames of every kind the abuse starts from."""
    sport = abuse_port(rng)
    data = rbytes(rng, rng.randrange(0, 200))
    return [
        eth() / IP(src=PEER_IP, dst=GUEST_IP) / TCP(sport=sport, dport=PORT, flags="S", seq=rng.getrandbits(32)),
        eth() / IP(src=PEER_IP, dst=GUEST_IP) / UDP(sport=sport, dport=PORT) / data,
        eth() / IP(src=PEER_IP, dst=GUEST_IP) / ICMP(id=1, seq=rng.randrange(65536)) / data,
        eth() / IPv6(src=PEER_LL, dst=GUEST_LL) / ICMPv6EchoRequest(id=2, data=data),
        eth() / IPv6(src=PEER_LL, dst=GUEST_LL) / UDP(sport=sport, dport=PORT) / data,
        eth() / IPv6(src=PEER_LL, dst=GUEST_LL) / TCP(sport=sport, dport=PORT, flags="S"),
        eth("ff:ff:ff:ff:ff:ff") / ARP(op=1, hwsrc=PEER_MAC, psrc=PEER_IP, pdst=GUEST_IP),
    ]


def truncated(rng):
    """Valid frames cut anywhere: inside the Ethernet, ARP, IP, IPv6 or transport header."""
    out = []
    for f in valid_frames(rng):
        b = bytes(f)
        for _ in range(6):
            out.append(b[:rng.randrange(1, len(b))])
    return out


def bad_checksums(rng):
    out = []
    sport = abuse_port(rng)
    data = rbytes(rng, rng.randrange(1, 100))
    for layer in (IP(src=PEER_IP, dst=GUEST_IP, chksum=rng.randrange(65536)) / UDP(sport=sport, dport=PORT) / data,
                  IP(src=PEER_IP, dst=GUEST_IP) / UDP(sport=sport, dport=PORT, chksum=rng.randrange(1, 65536)) / data,
                  IP(src=PEER_IP, dst=GUEST_IP) / TCP(sport=sport, dport=PORT, flags="S", chksum=rng.randrange(65536)),
                  IP(src=PEER_IP, dst=GUEST_IP) / ICMP(chksum=rng.randrange(65536)) / data,
                  IPv6(src=PEER_LL, dst=GUEST_LL) / ICMPv6EchoRequest(cksum=rng.randrange(65536), data=data),
                  IPv6(src=PEER_LL, dst=GUEST_LL) / UDP(sport=sport, dport=PORT, chksum=rng.randrange(1, 65536)) / data):
        out.append(eth() / layer)
    return out * 3


def bad_lengths(rng):
    """IP total length longer and shorter than the frame, bad IHL, IPv6 payload length
    wrong, UDP and TCP lengths and offsets that do not fit."""
    out = []
    data = rbytes(rng, rng.randrange(8, 300))
    sport = abuse_port(rng)
    for _ in range(4):
        out.append(eth() / IP(src=PEER_IP, dst=GUEST_IP, len=rng.randrange(0, 65536)) / UDP(sport=sport, dport=PORT) / data)
        out.append(eth() / IP(src=PEER_IP, dst=GUEST_IP, ihl=rng.choice([0, 1, 4, 6, 15])) / TCP(sport=sport, dport=PORT) / data)
        out.append(eth() / IP(src=PEER_IP, dst=GUEST_IP) / UDP(sport=sport, dport=PORT, len=rng.randrange(0, 65536)) / data)
        out.append(eth() / IP(src=PEER_IP, dst=GUEST_IP) / TCP(sport=sport, dport=PORT, dataofs=rng.choice([0, 1, 4, 15])) / data)
        out.append(eth() / IP(src=PEER_IP, dst=GUEST_IP, version=rng.choice([0, 5, 6, 15])) / ICMP() / data)
        out.append(eth() / IPv6(src=PEER_LL, dst=GUEST_LL, plen=rng.randrange(0, 65536)) / UDP(sport=sport, dport=PORT) / data)
        out.append(eth() / IPv6(src=PEER_LL, dst=GUEST_LL, nh=rng.randrange(256)) / data)
    return out


def fragments(rng):
    """Overlapping, tiny, out-of-range and never completed fragments, IPv4 and IPv6."""
    out = []
    data = rbytes(rng, rng.randrange(200, 3000))
    ident = rng.randrange(65536)
    whole = IP(src=PEER_IP, dst=GUEST_IP, id=ident) / UDP(sport=abuse_port(rng), dport=PORT) / data
    frags = fragment(whole, fragsize=rng.choice([8, 16, 64, 512]))
    rng.shuffle(frags)
    out += [eth() / f for f in frags[:max(1, len(frags) - 1)]]    # never completed
    for _ in range(10):                                        # overlapping, odd offsets
        out.append(eth() / IP(src=PEER_IP, dst=GUEST_IP, id=ident ^ 1, flags=rng.choice([0, 1]),
                              frag=rng.randrange(0, 8192), proto=17) / rbytes(rng, rng.randrange(1, 600)))
    out.append(eth() / IP(src=PEER_IP, dst=GUEST_IP, id=ident ^ 2, flags=1, frag=8191, proto=17) / rbytes(rng, 1400))
    for _ in range(6):
        out.append(eth() / IPv6(src=PEER_LL, dst=GUEST_LL) /
                   IPv6ExtHdrFragment(nh=17, id=rng.getrandbits(32), m=rng.choice([0, 1]),
                                      offset=rng.randrange(0, 8192)) / rbytes(rng, rng.randrange(0, 700)))
    return out


def syn_flood(rng, n=400):
    """SYNs from random addresses (on the link and off it) and random ports."""
    out = []
    for _ in range(n):
        src = f"10.0.0.{rng.randrange(3, 255)}" if rng.random() < 0.5 else \
            ".".join(str(rng.randrange(1, 224)) for _ in range(4))
        out.append(eth() / IP(src=src, dst=GUEST_IP) /
                   TCP(sport=rng.randrange(1024, 65536), dport=rng.choice([PORT, PORT, 80, rng.randrange(65536)]),
                       flags="S", seq=rng.getrandbits(32), window=rng.randrange(65536)))
    return out


def odd_flags(rng):
    """RST, FIN and flag soup on no connection, on the listener and on a half-open one."""
    out = []
    sport = abuse_port(rng)
    for flags in ("R", "F", "FA", "RA", "SF", "SR", "SFRPAU", "", "U", "FPU", "SA", "A", "PA"):
        out.append(eth() / IP(src=PEER_IP, dst=GUEST_IP) /
                   TCP(sport=sport, dport=PORT, flags=flags, seq=rng.getrandbits(32), ack=rng.getrandbits(32)) /
                   rbytes(rng, rng.choice([0, 0, 10])))
    # a half-open connection, then RST/FIN with wrong sequence numbers and data after FIN
    out.append(eth() / IP(src=PEER_IP, dst=GUEST_IP) / TCP(sport=sport + 1, dport=PORT, flags="S", seq=5000))
    for flags in ("R", "F", "A", "FA", "PA", "S"):
        out.append(eth() / IP(src=PEER_IP, dst=GUEST_IP) /
                   TCP(sport=sport + 1, dport=PORT, flags=flags, seq=rng.choice([5001, rng.getrandbits(32)]),
                       ack=rng.getrandbits(32)) / rbytes(rng, rng.choice([0, 20])))
    # options: bad lengths, a zero-length option, window scale and MSS out of range (the
    # option bytes as payload behind a data offset that covers them: the checksum is right)
    for opt in (b"\x02\x00", b"\x02\x01\xff", b"\x03\x03\xff", b"\x08\x0a" + b"\0" * 4, b"\x05\x02", b"\xfe"):
        words = (len(opt) + 3) // 4
        out.append(eth() / IP(src=PEER_IP, dst=GUEST_IP) /
                   TCP(sport=sport + 2, dport=PORT, flags="S", dataofs=5 + words) / opt.ljust(words * 4, b"\0"))
    return out


def arp_nd_garbage(rng):
    """ARP with wrong lengths and types, ARP for other hosts, ND and RA with nonsense
    options, hop-by-hop and routing headers."""
    out = []
    bcast = "ff:ff:ff:ff:ff:ff"
    for _ in range(4):
        out.append(eth(bcast) / ARP(hwlen=rng.randrange(256), plen=rng.randrange(256), op=rng.randrange(65536),
                                    hwsrc=PEER_MAC, psrc=f"10.0.0.{rng.randrange(3, 255)}", pdst=GUEST_IP))
        out.append(eth(bcast) / ARP(ptype=rng.randrange(65536), op=1, psrc=PEER_IP, pdst=GUEST_IP))
        out.append(eth(bcast) / ARP(op=2, hwsrc="00:00:00:00:00:00", psrc=f"10.0.0.{rng.randrange(3, 255)}", pdst=GUEST_IP))
        out.append(eth("33:33:ff:12:34:56") / IPv6(src=PEER_LL, dst="ff02::1:ff12:3456") /
                   ICMPv6ND_NS(tgt=GUEST_LL) / rbytes(rng, rng.randrange(0, 24)))
        out.append(eth("33:33:00:00:00:01") / IPv6(src=PEER_LL, dst="ff02::1", hlim=rng.choice([255, 64])) /
                   ICMPv6ND_RA(routerlifetime=0) /
                   ICMPv6NDOptPrefixInfo(prefix="2001:db8:%x::" % rng.randrange(65536), prefixlen=rng.choice([0, 64, 128]),
                                         validlifetime=rng.randrange(10), preferredlifetime=0))
        out.append(eth() / IPv6(src=PEER_LL, dst=GUEST_LL) / IPv6ExtHdrHopByHop(options=[]) /
                   rbytes(rng, rng.randrange(0, 40)))
        out.append(eth() / IPv6(src=PEER_LL, dst=GUEST_LL) / IPv6ExtHdrRouting(addresses=["::1", "::2"], segleft=rng.randrange(4)) /
                   UDP(sport=1, dport=PORT))
        out.append(eth() / IPv6(src=PEER_LL, dst=GUEST_LL, nh=0) / rbytes(rng, rng.randrange(0, 64)))
    return out


def random_bytes(rng):
    """Random frames: raw, and random payloads behind real EtherTypes."""
    out = []
    mac = bytes.fromhex(GUEST_MAC.replace(":", "")) + bytes.fromhex(PEER_MAC.replace(":", ""))
    for _ in range(30):
        kind = rng.randrange(3)
        if kind == 0:
            out.append(rbytes(rng, rng.randrange(1, 1515)))
        else:
            et = rng.choice([b"\x08\x00", b"\x86\xdd", b"\x08\x06", b"\x81\x00"])
            body = rbytes(rng, rng.randrange(0, 1500))
            if kind == 2 and et == b"\x08\x00":      # something that passes the IP checks often
                body = bytes([0x45]) + body[1:]
            out.append(mac + et + body)
    return out


def corrupted(rng):
    """Valid frames with a few random bytes flipped."""
    out = []
    for f in valid_frames(rng):
        b = bytearray(bytes(f))
        for _ in range(8):
            c = bytearray(b)
            for _ in range(rng.randrange(1, 4)):
                c[rng.randrange(len(c))] = rng.getrandbits(8)
            out.append(bytes(c))
    return out


ABUSE = (truncated, bad_checksums, bad_lengths, fragments, syn_flood, odd_flags, arp_nd_garbage,
         random_bytes, corrupted)


def boot(images, qemu, peer):
    img = images("tests/prog/netserve.app")["img"]
    vm = qemu(img, machine="q35", smp=1, mem=256,
              extra=peer.netdev() + ["-device", f"virtio-net-pci,romfile=,netdev=n0,mac={GUEST_MAC}"])
    peer.vm = vm
    peer.accept()
    vm.wait_for(READY_RE, 120)
    m = vm.wait_for(rb"netserve: ready (\S+) (\S+) mac (\S+) ip6 (\w+)\r?\n", 60)
    got = tuple(g.decode().lower() for g in m.groups())
    assert got == (GUEST_IP, GUEST_LL, GUEST_MAC, "valid"), vm.log()
    return vm


def stats(peer, checker):
    """The guest's counters, asked on its control port: (counters, frames sent to it up to
    and including the request)."""
    sport = checker.next_port()
    peer.send(eth() / IP(src=PEER_IP, dst=GUEST_IP) / UDP(sport=sport, dport=CONTROL) / b"STATS")
    sent = peer.sent
    p = peer.wait(lambda p: UDP in p and p[UDP].dport == sport, 15, "the STATS answer")
    m = STATS_RE.match(data_of(p[UDP]))
    assert m, f"bad STATS answer {data_of(p[UDP])!r}\n{peer.vm.log()}"
    return dict(zip(STATS_KEYS, map(int, m.groups()))), sent


def test_malformed_traffic_for_a_minute(images, qemu):
    print(f"netabuse: seed {SEED}, {SECONDS:.0f} s")
    peer = Peer()
    try:
        vm = boot(images, qemu, peer)
        checker = Checker(peer)
        checker.all(random.Random(f"{SEED}:start"))
        t0 = time.monotonic()
        rounds, bad = 0, 0
        checks = (checker.tcp, checker.udp, checker.ping, checker.tcp, checker.ping6)
        while time.monotonic() - t0 < SECONDS:
            rng = random.Random(f"{SEED}:{rounds}")
            gen = ABUSE[rounds % len(ABUSE)]
            frames = gen(rng)
            try:
                for i in range(0, len(frames), 64):
                    peer.send(*frames[i:i + 64])
                    peer.drain()
                bad += len(frames)
                if rounds == 3:
                    checker.zero_window(rng)
                checks[rounds % len(checks)](rng)
            except BootError as e:
                raise BootError(f"round {rounds} ({gen.__name__}, seed {SEED}, "
                                f"{time.monotonic() - t0:.1f} s): {e}") from None
            rounds += 1
        elapsed = time.monotonic() - t0
        # afterwards: everything still served, a zero window again, and the counters
        end = random.Random(f"{SEED}:end")
        checker.zero_window(end, probes_wanted=1)
        checker.all(end)
        s, sent = stats(peer, checker)
        print(f"netabuse: {rounds} rounds, {bad} bad frames in {elapsed:.1f} s; checks {checker.done}; "
              f"guest {s}")
        log = vm.log()
        assert rounds >= len(ABUSE) and checker.done["tcp"] >= 3 and checker.done["zero_window"] == 2, log
        # the NIC took every frame sent (the stream loses none), lwIP saw them as bad
        assert s["nic_rx"] + s["nic_drop"] == sent, f"{s}, {sent} frames sent\n{log}"
        assert s["ip_err"] > 0 and s["tcp_err"] > 0 and s["link_rx"] >= bad, f"{s}\n{log}"
        assert s["overflow"] == 0, f"{s}\n{log}"
        # RFC 6528 initial sequence numbers (lib/net/isn.c): unrelated from one connection
        # to the next; lwIP's own grew by the timer's ticks. Two random ones are within
        # 2^24 of each other once in 128.
        isns = checker.isns
        close = sum(1 for a, b in zip(isns, isns[1:]) if min((b - a) % 2**32, (a - b) % 2**32) < 1 << 24)
        assert close <= len(isns) // 10, f"guessable initial sequence numbers: {isns}"
        peer.send(eth() / IP(src=PEER_IP, dst=GUEST_IP) / UDP(sport=9999, dport=CONTROL) / b"QUIT")
        vm.wait_for(rb"netserve: done", 30)
        m = FAULT_RE.search(vm.serial)
        assert m is None, f"fault on the guest's serial: {m.group(0)!r} (seed {SEED})\n{vm.log()}"
    finally:
        peer.close()
