#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Writes the seed corpus of tests/fuzz/net_fuzz.c into tests/fuzz/net-seeds/: valid
conversations with its stack (10.0.0.2, fe80::5054:ff:fe12:3456, 2001:db8::2, TCP and UDP
echo on port 7) in its record format: ctl (1 byte: kind << 4 | clock step), length (2
bytes, big-endian), frame. The stack's initial sequence numbers (RFC 6528: keyed, from
the fuzzer's deterministic LWIP_RAND and clock) are read from the fuzzer itself: the
conversation up to the SYN is run with NET_FUZZ_TRACE=1 and the guest's SYN or SYN-ACK
taken from the frames it sends.

    tests/fuzz/net_seeds.py [outdir] [fuzzer]    (build/fuzz/net_fuzz: make build/fuzz/net_fuzz)
"""
import os
import struct
import subprocess
import sys
import tempfile

from scapy.layers.inet import ICMP, IP, TCP, UDP, fragment
from scapy.layers.inet6 import ICMPv6EchoRequest, ICMPv6ND_NA, ICMPv6ND_NS, ICMPv6NDOptDstLLAddr, IPv6
from scapy.layers.l2 import ARP, Ether

GUEST_MAC, PEER_MAC = "52:54:00:12:34:56", "52:54:00:9a:bc:de"
GUEST_IP, PEER_IP = "10.0.0.2", "10.0.0.1"
GUEST_LL, PEER_LL, GUEST_G = "fe80::5054:ff:fe12:3456", "fe80::1", "2001:db8::2"
GUEST_PORT = 0xC26F       # the program's first local port (the fuzzer's LWIP_RAND)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FUZZER = os.path.join(ROOT, "build", "fuzz", "net_fuzz")


def guest_seq(records):
    """The sequence number of the last TCP SYN the stack sends while running records."""
    with tempfile.NamedTemporaryFile() as f:
        f.write(records)
        f.flush()
        out = subprocess.run([FUZZER, f.name], env=dict(os.environ, NET_FUZZ_TRACE="1"),
                             capture_output=True, text=True, check=True).stderr
    seq = None
    for line in out.splitlines():
        if not line.startswith("net_fuzz: tx"):
            continue
        b = bytes.fromhex(line.split()[-1])
        if b[12:14] == b"\x08\x00" and b[23] == 6:
            tcp = 14 + (b[14] & 15) * 4
        elif b[12:14] == b"\x86\xdd" and b[20] == 6:
            tcp = 54
        else:
            continue
        if b[tcp + 13] & 0x02:
            seq = struct.unpack_from(">I", b, tcp + 4)[0]
    assert seq is not None, f"no SYN from the stack:\n{out}"
    return seq


def rec(frame, kind=0, step=0):
    b = bytes(frame)
    return struct.pack(">BH", kind << 4 | step, len(b)) + b


def eth():
    return Ether(dst=GUEST_MAC, src=PEER_MAC)


def arp_reply():
    return rec(Ether(dst=GUEST_MAC, src=PEER_MAC) /
               ARP(op=2, hwsrc=PEER_MAC, psrc=PEER_IP, hwdst=GUEST_MAC, pdst=GUEST_IP))


def na():
    return rec(eth() / IPv6(src=PEER_LL, dst=GUEST_LL) / ICMPv6ND_NA(tgt=PEER_LL, S=1, O=1) /
               ICMPv6NDOptDstLLAddr(lladdr=PEER_MAC))


def tcp_conv(ip, src, dst, resolve, sport=40000):
    """A whole echo conversation: handshake, 5 bytes each way, FIN both ways; resolve
    answers the guest's ARP or ND for the peer after the SYN."""
    def seg(**kw):
        return rec(eth() / ip(src=src, dst=dst) / TCP(sport=sport, dport=7, **kw))
    isn = 1000
    out = seg(flags="S", seq=isn, options=[("MSS", 1460), ("WScale", 2), ("SAckOK", b"")])
    out += resolve()
    g = guest_seq(out)
    out += seg(flags="A", seq=isn + 1, ack=g + 1)
    out += rec(eth() / ip(src=src, dst=dst) / TCP(sport=sport, dport=7, flags="PA", seq=isn + 1, ack=g + 1) / b"hello")
    out += seg(flags="A", seq=isn + 6, ack=g + 6)
    out += seg(flags="FA", seq=isn + 6, ack=g + 6)
    out += seg(flags="A", seq=isn + 7, ack=g + 7)
    return out


def seeds():
    yield "arp", rec(Ether(dst="ff:ff:ff:ff:ff:ff", src=PEER_MAC) / ARP(op=1, hwsrc=PEER_MAC, psrc=PEER_IP, pdst=GUEST_IP))
    yield "ping", arp_reply() + rec(eth() / IP(src=PEER_IP, dst=GUEST_IP) / ICMP(id=1, seq=1) / b"ping")
    yield "udp", arp_reply() + rec(eth() / IP(src=PEER_IP, dst=GUEST_IP) / UDP(sport=5000, dport=7) / b"udp echo")
    frags = fragment(IP(src=PEER_IP, dst=GUEST_IP, id=7) / UDP(sport=5001, dport=7) / (b"x" * 2000), fragsize=800)
    yield "udp-frag", arp_reply() + b"".join(rec(eth() / f) for f in frags)
    yield "tcp", tcp_conv(IP, PEER_IP, GUEST_IP, arp_reply)
    yield "tcp6", tcp_conv(IPv6, PEER_LL, GUEST_LL, na)
    yield "ping6", rec(eth() / IPv6(src=PEER_LL, dst=GUEST_G) / ICMPv6EchoRequest(id=1, seq=1, data=b"ping6")) + na()
    yield "ns", rec(Ether(dst="33:33:ff:12:34:56", src=PEER_MAC) / IPv6(src=PEER_LL, dst="ff02::1:ff12:3456") /
                    ICMPv6ND_NS(tgt=GUEST_LL) / ICMPv6NDOptDstLLAddr(type=1, lladdr=PEER_MAC))
    # more SYNs than the listener's backlog (8 in the fuzzer): the oldest half-open
    # connections are recycled (lib/net/synflood.c)
    yield "synflood", arp_reply() + b"".join(
        rec(eth() / IP(src=PEER_IP, dst=GUEST_IP) / TCP(sport=41000 + i, dport=7, flags="S", seq=i), step=1)
        for i in range(12))
    # the program connects out (from port GUEST_PORT); the peer accepts and sends 4 bytes
    start = rec(b"", kind=13) + arp_reply()
    g = guest_seq(start)
    syn_ack = TCP(sport=80, dport=GUEST_PORT, flags="SA", seq=5000, ack=g + 1)
    data = TCP(sport=80, dport=GUEST_PORT, flags="PA", seq=5001, ack=g + 1) / b"data"
    yield "connect", (start + rec(eth() / IP(src=PEER_IP, dst=GUEST_IP) / syn_ack) +
                      rec(eth() / IP(src=PEER_IP, dst=GUEST_IP) / data, step=4))


def main():
    global FUZZER
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests", "fuzz", "net-seeds")
    if len(sys.argv) > 2:
        FUZZER = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for name, data in seeds():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
