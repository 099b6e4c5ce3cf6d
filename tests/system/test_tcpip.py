# SPDX-License-Identifier: BSD-2-Clause
"""TCP/IP as programs see it (include/bmnet.h, lwIP over lib/net): the command-driven
guest tests/prog/nettest (its main.c lists the commands) on an e1000, driven line by line
through COM1, against QEMU's restricted user network (DHCP, ping, hostfwd, guestfwd),
against a DNS responder of the test's own on a stream netdev (ethpeer.py), and against a
second guest over IPv6 link-local. Nothing leaves this machine: the user network has
restrict=on and forwards only to 127.0.0.1, and the names looked up are under .test
(RFC 6761), answered by the test itself."""
import ipaddress
import os
import queue
import random
import re
import shutil
import socket
import tempfile
import threading
import time

import pytest

from ethpeer import StreamPeer
from qemu import BUILD, BootError, make_images
from test_net import fnv1a

APP = "tests/prog/nettest.app"
GUEST_MAC = "52:54:00:12:34:56"


def pattern(n, start=0):
    """nt_pattern (tests/prog/nettest/util.c): byte i of the guest's test stream."""
    return bytes(((i ^ (i >> 8) ^ (i >> 16)) * 31 + 7) & 0xFF for i in range(start, start + n))


def link_local(mac):
    """The fe80:: address of a MAC, modified EUI-64 (RFC 4291 2.5.1, appendix A)."""
    b = bytes.fromhex(mac.replace(":", ""))
    eui = bytes([b[0] ^ 0x02]) + b[1:3] + b"\xff\xfe" + b[3:]
    groups = [f"{int.from_bytes(eui[i:i + 2], 'big'):x}" for i in range(0, 8, 2)]
    return "fe80::" + ":".join(groups)


@pytest.fixture(autouse=True)
def built(artifacts):
    if not os.path.exists(os.path.join(BUILD, APP)):
        pytest.fail(f"build first (make guests): missing {APP}")


class Nettest:
    """One nettest guest: cmd() types a command and waits for its result line."""

    def __init__(self, qemu, tmp_path, netdev, mac=GUEST_MAC, tag="a", nic="e1000", qmp=False):
        paths = make_images(tmp_path / f"img-{tag}", APP)
        self.vm = qemu(paths["img"], smp=1, mem=256, serial_input=True, qmp=qmp,
                       extra=netdev + ["-device", f"{nic},romfile=,netdev=n0,mac={mac}"])
        self.vm.wait_for(rb"nettest: commands\r?\n", timeout=120)

    def log(self):
        return self.vm.log()

    def expect(self, pattern, since=0, timeout=30):
        """The first match of pattern in the serial log after offset since."""
        rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.vm.serial, since)
            if m:
                return m
            if self.vm.proc.poll() is not None:
                raise BootError(f"QEMU exited before {rx.pattern!r}\n{self.log()}")
            if time.monotonic() > deadline:
                raise BootError(f"no {rx.pattern!r} within {timeout} s\n{self.log()}")
            time.sleep(0.02)

    def cmd(self, line, done, timeout=30):
        """Types line; returns (the output from its echo to the end of done's match
        as text, the match)."""
        since = len(self.vm.serial)
        self.vm.send_serial(line.encode() + b"\r")
        echo = self.expect(re.escape("nettest> " + line) + r"\r?\n", since, timeout)
        m = self.expect(done, echo.end(), timeout)
        return self.vm.serial[echo.end():m.end()].decode("utf-8", "replace"), m


def user_net(*fwds):
    return ["-netdev", ",".join(["user,id=n0,restrict=on"] + list(fwds))]


def start_dhcp(guest):
    out, _ = guest.cmd("start dhcp", r"nettest: counters .*\n")
    m = re.search(r"nettest: addr (\S+) mask (\S+) gw (\S+) dns (\S+) dhcp (\d)", out)
    assert "nettest: start ok" in out and "nettest: ipv4 up" in out and m, guest.log()
    return m


@pytest.mark.parametrize("nic", ["e1000", "e1000e", "virtio-net-pci"])
def test_dhcp_lease(qemu, tmp_path, nic):
    """DHCP from QEMU's restricted user network, on each NIC model the kernel drives
    that QEMU has: the lease is 10.0.2.15/24 and it is a DHCP lease (restrict=on leaves
    the router and DNS options out: no gateway)."""
    g = Nettest(qemu, tmp_path, user_net(), nic=nic)
    m = start_dhcp(g)
    assert m.groups() == ("10.0.2.15", "255.255.255.0", "0.0.0.0", "0.0.0.0", "1"), g.log()
    assert re.search(rf"nettest: mac {GUEST_MAC}\r?\n", g.vm.serial.decode()), g.log()


def test_ping_gateway(qemu, tmp_path):
    """ICMP echo to the user network's gateway 10.0.2.2: four replies, sequence numbers
    1..4, each with a round-trip time; an address nobody holds gets none (ETIMEDOUT).
    (And nettest's command line: decimal counts, at most 8 words.)"""
    g = Nettest(qemu, tmp_path, user_net())
    start_dhcp(g)
    out, m = g.cmd("ping 10.0.2.2 4", r"nettest: ping 10\.0\.2\.2 done (\d+)/4\r?\n")
    seqs = [(int(s), int(t)) for s, t in
            re.findall(r"nettest: ping 10\.0\.2\.2 seq (\d+) reply rtt (\d+) us", out)]
    assert m.group(1) == b"4" and [s for s, _ in seqs] == [1, 2, 3, 4], g.log()
    assert all(0 < t < 3_000_000 for _, t in seqs), g.log()
    out, m = g.cmd("ping 10.0.2.99 1", r"nettest: ping 10\.0\.2\.99 done (\d+)/1\r?\n")
    assert m.group(1) == b"0" and "seq 1 error ETIMEDOUT" in out, g.log()
    # numbers are decimal ("08" is eight), and a line of too many words is not run
    _, m = g.cmd("ping 10.0.2.2 08", r"nettest: ping 10\.0\.2\.2 done (\d+)/8\r?\n")
    assert m.group(1) == b"8", g.log()
    out, _ = g.cmd("ping 10.0.2.2 1 2 3 4 5 6 7", r"nettest: too many words\r?\n")
    assert "nettest: ping" not in out, g.log()


LAN_PEER = "10.0.0.1"       # the test's end of the stream link
LAN_LIAR = "10.0.0.9"       # a host whose echo replies come from LAN_PEER's address
GUEST_IP = "10.0.0.2"
PEER_MAC = "52:54:00:9a:bc:de"
ECHO_SRC_PORT = 9000


def inet_sum(data):
    """The ones'-complement sum of RFC 1071, folded to 16 bits."""
    if len(data) % 2:
        data += b"\0"
    s = sum(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


class LanPeer:
    """The host on the far end of the guest's stream link (ethpeer.StreamPeer) at
    LAN_PEER: answers ARP for it, answers DNS on UDP 53 (RFC 1035 4.1: an A record for
    known, no AAAA record, NXDOMAIN for any other name), and reassembles the IPv4
    datagrams sent to its UDP port ECHO_SRC_PORT (RFC 791 3.2) into self.udp, each with
    whether its UDP checksum holds (RFC 768). It answers ICMP echo for LAN_PEER, and for
    LAN_LIAR too but from LAN_PEER's address (ARP for both)."""

    def __init__(self, known=None, answer=None):
        from scapy.layers.l2 import Ether
        self.Ether = Ether
        self.known, self.answer, self.guest_mac = known, answer, GUEST_MAC
        self.queries, self.udp, self.frags = [], queue.Queue(), {}
        self.peer = StreamPeer(self.handle)

    def netdev(self):
        return self.peer.netdev()

    def send_ip(self, pkt):
        self.peer.send(self.Ether(dst=self.guest_mac, src=PEER_MAC) / pkt)

    def handle(self, peer, frame):
        from scapy.layers.dns import DNS
        from scapy.layers.inet import IP, UDP
        from scapy.layers.l2 import ARP
        eth = self.Ether(frame)
        from scapy.layers.inet import ICMP
        if ARP in eth and eth[ARP].op == 1 and eth[ARP].pdst in (LAN_PEER, LAN_LIAR):
            peer.send(self.Ether(dst=eth.src, src=PEER_MAC) /
                      ARP(op=2, hwsrc=PEER_MAC, psrc=eth[ARP].pdst, hwdst=eth.src,
                          pdst=eth[ARP].psrc))
        elif IP in eth and eth[IP].dst in (LAN_PEER, LAN_LIAR) and ICMP in eth and \
                eth[IP].proto == 1 and eth[ICMP].type == 8:
            ip = eth[IP]
            self.send_ip(IP(src=LAN_PEER, dst=ip.src) /
                         ICMP(type=0, id=ip[ICMP].id, seq=ip[ICMP].seq) / bytes(ip[ICMP].payload))
        elif IP in eth and eth[IP].dst == LAN_PEER and eth[IP].proto == 17:
            ip = eth[IP]
            if ip.flags.MF or ip.frag:
                self.fragment(ip)
            elif ip[UDP].dport == 53 and DNS in ip:
                self.dns(peer, eth, ip)
            elif ip[UDP].dport == ECHO_SRC_PORT:
                # the frame's padding to 60 bytes is not the datagram's
                self.datagram(ip.src, ip.dst, bytes(ip.payload)[:ip.len - ip.ihl * 4])

    def fragment(self, ip):
        key = (ip.src, ip.id)
        parts = self.frags.setdefault(key, {})
        parts[ip.frag * 8] = (bytes(ip.payload)[:ip.len - ip.ihl * 4], bool(ip.flags.MF))
        offs = sorted(parts)
        whole, at = b"", 0
        for o in offs:
            if o != at:
                return                              # a hole: more to come
            whole += parts[o][0]
            at += len(parts[o][0])
        if parts[offs[-1]][1]:
            return                                  # the last fragment is yet to come
        del self.frags[key]
        self.datagram(ip.src, ip.dst, whole)

    def datagram(self, src, dst, udp):
        """A whole UDP datagram (header and data) from src to dst."""
        pseudo = (ipaddress.ip_address(src).packed + ipaddress.ip_address(dst).packed +
                  bytes([0, 17]) + len(udp).to_bytes(2, "big"))
        ok = udp[6:8] == b"\0\0" or inet_sum(pseudo + udp) == 0xFFFF
        self.udp.put((int.from_bytes(udp[4:6], "big") == len(udp), ok, udp[8:]))

    def dns(self, peer, eth, ip):
        from scapy.layers.dns import DNS, DNSRR
        from scapy.layers.inet import IP, UDP
        q = ip[DNS]
        name = q.qd.qname.decode().rstrip(".")
        self.queries.append((name, q.qd.qtype, ip.src))
        an, rcode = None, 0
        if name != self.known:
            rcode = 3                                  # NXDOMAIN
        elif q.qd.qtype == 1:                          # A
            an = DNSRR(rrname=q.qd.qname, type="A", ttl=60, rdata=self.answer)
        reply = DNS(id=q.id, qr=1, aa=1, rd=q.rd, ra=1, rcode=rcode, qd=q.qd, an=an)
        peer.send(self.Ether(dst=eth.src, src=PEER_MAC) / IP(src=LAN_PEER, dst=ip.src) /
                  UDP(sport=53, dport=ip[UDP].sport) / reply)

    def close(self):
        self.peer.close()


def lan_guest(qemu, tmp_path, lan):
    g = Nettest(qemu, tmp_path, lan.netdev())
    out, _ = g.cmd(f"start addr {GUEST_IP}/24", r"nettest: counters .*\n")
    assert "nettest: ipv4 up" in out and f"nettest: addr {GUEST_IP} " in out, g.log()
    return g


# 1472 is the largest datagram in one 1500-byte IPv4 packet; from 1473 on it is
# fragmented (both ways: by the peer, then by lwIP's IP_FRAG) and reassembled (by lwIP,
# then by the peer); 65507 = 65535 - 20 - 8 is the largest a datagram can be (RFC 791,
# RFC 768).
UDP_SIZES = (1, 2, 17, 64, 512, 1000, 1400, 1472, 1473, 2000, 4096, 8972, 16384, 32768,
             65000, 65507)


def test_udp_echo(qemu, tmp_path):
    """The guest's UDP echo port (bm_udp_open; bm_udp_sendto back to the sender) on a
    stream link to the test: every datagram of 1 .. 65,507 bytes comes back whole,
    byte-exact and with a valid checksum, and the guest reports each one; lwIP counts
    every frame in, none dropped and no IP error.

    The peer is the test's (scapy builds, fragments and reassembles) because QEMU's user
    network cannot carry this: its UDP hostfwd takes a datagram to the guest, but the
    guest's reply, correct on the wire (filter-dump), never reaches the host sender
    (QEMU 7.2, with restrict=on or off), and restrict=on forwards no UDP out."""
    from scapy.layers.inet import IP, UDP, fragment
    lan = LanPeer()
    try:
        g = lan_guest(qemu, tmp_path, lan)
        g.cmd("udp 7 echo", r"nettest: udp 7 echo open\r?\n")
        rng = random.Random(7)
        for k, n in enumerate(UDP_SIZES):
            data = rng.randbytes(n)
            since = len(g.vm.serial)
            pkt = (IP(src=LAN_PEER, dst=GUEST_IP, id=k + 1) /
                   UDP(sport=ECHO_SRC_PORT, dport=7) / data)
            for f in fragment(pkt, fragsize=1480) if n > 1472 else [pkt]:
                lan.send_ip(f)
            try:
                length_ok, sum_ok, back = lan.udp.get(timeout=15)
            except queue.Empty:
                raise BootError(f"no echo of the {n}-byte datagram {lan.peer.errors}\n{g.log()}")
            assert back == data and length_ok and sum_ok, \
                f"{n} bytes sent, {len(back)} back, length {length_ok} checksum {sum_ok}\n{g.log()}"
            g.expect(rf"nettest: udp echo {n} from {LAN_PEER} port {ECHO_SRC_PORT}: ok\r?\n", since)
        assert not lan.peer.errors, lan.peer.errors
        # every fragment taken in and reassembled: lwIP dropped nothing, saw no bad packet
        _, m = g.cmd("info", r"nettest: counters link rx (\d+) tx (\d+) drop (\d+) ip err (\d+)")
        frames = sum(1 if n <= 1472 else -(-(n + 8) // 1480) for n in UDP_SIZES)
        assert int(m.group(1)) >= frames and m.group(3) == m.group(4) == b"0", g.log()
    finally:
        lan.close()


def test_dns_lookup(qemu, tmp_path):
    """bm_dns_server + bm_dns_lookup against the test's own responder on a stream link
    (the guest has a static address there): a name it knows resolves to the address it
    drew for this run, a name it does not know is ENOENT (NXDOMAIN), and both queries
    were on the wire, from the guest's address."""
    known, missing = "peer.nettest.test", "missing.nettest.test"
    answer = f"198.51.100.{random.randrange(1, 255)}"      # TEST-NET-2 (RFC 5737)
    lan = LanPeer(known, answer)
    try:
        g = lan_guest(qemu, tmp_path, lan)
        _, m = g.cmd(f"dns {LAN_PEER} {known}", rf"nettest: dns {re.escape(known)} (.*)\r?\n")
        assert m.group(1).decode().strip() == f"address {answer}", f"{lan.peer.errors}\n{g.log()}"
        _, m = g.cmd(f"dns {LAN_PEER} {missing}", rf"nettest: dns {re.escape(missing)} (.*)\r?\n")
        assert m.group(1).decode().strip() == "error ENOENT", f"{lan.peer.errors}\n{g.log()}"
        asked = {(n, t) for n, t, src in lan.queries if src == GUEST_IP}
        assert (known, 1) in asked and (missing, 1) in asked, f"{lan.queries}\n{g.log()}"
        assert not lan.peer.errors, lan.peer.errors
    finally:
        lan.close()


def test_ping_counts_only_the_host_pinged(qemu, tmp_path):
    """bm_ping takes an echo reply from the address it pinged only: the peer answers
    pings of LAN_PEER from LAN_PEER (replies) and those of LAN_LIAR from LAN_PEER too
    (id and sequence number right, the source wrong: no reply, ETIMEDOUT)."""
    lan = LanPeer()
    try:
        g = lan_guest(qemu, tmp_path, lan)
        _, m = g.cmd(f"ping {LAN_PEER} 2", rf"nettest: ping {LAN_PEER} done (\d+)/2\r?\n")
        assert m.group(1) == b"2", g.log()
        out, m = g.cmd(f"ping {LAN_LIAR} 2", rf"nettest: ping {LAN_LIAR} done (\d+)/2\r?\n")
        assert m.group(1) == b"0" and "error ETIMEDOUT" in out, g.log()
        assert not lan.peer.errors, lan.peer.errors
    finally:
        lan.close()


MAC_A, MAC_B = "52:54:00:00:6a:0a", "52:54:00:00:6b:0b"


def test_ipv6_link_local_between_guests(qemu, tmp_path):
    """Two guests on one stream netdev (A listens on a unix socket, B connects): each
    has the link-local address of its MAC (modified EUI-64), ICMPv6 echo works both
    ways, a UDP datagram goes each way over IPv6 (the 3000-byte one fragmented,
    RFC 8200 4.5), its length and FNV-1a as sent, and 64 KiB go through A's TCP echo
    server and back to B byte-exact, from B's link-local address."""
    sockdir = tempfile.mkdtemp(prefix="bmnt")          # sun_path holds 108 bytes
    path = os.path.join(sockdir, "ab.sock")
    try:
        two_guests_ipv6(qemu, tmp_path, path)
    finally:
        shutil.rmtree(sockdir, ignore_errors=True)


def two_guests_ipv6(qemu, tmp_path, path):
    link = f"stream,id=n0,addr.type=unix,addr.path={path}"
    a = Nettest(qemu, tmp_path, ["-netdev", link + ",server=on"], mac=MAC_A, tag="a")
    deadline = time.monotonic() + 30
    while not os.path.exists(path):            # A's QEMU listens before its guest runs
        assert time.monotonic() < deadline, a.log()
        time.sleep(0.02)
    b = Nettest(qemu, tmp_path, ["-netdev", link + ",server=off"], mac=MAC_B, tag="b")
    lls = {}
    for g, mac in ((a, MAC_A), (b, MAC_B)):
        out, _ = g.cmd("start ip6", r"nettest: counters .*\n")
        m = re.search(r"nettest: ip6 0 (\S+)", out)
        assert "nettest: ipv6 up" in out and m, g.log()
        assert ipaddress.ip_address(m.group(1)) == ipaddress.ip_address(link_local(mac)), g.log()
        lls[mac] = m.group(1)
        g.cmd("udp 7000 print", r"nettest: udp 7000 print open\r?\n")
    for src, dst, mac in ((a, b, MAC_B), (b, a, MAC_A)):
        ll = lls[mac]
        out, m = src.cmd(f"ping {ll} 3", rf"nettest: ping {ll} done (\d+)/3\r?\n")
        assert m.group(1) == b"3", src.log() + "\n" + dst.log()
    for src, dst, mac_src, mac_dst, n in ((a, b, MAC_A, MAC_B, 1200), (b, a, MAC_B, MAC_A, 3000)):
        since = len(dst.vm.serial)
        out, m = src.cmd(f"udpsend {lls[mac_dst]} 7000 {n}",
                         rf"nettest: udp sent {n} fnv (\w+) to \S+ port 7000: (\S+)\r?\n")
        want = f"{fnv1a(pattern(n)):08x}"
        assert m.group(1).decode() == want and m.group(2) == b"ok", src.log()
        got = dst.expect(r"nettest: udp recv (\d+) fnv (\w+) from (\S+) port \d+ on 7000\r?\n",
                         since, timeout=15)
        assert (got.group(1).decode(), got.group(2).decode()) == (str(n), want), dst.log()
        assert ipaddress.ip_address(got.group(3).decode()) == \
            ipaddress.ip_address(lls[mac_src]), dst.log()
    # and TCP over IPv6: B's connection to A's echo server
    a.cmd("tcpecho 8000", r"nettest: tcp echo 8000 listening\r?\n")
    n = 64 << 10
    out, m = b.cmd(f"tcpget {lls[MAC_A]} 8000 {n} {n}",
                   r"nettest: tcp get connected (\d) sent (\d+) received (\d+) fnv (\w+) "
                   r"ms (\d+): (\S+)\r?\n", timeout=60)
    assert (m.group(1), int(m.group(2)), int(m.group(3)), m.group(4).decode(), m.group(6)) == \
        (b"1", n, n, f"{fnv1a(pattern(n)):08x}", b"ok"), a.log() + "\n" + b.log()
    peer = a.expect(r"nettest: tcp echo accepted (\S+) port \d+\r?\n")
    assert ipaddress.ip_address(peer.group(1).decode()) == ipaddress.ip_address(lls[MAC_B]), a.log()


def test_tcp_echo_1mib_through_hostfwd(qemu, tmp_path):
    """The guest's bm_tcp_listen echo server reached through hostfwd by a host socket:
    1 MiB of random bytes sent while the echo is read comes back byte-exact (the send
    buffer fills, the sent callbacks drain the queue, windows open and close), and the
    guest closes after the host's FIN with 1 MiB counted each way."""
    g = Nettest(qemu, tmp_path, user_net("hostfwd=tcp:127.0.0.1:0-:7"), qmp=True)
    hp = g.vm.hostfwd_port(7)
    start_dhcp(g)
    g.cmd("tcpecho 7", r"nettest: tcp echo 7 listening\r?\n")
    data = random.Random(1).randbytes(1 << 20)
    since = len(g.vm.serial)
    t0 = time.monotonic()
    with socket.create_connection(("127.0.0.1", hp), timeout=60) as s:
        def send():
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        got = bytearray()
        try:
            while True:
                chunk = s.recv(1 << 16)
                if not chunk:
                    break
                got += chunk
        except socket.timeout:
            raise BootError(f"echo stalled at {len(got)} bytes\n{g.log()}")
        sender.join(timeout=60)
    secs = time.monotonic() - t0
    if got != data:
        diff = next((i for i, (x, y) in enumerate(zip(got, data)) if x != y),
                    min(len(got), len(data)))
        pytest.fail(f"{len(got)} bytes back, first difference at {diff}\n{g.log()}")
    m = g.expect(r"nettest: tcp echo closed in (\d+) out (\d+) ms (\d+): ok\r?\n", since)
    assert m.group(1) == m.group(2) == str(1 << 20).encode(), g.log()
    print(f"tcp echo: 1 MiB each way in {secs:.2f} s")


def test_tcp_connect_through_guestfwd(qemu, tmp_path):
    """bm_tcp_connect from the guest to a host listener reached through guestfwd
    (10.0.2.100:1234 -> 127.0.0.1): the host gets the guest's 256 KiB pattern
    byte-exact and answers 100,000 bytes of its own; the guest counts them and their
    FNV-1a, and closes without error. (QEMU's guestfwd does not pass the host's close
    on to the guest: the guest is told how much to expect.)"""
    n_up, n_down = 256 << 10, 100_000
    reply = random.Random(2).randbytes(n_down)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as ls:
        ls.bind(("127.0.0.1", 0))
        ls.listen(1)
        ls.settimeout(120)
        lp = ls.getsockname()[1]
        result = {}

        def serve():
            try:
                c, _ = ls.accept()        # QEMU connects its guestfwd chardev at startup
            except OSError as e:
                result["error"] = repr(e)
                return
            with c:
                c.settimeout(60)
                got = bytearray()
                try:
                    while len(got) < n_up:
                        chunk = c.recv(1 << 16)
                        if not chunk:
                            break
                        got += chunk
                    result["got"] = bytes(got)
                    c.sendall(reply)
                except OSError as e:
                    result["error"] = repr(e)
        server = threading.Thread(target=serve, daemon=True)
        server.start()
        g = Nettest(qemu, tmp_path, user_net(f"guestfwd=tcp:10.0.2.100:1234-tcp:127.0.0.1:{lp}"))
        start_dhcp(g)
        out, m = g.cmd(f"tcpget 10.0.2.100 1234 {n_up} {n_down}",
                       r"nettest: tcp get connected (\d) sent (\d+) received (\d+) fnv (\w+) "
                       r"ms (\d+): (\S+)\r?\n", timeout=60)
        server.join(timeout=30)
    assert "error" not in result, f"{result['error']}\n{g.log()}"
    assert result.get("got") == pattern(n_up), \
        f"host got {len(result.get('got', b''))} bytes (or other bytes)\n{g.log()}"
    assert m.group(1) == b"1" and int(m.group(2)) == n_up, g.log()
    assert int(m.group(3)) == n_down and m.group(4).decode() == f"{fnv1a(reply):08x}", g.log()
    assert m.group(6) == b"ok", g.log()


class LossyRelay:
    """Two stream links joined by the test: every frame from one guest goes to the
    other, except every period-th TCP segment that carries data, in each direction
    (never a SYN or a FIN-only segment: those would only cost retransmission timeouts)."""

    def __init__(self, period):
        self.period = period
        self.data_segments = [0, 0]
        self.dropped = [0, 0]
        self.ends = [StreamPeer(lambda p, f: self.forward(0, f)),
                     StreamPeer(lambda p, f: self.forward(1, f))]

    def forward(self, side, frame):
        if frame[12:14] == b"\x08\x00" and frame[23] == 6:         # IPv4, TCP
            ihl = (frame[14] & 0x0F) * 4
            tcp = 14 + ihl
            payload = int.from_bytes(frame[16:18], "big") - ihl - (frame[tcp + 12] >> 4) * 4
            if payload > 0:
                self.data_segments[side] += 1
                if self.data_segments[side] % self.period == 0:
                    self.dropped[side] += 1
                    return
        other = self.ends[1 - side]
        if other.sock is not None:
            other.send(frame)

    def close(self):
        for e in self.ends:
            e.close()


def test_tcp_through_lossy_link(qemu, tmp_path):
    """TCP between two guests over a link that loses every 23rd data segment each way:
    B connects to A's echo server (bm_tcp_connect, bm_tcp_listen), sends 256 KiB of the
    pattern and gets all of it back in order (fast retransmit and retransmission
    timeouts, out-of-order queueing, windows); then A sees B's close and closes with
    256 KiB counted each way. A connect to a port A does not listen on is reset, and
    B's err callback says so (ECONNRESET)."""
    n = 256 << 10
    relay = LossyRelay(23)
    try:
        a = Nettest(qemu, tmp_path, relay.ends[0].netdev(), mac=MAC_A, tag="a")
        b = Nettest(qemu, tmp_path, relay.ends[1].netdev(), mac=MAC_B, tag="b")
        for g, ip in ((a, "10.0.1.1"), (b, "10.0.1.2")):
            out, _ = g.cmd(f"start addr {ip}/24", r"nettest: counters .*\n")
            assert "nettest: ipv4 up" in out, g.log()
        a.cmd("tcpecho 7", r"nettest: tcp echo 7 listening\r?\n")
        since = len(a.vm.serial)
        out, m = b.cmd(f"tcpget 10.0.1.1 7 {n} {n}",
                       r"nettest: tcp get connected (\d) sent (\d+) received (\d+) fnv (\w+) "
                       r"ms (\d+): (\S+)\r?\n", timeout=60)
        logs = f"{relay.dropped} dropped of {relay.data_segments}\n{a.log()}\n{b.log()}"
        assert m.group(1) == b"1" and int(m.group(2)) == n and int(m.group(3)) == n, logs
        assert m.group(4).decode() == f"{fnv1a(pattern(n)):08x}" and m.group(6) == b"ok", logs
        m2 = a.expect(r"nettest: tcp echo closed in (\d+) out (\d+) ms \d+: ok\r?\n", since)
        assert int(m2.group(1)) == int(m2.group(2)) == n, logs
        assert min(relay.dropped) >= 3, logs          # the loss really happened, both ways
        assert not relay.ends[0].errors and not relay.ends[1].errors, logs
        # a port nobody listens on: A resets the SYN and B's program hears of it
        _, refused = b.cmd("tcpget 10.0.1.1 9 10",
                           r"nettest: tcp get connected (\d) sent \d+ .*: (\S+)\r?\n", timeout=60)
        assert refused.groups() == (b"0", b"ECONNRESET"), f"{a.log()}\n{b.log()}"
        print(f"lossy tcp: {n} bytes each way in {int(m.group(5))} ms, dropped {relay.dropped} "
              f"of {relay.data_segments} data segments")
    finally:
        relay.close()


class WirePeer:
    """The far end of the guest's stream link (ethpeer.StreamPeer) that keeps every
    frame the guest sends (self.frames, parsed by scapy) for the test to wait for
    (wait), answers ARP for LAN_PEER, and hands each frame to answer(self, eth) when
    given: the DHCP server, the IPv6 router and the TCP peer below."""

    def __init__(self, answer=None):
        from scapy.layers.l2 import Ether
        self.Ether = Ether
        self.answer = answer
        self.frames = []
        self.cond = threading.Condition()
        self.peer = StreamPeer(self.handle)

    def netdev(self):
        return self.peer.netdev()

    def handle(self, peer, frame):
        from scapy.layers.l2 import ARP
        eth = self.Ether(frame)
        with self.cond:
            self.frames.append((time.monotonic(), eth))
            self.cond.notify_all()
        if ARP in eth and eth[ARP].op == 1 and eth[ARP].pdst == LAN_PEER:
            self.send_frame(self.Ether(dst=eth.src, src=PEER_MAC) /
                            ARP(op=2, hwsrc=PEER_MAC, psrc=LAN_PEER, hwdst=eth.src,
                                pdst=eth[ARP].psrc))
        elif self.answer:
            self.answer(self, eth)

    def send_frame(self, frame):
        self.peer.send(frame)

    def send(self, pkt):
        """pkt (IP or IPv6) in a frame to the guest's MAC."""
        self.peer.send(self.Ether(dst=GUEST_MAC, src=PEER_MAC) / pkt)

    def wait(self, pred, since=0, timeout=15, what="frame"):
        """The first (index, arrival time, frame) from frame index since on that
        matches pred."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for i in range(since, len(self.frames)):
                    if pred(self.frames[i][1]):
                        return i, self.frames[i][0], self.frames[i][1]
                since = len(self.frames)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {what} within {timeout} s; the guest sent:\n" +
                                         "\n".join(f.summary() for _, f in self.frames[-20:]))
                self.cond.wait(left)

    def matching(self, pred):
        with self.cond:
            return [f for _, f in self.frames if pred(f)]

    def close(self):
        self.peer.close()


def dhcp_type(eth):
    """The DHCP message type of a frame (RFC 2132 9.6), or None."""
    from scapy.layers.dhcp import DHCP
    if DHCP not in eth:
        return None
    return dict(o for o in eth[DHCP].options if isinstance(o, tuple)).get("message-type")


def dhcp_option(eth, name):
    from scapy.layers.dhcp import DHCP
    return dict(o for o in eth[DHCP].options if isinstance(o, tuple)).get(name)


def wire_guest(qemu, tmp_path, wire, start):
    g = Nettest(qemu, tmp_path, wire.netdev())
    out, _ = g.cmd(start, r"nettest: counters .*\n", timeout=40)
    return g, out


def test_dhcp_static_fallback(qemu, tmp_path):
    """BM_NET_DHCP with a static fallback and dhcp_timeout_ms 3000 on a link where
    nobody answers DHCP: the guest broadcasts DHCPDISCOVERs (RFC 2131 4.4.1: from
    0.0.0.0:68 to 255.255.255.255:67, its MAC as chaddr), at least two of them (lwIP
    retries after 2 s), then takes the fallback address (not a lease) and answers ARP
    and ICMP echo on it. (lwIP puts the hostname, option 12, in its REQUESTs only:
    test_dhcp_lease_from_peer.)"""
    from scapy.layers.inet import ICMP, IP, UDP
    from scapy.layers.dhcp import BOOTP
    from scapy.layers.l2 import ARP
    wire = WirePeer()
    try:
        g, out = wire_guest(qemu, tmp_path, wire,
                            f"start dhcp addr {GUEST_IP}/24 timeout 3000 host bm-gaps")
        assert "nettest: ipv4 up" in out, g.log()
        assert f"nettest: addr {GUEST_IP} mask 255.255.255.0 gw 0.0.0.0 dns 0.0.0.0 dhcp 0" \
            in out, g.log()
        discovers = wire.matching(lambda f: dhcp_type(f) == 1)
        assert len(discovers) >= 2, [f.summary() for _, f in wire.frames]
        mac = bytes.fromhex(GUEST_MAC.replace(":", ""))
        for d in discovers:
            assert (d[IP].src, d[IP].dst, d[UDP].sport, d[UDP].dport) == \
                ("0.0.0.0", "255.255.255.255", 68, 67), d.show(dump=True)
            assert d[BOOTP].op == 1 and d[BOOTP].chaddr[:6] == mac, d.show(dump=True)
        # the fallback address is the guest's: ARP for it, then an echo to it
        since = len(wire.frames)
        wire.send_frame(wire.Ether(dst="ff:ff:ff:ff:ff:ff", src=PEER_MAC) /
                        ARP(op=1, hwsrc=PEER_MAC, psrc=LAN_PEER, pdst=GUEST_IP))
        wire.wait(lambda f: ARP in f and f[ARP].op == 2 and f[ARP].psrc == GUEST_IP and
                  f[ARP].hwsrc == GUEST_MAC, since, what="ARP reply for the fallback address")
        wire.send(IP(src=LAN_PEER, dst=GUEST_IP) / ICMP(type=8, id=0x6a, seq=1) / b"fallback")
        wire.wait(lambda f: ICMP in f and f[ICMP].type == 0 and f[IP].src == GUEST_IP and
                  f[ICMP].id == 0x6a and bytes(f[ICMP].payload).startswith(b"fallback"),
                  since, what="echo reply from the fallback address")
        assert not wire.peer.errors, wire.peer.errors
    finally:
        wire.close()


LEASE_IP, LEASE_DNS, FAR_HOST = "10.0.0.77", "10.0.0.53", "192.0.2.7"


def dhcp_server(wire, eth):
    """A minimal DHCP server (RFC 2131 4.3): OFFER for a DISCOVER, ACK for a REQUEST,
    LEASE_IP with LAN_PEER as the router and LEASE_DNS as the DNS server; and, as that
    router, ICMP echo answered for any address."""
    from scapy.layers.dhcp import BOOTP, DHCP
    from scapy.layers.inet import ICMP, IP, UDP
    kind = {1: "offer", 3: "ack"}.get(dhcp_type(eth))
    if kind:
        b = eth[BOOTP]
        wire.send_frame(
            wire.Ether(dst="ff:ff:ff:ff:ff:ff", src=PEER_MAC) /
            IP(src=LAN_PEER, dst="255.255.255.255") / UDP(sport=67, dport=68) /
            BOOTP(op=2, xid=b.xid, flags=b.flags, yiaddr=LEASE_IP, siaddr=LAN_PEER,
                  chaddr=b.chaddr) /
            DHCP(options=[("message-type", kind), ("server_id", LAN_PEER),
                          ("lease_time", 3600), ("subnet_mask", "255.255.255.0"),
                          ("router", LAN_PEER), ("name_server", LEASE_DNS), "end"]))
    elif ICMP in eth and eth[ICMP].type == 8 and eth[IP].dst != LAN_PEER:
        ip = eth[IP]
        wire.send(IP(src=ip.dst, dst=ip.src) /
                  ICMP(type=0, id=ip[ICMP].id, seq=ip[ICMP].seq) / bytes(ip[ICMP].payload))


def test_dhcp_lease_from_peer(qemu, tmp_path):
    """The same start (a static fallback configured) against the test's DHCP server:
    DISCOVER, OFFER, REQUEST (RFC 2131 4.3.2: the offered address in option 50, the
    server in option 54, the hostname), ACK; the guest has the lease, not the fallback,
    with the server's router and DNS server, and a ping to an address off the subnet
    goes through that router (its MAC) and is answered."""
    from scapy.layers.inet import ICMP, IP
    wire = WirePeer(dhcp_server)
    try:
        g, out = wire_guest(qemu, tmp_path, wire,
                            f"start dhcp addr {GUEST_IP}/24 timeout 3000 host bm-gaps")
        assert f"nettest: addr {LEASE_IP} mask 255.255.255.0 gw {LAN_PEER} dns {LEASE_DNS} "\
            "dhcp 1" in out, g.log()
        req = wire.wait(lambda f: dhcp_type(f) == 3, what="DHCPREQUEST")[2]
        assert dhcp_option(req, "requested_addr") == LEASE_IP, req.show(dump=True)
        assert dhcp_option(req, "server_id") == LAN_PEER, req.show(dump=True)
        assert dhcp_option(req, "hostname") == b"bm-gaps", req.show(dump=True)
        since = len(wire.frames)
        _, m = g.cmd(f"ping {FAR_HOST} 2", rf"nettest: ping {FAR_HOST} done (\d+)/2\r?\n")
        assert m.group(1) == b"2", g.log()
        wire.wait(lambda f: ICMP in f and f[ICMP].type == 8 and f[IP].dst == FAR_HOST and
                  f.dst == PEER_MAC and f[IP].src == LEASE_IP, since,
                  what="echo to the far host through the router")
        assert not wire.peer.errors, wire.peer.errors
    finally:
        wire.close()


SLAAC_PREFIX = "2001:db8:77::"                 # documentation prefix (RFC 3849)
PEER_LL, PEER_GLOBAL = link_local(PEER_MAC), SLAAC_PREFIX + "1"


def ipv6_router(wire, eth):
    """An IPv6 router (RFC 4861): a router advertisement for each router solicitation
    (6.2.6; from its link-local address, hop limit 255) with the prefix SLAAC_PREFIX/64
    on-link and autonomous (4.6.2), and neighbour advertisements for its own addresses
    (7.2.4). The guest's duplicate address detection (from ::) goes unanswered."""
    from scapy.layers.inet6 import (ICMPv6ND_NA, ICMPv6ND_NS, ICMPv6ND_RA, ICMPv6ND_RS,
                                    ICMPv6NDOptDstLLAddr, ICMPv6NDOptPrefixInfo,
                                    ICMPv6NDOptSrcLLAddr, IPv6)
    if ICMPv6ND_RS in eth:
        wire.send_frame(wire.Ether(dst="33:33:00:00:00:01", src=PEER_MAC) /
                        IPv6(src=PEER_LL, dst="ff02::1", hlim=255) /
                        ICMPv6ND_RA(routerlifetime=1800) / ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC) /
                        ICMPv6NDOptPrefixInfo(prefixlen=64, L=1, A=1, validlifetime=86400,
                                              preferredlifetime=14400, prefix=SLAAC_PREFIX))
    elif ICMPv6ND_NS in eth and eth[ICMPv6ND_NS].tgt in (PEER_LL, PEER_GLOBAL) and \
            eth[IPv6].src != "::":
        wire.send(IPv6(src=eth[ICMPv6ND_NS].tgt, dst=eth[IPv6].src, hlim=255) /
                  ICMPv6ND_NA(tgt=eth[ICMPv6ND_NS].tgt, R=1, S=1, O=1) /
                  ICMPv6NDOptDstLLAddr(lladdr=PEER_MAC))


def test_ipv6_slaac(qemu, tmp_path):
    """SLAAC (RFC 4862) from the test's router: the guest sends a router solicitation
    (to ff02::2), the router advertises 2001:db8:77::/64, and the guest forms
    2001:db8:77::<modified EUI-64 of its MAC> (5.5.3), checks it is unique first (a
    DAD neighbour solicitation from ::, 5.4.2), and then answers a neighbour
    solicitation for it (a solicited NA with its MAC) and an ICMPv6 echo to it from the
    router's global address, whose own address it resolves by ND."""
    from scapy.layers.inet6 import (ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6ND_NA,
                                    ICMPv6ND_NS, ICMPv6ND_RS, ICMPv6NDOptDstLLAddr,
                                    ICMPv6NDOptSrcLLAddr, IPv6)
    want = SLAAC_PREFIX + link_local(GUEST_MAC)[len("fe80::"):]
    wire = WirePeer(ipv6_router)
    try:
        g, out = wire_guest(qemu, tmp_path, wire, "start ip6")
        assert "nettest: ipv6 up" in out, g.log()
        _, m = g.cmd("wait6 1 15000", r"nettest: wait6 1 (.*)\r?\n", timeout=40)
        got = m.group(1).decode().strip()
        assert not got.startswith("error"), f"{got}: no SLAAC address\n{g.log()}"
        assert ipaddress.ip_address(got) == ipaddress.ip_address(want), g.log()
        wire.wait(lambda f: ICMPv6ND_RS in f and f[IPv6].dst == "ff02::2" and
                  f[IPv6].hlim == 255, what="router solicitation")
        wire.wait(lambda f: ICMPv6ND_NS in f and f[IPv6].src == "::" and
                  ipaddress.ip_address(f[ICMPv6ND_NS].tgt) == ipaddress.ip_address(want),
                  what="duplicate address detection for the SLAAC address")
        since = len(wire.frames)
        snm = "ff02::1:ff" + want[-7:]           # solicited-node multicast (RFC 4291 2.7.1)
        wire.send_frame(wire.Ether(dst="33:33:ff:" + GUEST_MAC[-8:], src=PEER_MAC) /
                        IPv6(src=PEER_GLOBAL, dst=snm, hlim=255) / ICMPv6ND_NS(tgt=want) /
                        ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC))
        _, _, na = wire.wait(lambda f: ICMPv6ND_NA in f and f[ICMPv6ND_NA].S == 1 and
                             ipaddress.ip_address(f[ICMPv6ND_NA].tgt) ==
                             ipaddress.ip_address(want), since, what="NA for the SLAAC address")
        assert ICMPv6NDOptDstLLAddr in na and na[ICMPv6NDOptDstLLAddr].lladdr == GUEST_MAC, \
            na.show(dump=True)
        wire.send(IPv6(src=PEER_GLOBAL, dst=want) /
                  ICMPv6EchoRequest(id=0x77, seq=3, data=b"slaac"))
        _, _, rep = wire.wait(lambda f: ICMPv6EchoReply in f and f[ICMPv6EchoReply].id == 0x77,
                              since, what="echo reply from the SLAAC address")
        assert ipaddress.ip_address(rep[IPv6].src) == ipaddress.ip_address(want), \
            rep.show(dump=True)
        assert rep[IPv6].dst == PEER_GLOBAL and rep[ICMPv6EchoReply].seq == 3 and \
            rep[ICMPv6EchoReply].data == b"slaac", rep.show(dump=True)
        assert not wire.peer.errors, wire.peer.errors
    finally:
        wire.close()


def tcp_from_guest(sport):
    """A predicate: a TCP segment from the guest's port 7 to the peer's port sport."""
    from scapy.layers.inet import IP, TCP
    return lambda f: TCP in f and f[IP].src == GUEST_IP and f[TCP].sport == 7 and \
        f[TCP].dport == sport


def tcp_payload(f):
    from scapy.layers.inet import IP, TCP
    ip = f[IP]
    return bytes(ip[TCP].payload)[:ip.len - ip.ihl * 4 - ip[TCP].dataofs * 4]


def test_tcp_keepalive(qemu, tmp_path):
    """bm_tcp_keepalive(conn, 1000) on the guest's echo server, a connection from the
    test's handcrafted TCP client: after about 1 s of silence the guest sends a
    keep-alive probe (RFC 1122 4.2.3.6, RFC 9293 3.8.4: an ACK with seq snd.nxt - 1,
    0 or 1 byte); each one the client answers (an ACK) starts the idle time again and
    the connection stays (an echo still works); when the client stops answering, the
    guest sends 4 probes a second apart (bmnet.h), then resets the connection and the
    program's err callback hears ECONNABORTED."""
    from scapy.layers.inet import IP, TCP
    sport, isn = 40007, 1_000_000
    wire = WirePeer()
    try:
        g, out = wire_guest(qemu, tmp_path, wire, f"start addr {GUEST_IP}/24")
        assert "nettest: ipv4 up" in out, g.log()
        g.cmd("tcpecho 7 keepalive 1000", r"nettest: tcp echo 7 listening\r?\n")
        from_guest = tcp_from_guest(sport)

        def seg(flags, seq, ack, data=b""):
            wire.send(IP(src=LAN_PEER, dst=GUEST_IP) /
                      TCP(sport=sport, dport=7, flags=flags, seq=seq, ack=ack, window=65535) /
                      data)

        wire.send(IP(src=LAN_PEER, dst=GUEST_IP) /
                  TCP(sport=sport, dport=7, flags="S", seq=isn, window=65535))
        _, _, synack = wire.wait(lambda f: from_guest(f) and f[TCP].flags == "SA",
                                 what="SYN-ACK")
        assert synack[TCP].ack == isn + 1, synack.show(dump=True)
        snd_nxt, rcv = isn + 1, synack[TCP].seq + 1     # the client's next seq; the guest's
        seg("A", snd_nxt, rcv)

        def echo(data):
            """data through the echo, acknowledged: the time of the client's last ACK."""
            nonlocal snd_nxt, rcv
            since = len(wire.frames)
            seg("PA", snd_nxt, rcv, data)
            snd_nxt += len(data)
            got = b""
            while len(got) < len(data):
                i, _, f = wire.wait(lambda f: from_guest(f) and len(tcp_payload(f)) > 0,
                                    since, what="echo data")
                since = i + 1
                got += tcp_payload(f)
            assert got == data, (got, data)
            rcv += len(data)
            seg("A", snd_nxt, rcv)
            return time.monotonic(), since

        def probe(since, what):
            """The next keep-alive probe from frame since on; nothing else comes first."""
            i, t, f = wire.wait(from_guest, since, timeout=10, what=what)
            assert f[TCP].flags == "A" and f[TCP].seq == (rcv - 1) & 0xFFFFFFFF and \
                len(tcp_payload(f)) <= 1 and f[TCP].ack == snd_nxt, f.show(dump=True)
            return i, t

        last, since = echo(b"keep me alive")
        g.expect(rf"nettest: tcp echo accepted {LAN_PEER} port {sport}\r?\n")
        idles = []
        for k in range(2):                       # answered: the idle time starts again
            since, t = probe(since, f"keep-alive probe {k + 1}")
            since += 1
            idles.append(t - last)
            seg("A", snd_nxt, rcv)
            last = time.monotonic()
        last, since = echo(b"still here")
        gone = len(g.vm.serial)
        times = []
        for k in range(4):                        # unanswered
            since, t = probe(since, f"unanswered keep-alive probe {k + 1}")
            since += 1
            times.append(t)
        _, t_rst, rst = wire.wait(from_guest, since, timeout=10, what="the reset")
        assert "R" in str(rst[TCP].flags) and rst[TCP].seq == rcv, rst.show(dump=True)
        m = g.expect(r"nettest: tcp echo error (\S+) in (\d+) out (\d+)\r?\n", gone)
        n = len(b"keep me alive" + b"still here")
        assert m.groups() == (b"ECONNABORTED", str(n).encode(), str(n).encode()), g.log()
        gaps = [b - a for a, b in zip([last] + times, times + [t_rst])]
        # idle 1000 ms, interval 1000 ms, on lwIP's 500 ms timer (TCG adds latency)
        assert all(0.9 <= d <= 5 for d in idles + gaps[:1]), (idles, gaps)
        assert all(0.6 <= d <= 3 for d in gaps[1:]), (idles, gaps)
        assert not wire.peer.errors, wire.peer.errors
        print(f"keep-alive: idle {[round(d, 2) for d in idles]} s, unanswered probes and "
              f"reset {[round(d, 2) for d in gaps]} s apart")
    finally:
        wire.close()
