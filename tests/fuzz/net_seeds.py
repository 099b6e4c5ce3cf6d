#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Writes the seed corpus of tests/fuzz/net_fuzz.c into tests/fuzz/net-seeds/: valid
conversations with its stack (10.0.0.2, fe80::5054:ff:fe12:3456, 2001:db8::2, TCP and UDP
echo on port 7) in its record format: ctl (1 byte: kind << 4 | clock step), length (2
bytes, big-endian), frame. The guest's initial sequence numbers are the fuzzer's
deterministic ones (run an input with NET_FUZZ_TRACE=1 to see them): GUEST_ISS for the
first connection after setup (its SYN-ACK), GUEST_ISS - 1 for the first one it opens."""
import os
import struct
import sys

from scapy.layers.inet import ICMP, IP, TCP, UDP, fragment
from scapy.layers.inet6 import ICMPv6EchoRequest, ICMPv6ND_NA, ICMPv6ND_NS, ICMPv6NDOptDstLLAddr, IPv6
from scapy.layers.l2 import ARP, Ether

GUEST_MAC, PEER_MAC = "52:54:00:12:34:56", "52:54:00:9a:bc:de"
GUEST_IP, PEER_IP = "10.0.0.2", "10.0.0.1"
GUEST_LL, PEER_LL, GUEST_G = "fe80::5054:ff:fe12:3456", "fe80::1", "2001:db8::2"
GUEST_ISS = int(os.environ.get("GUEST_ISS", "6510"))
GUEST_PORT = 0xC26F       # the program's first local port (the fuzzer's LWIP_RAND)


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
    isn, g = 1000, GUEST_ISS
    out = seg(flags="S", seq=isn, options=[("MSS", 1460), ("WScale", 2), ("SAckOK", b"")])
    out += resolve()
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
    # the program connects out; the peer's SYN-ACK answers the fuzzer's first SYN
    # more SYNs than the listener's backlog (8 in the fuzzer): the oldest half-open
    # connections are recycled (lib/net/synflood.c)
    yield "synflood", arp_reply() + b"".join(
        rec(eth() / IP(src=PEER_IP, dst=GUEST_IP) / TCP(sport=41000 + i, dport=7, flags="S", seq=i), step=1)
        for i in range(12))
    # the program connects out (from port GUEST_PORT); the peer accepts and sends 4 bytes
    syn_ack = TCP(sport=80, dport=GUEST_PORT, flags="SA", seq=5000, ack=GUEST_ISS)
    data = TCP(sport=80, dport=GUEST_PORT, flags="PA", seq=5001, ack=GUEST_ISS) / b"data"
    yield "connect", (rec(b"", kind=13) + arp_reply() + rec(eth() / IP(src=PEER_IP, dst=GUEST_IP) / syn_ack) +
                      rec(eth() / IP(src=PEER_IP, dst=GUEST_IP) / data, step=4))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "net-seeds")
    os.makedirs(out, exist_ok=True)
    for name, data in seeds():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
