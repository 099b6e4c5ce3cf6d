# SPDX-License-Identifier: BSD-2-Clause
"""The Monitor's `net` and `ping HOST` (apps/monitor/net.c, ping.c, netstack.c: lwIP
built for the payload, lib/net/mon) driven over COM1 as test_monitor.py drives it:
on QEMU's user network with restrict=on (DHCP without router and DNS options, 10.0.2.2
answering echoes) over e1000 and virtio-net, with the link down (QMP set_link), on a
machine without a NIC, and against a host peer on a `-netdev stream` unix socket that is
DHCP server, router, DNS server and echo responder (scapy), or stays silent to DHCP, for
names under .test (RFC 2606), which only that peer answers."""
import os
import re
import time

import pytest

from ethpeer import StreamPeer
from qemu import BUILD, BootError, make_image
from test_monitor import HELLO, boot, make_disk

MAC = "52:54:00:be:ef:01"
NET_KEYS = ["mac", "address", "netmask", "gateway", "dns", "dhcp", "nic rx", "nic tx", "stack"]
NETINFO = os.path.join(BUILD, "netinfo.app")
PING_REPLY = r"reply from {addr}: seq={seq} time=\d+\.\d{{3}} ms"


@pytest.fixture(scope="module")
def monitor_image(tmp_path_factory):
    if not os.path.exists(os.path.join(BUILD, "monitor.app")):
        pytest.fail("build first (make all guests): missing build/monitor.app")
    return make_image(tmp_path_factory.mktemp("monnetimg"), "monitor.app")


def nic(netdev):
    return netdev + ["-device", f"e1000,netdev=n0,mac={MAC},id=nic0"]


def user_net():
    return nic(["-netdev", "user,id=n0,restrict=on"])


def net_info(mon):
    """`net`'s lines as {name: value}, in the documented order, nothing else."""
    out = mon.cmd("net").decode()
    lines = out.splitlines()
    pairs = [ln.split(": ", 1) for ln in lines]
    assert [p[0] for p in pairs] == NET_KEYS, f"net: {out!r}\n{mon.vm.log()}"
    return {k: v for k, v in pairs}


def counts(value):
    """'9 frames, 1234 bytes, 0 dropped' -> [9, 1234, 0]"""
    return [int(n) for n in re.findall(r"(\d+) \w+", value)]


def check_ping(mon, host, addr, replies, sent=4):
    """`ping host`: the header, a line per echo (replies: the seqs that get one), the
    summary."""
    out = mon.cmd(f"ping {host}").decode()
    want = [re.escape(f"PING {host} ({addr}): 32 data bytes")]
    for seq in range(1, sent + 1):
        want.append(PING_REPLY.format(addr=re.escape(addr), seq=seq) if seq in replies
                    else f"no reply: seq={seq}")
    loss = (sent - len(replies)) * 100 // sent
    want.append(f"{sent} sent, {len(replies)} received, {loss}% loss")
    assert re.fullmatch("\n".join(want) + "\n", out), f"ping {host}: {out!r}\n{mon.vm.log()}"


def typed(mon, line, timeout=30):
    """mon.cmd(line) for a line longer than COM1's 16-byte receive FIFO, which a burst
    can overrun: typed 8 bytes at a time, each piece echoed before the next."""
    start = len(mon.vm.serial)
    deadline = time.monotonic() + timeout
    for i in range(0, len(line), 8):
        mon.vm.send_serial(line[i:i + 8].encode())
        while not mon.vm.serial[start:].endswith(line[:i + 8].encode()):
            if time.monotonic() > deadline:
                raise BootError(f"{line!r}: no echo of {line[:i + 8]!r}\n{mon.vm.log()}")
            time.sleep(0.01)
    mon.vm.send_serial(b"\r")
    out = mon.wait_prompt(start)
    assert out.startswith(line.encode() + b"\n"), f"{line!r}: echo {out[:80]!r}\n{mon.vm.log()}"
    return out[len(line) + 1:]


def test_net_and_ping_on_user_network(qemu, monitor_image, tmp_path):
    files = [("hello.app", os.path.join(BUILD, "hello.app")), ("netinfo.app", NETINFO)]
    mon, banner = boot(qemu, monitor_image, make_disk(tmp_path / "bmfs.img", files),
                       extra=user_net())
    assert b"[net: 52:54:00:BE:EF:01]" in banner, mon.vm.log()
    info = net_info(mon)
    assert info["mac"] == MAC.upper(), mon.vm.log()
    # QEMU's DHCP; restrict=on leaves the router and DNS server out of the lease
    assert (info["address"], info["netmask"], info["gateway"], info["dns"], info["dhcp"]) == \
        ("10.0.2.15", "255.255.255.0", "none", "none", "bound"), mon.vm.log()
    rx, tx, stack = counts(info["nic rx"]), counts(info["nic tx"]), counts(info["stack"])
    # at least DISCOVER and REQUEST out, OFFER and ACK in; every frame sent went
    # through the stack, none was dropped
    assert rx[0] >= 2 and rx[1] >= 2 * 300 and tx[0] >= 2 and tx[2] == 0, info
    assert stack[1] == tx[0] and stack[0] <= rx[0] and stack[2] == 0, info

    check_ping(mon, "10.0.2.2", "10.0.2.2", replies={1, 2, 3, 4})
    after = net_info(mon)
    # 4 echo requests and an ARP request out, 4 replies and an ARP reply in
    assert counts(after["nic tx"])[0] >= tx[0] + 5, after
    assert counts(after["nic rx"])[0] >= rx[0] + 5, after
    # on the subnet, nobody there (QEMU answers ARP for its own addresses only): each
    # echo times out after 1 s
    check_ping(mon, "10.0.2.99", "10.0.2.99", replies=set())
    # q stops it between echoes (Ctrl+C and Esc too, as for dump and cat)
    start = len(mon.vm.serial)
    mon.vm.send_serial(b"ping 10.0.2.99\r")
    mon.vm.wait_for(rb"no reply: seq=1\r\n", timeout=30)
    mon.vm.send_serial(b"q")
    out = mon.wait_prompt(start).decode()
    assert re.fullmatch(r"ping 10\.0\.2\.99\nPING 10\.0\.2\.99 \(10\.0\.2\.99\): 32 data bytes\n"
                        r"no reply: seq=1\n(no reply: seq=2\n)?\nping: stopped by a key\n"
                        r"([12]) sent, 0 received, 100% loss\n", out), out
    # off the subnet, and the lease has no router
    mon.one_line("ping 10.9.9.9", b"ping: no route to 10.9.9.9")
    # a name needs a DNS server, which this lease has not: nothing is sent for it
    mon.one_line("ping name.monnet.test", b"ping: no DNS server to look up name.monnet.test")

    # programs run in between, one of them with its own lwIP on the same NIC (a DHCP
    # lease and an echo of its own): the Monitor's stack, in the payload, goes on
    mon.one_line("run hello", HELLO)
    out = mon.cmd("run netinfo", timeout=120)
    assert out.startswith(b"netinfo: "), mon.vm.log()
    info = net_info(mon)
    assert (info["address"], info["dhcp"]) == ("10.0.2.15", "bound"), mon.vm.log()
    check_ping(mon, "10.0.2.2", "10.0.2.2", replies={1, 2, 3, 4})


def test_virtio_net(qemu, monitor_image):
    """The same over the kernel's virtio-net driver: nothing in the stack is e1000's."""
    mon, _ = boot(qemu, monitor_image, extra=["-netdev", "user,id=n0,restrict=on", "-device",
                                              f"virtio-net-pci,netdev=n0,mac={MAC}"])
    info = net_info(mon)
    assert (info["mac"], info["address"], info["dhcp"]) == (MAC.upper(), "10.0.2.15", "bound"), info
    check_ping(mon, "10.0.2.2", "10.0.2.2", replies={1, 2, 3, 4})


def test_bad_hosts_are_one_line(qemu, monitor_image):
    mon, _ = boot(qemu, monitor_image, extra=user_net())
    for host in ["bad..addr", "10.0.2", "10.0.2.256", "1.2.3.4.5", "10.0.2.0002", ".x",
                 "-a.test", "a-.test", "a_b.test", "x" * 64 + ".test"]:
        assert typed(mon, f"ping {host}") == f"ping: bad address {host}\n".encode(), mon.vm.log()
    usage = b"ping: usage: ping HOST (an IPv4 address or a name)"
    mon.one_line("ping", usage)
    mon.one_line("ping 10.0.2.2 10.0.2.3", usage)
    mon.one_line("net now", b"net: takes no arguments")
    # a trailing dot and the longest label are names (then: no DNS server)
    for host in ["a.test.", "x" * 63 + ".test"]:
        assert typed(mon, f"ping {host}") == f"ping: no DNS server to look up {host}\n".encode(), \
            mon.vm.log()


def test_link_down_then_up(qemu, monitor_image):
    """No link (QEMU's set_link): the first ping waits for a lease in vain and says so in
    one line, nothing hangs; with the link back net starts DHCP over and gets it."""
    mon, _ = boot(qemu, monitor_image, extra=user_net())
    q = mon.vm.qmp()
    q.cmd("human-monitor-command", **{"command-line": "set_link nic0 off"})
    assert mon.cmd("ping 10.0.2.2", timeout=90) == \
        b"ping: no IPv4 address (no DHCP lease: net tries again)\n", mon.vm.log()
    q.cmd("human-monitor-command", **{"command-line": "set_link nic0 on"})
    info = net_info(mon)
    assert (info["address"], info["dhcp"]) == ("10.0.2.15", "bound"), info
    check_ping(mon, "10.0.2.2", "10.0.2.2", replies={1, 2, 3, 4})


def test_no_nic(qemu, monitor_image):
    mon, banner = boot(qemu, monitor_image)
    assert b"[net: N/A]" in banner, mon.vm.log()
    mon.one_line("net", b"net: no network interface")
    mon.one_line("ping 10.0.2.2", b"ping: no network interface")
    mon.one_line("ver", b"BareMetal-C Monitor 1.0")


# ---- a host peer: scapy on the other end of a -netdev stream ----------------------
PEER_MAC = "02:00:00:77:00:01"
SERVER = "192.168.77.1"         # DHCP server, router and DNS server
GUEST = "192.168.77.10"
FAR = "192.168.99.5"            # off the subnet: through the router
IMPOSTOR = "192.168.77.21"      # its echoes are answered from SERVER's address
NAMES = {"gw.monnet.test.": SERVER, "far.monnet.test.": FAR}
SILENT = "silent.monnet.test."  # the DNS server never answers it


class Responder:
    """Answers the guest's frames on an ethpeer.StreamPeer: DHCP (RFC 2131: OFFER and
    ACK with router and DNS server, unless dhcp is False), ARP for SERVER and IMPOSTOR,
    DNS A queries for NAMES (NXDOMAIN for other names, nothing for SILENT), ICMP echo to
    any address (to IMPOSTOR from SERVER's). Keeps what it saw: the ARP targets, the DNS
    names, the echo requests (IP destination, Ethernet destination)."""

    def __init__(self, dhcp=True):
        self.dhcp = dhcp
        self.arp_targets, self.dns_names, self.echoes = [], [], []
        self.dhcp_seen = {}   # message type: the options of each such message
        self.peer = StreamPeer(self.handle)

    def handle(self, peer, frame):
        from scapy.layers.l2 import Ether
        reply = self.answer(Ether(frame))
        if reply is not None:
            peer.send(reply)

    def answer(self, e):
        from scapy.layers.dhcp import BOOTP, DHCP
        from scapy.layers.dns import DNS, DNSRR
        from scapy.layers.inet import ICMP, IP, UDP
        from scapy.layers.l2 import ARP, Ether
        if ARP in e and e[ARP].op == 1:
            self.arp_targets.append(e[ARP].pdst)
            if e[ARP].pdst in (SERVER, IMPOSTOR):
                return Ether(src=PEER_MAC, dst=e.src) / ARP(
                    op=2, hwsrc=PEER_MAC, psrc=e[ARP].pdst, hwdst=e.src, pdst=e[ARP].psrc)
            return None
        if DHCP in e:
            opts = dict(o for o in e[DHCP].options if isinstance(o, tuple))
            kind = {1: 2, 3: 5}.get(opts.get("message-type"))   # DISCOVER->OFFER, REQUEST->ACK
            self.dhcp_seen.setdefault(opts.get("message-type"), []).append(opts)
            if not self.dhcp or kind is None:
                return None
            return (Ether(src=PEER_MAC, dst="ff:ff:ff:ff:ff:ff") /
                    IP(src=SERVER, dst="255.255.255.255") / UDP(sport=67, dport=68) /
                    BOOTP(op=2, xid=e[BOOTP].xid, yiaddr=GUEST, siaddr=SERVER,
                          chaddr=e[BOOTP].chaddr, flags=e[BOOTP].flags) /
                    DHCP(options=[("message-type", kind), ("server_id", SERVER),
                                  ("lease_time", 3600), ("subnet_mask", "255.255.255.0"),
                                  ("router", SERVER), ("name_server", SERVER), "end"]))
        if IP not in e or e[IP].src != GUEST:
            return None
        back = Ether(src=PEER_MAC, dst=e.src) / IP(src=e[IP].dst, dst=GUEST)
        if DNS in e and e[IP].dst == SERVER and e[UDP].dport == 53 and e[DNS].qr == 0:
            q = e[DNS].qd
            name = q.qname.decode()
            self.dns_names.append(name)
            if name == SILENT:
                return None
            head = back / UDP(sport=53, dport=e[UDP].sport)
            if name in NAMES and q.qtype == 1:
                return head / DNS(id=e[DNS].id, qr=1, aa=1, rd=e[DNS].rd, ra=1, qd=q,
                                  an=DNSRR(rrname=q.qname, type="A", ttl=60, rdata=NAMES[name]))
            return head / DNS(id=e[DNS].id, qr=1, aa=1, rd=e[DNS].rd, ra=1, rcode=3, qd=q)
        if ICMP in e and e[ICMP].type == 8:
            self.echoes.append((e[IP].dst, e.dst))
            if e[IP].dst == IMPOSTOR:
                back[IP].src = SERVER
            return back / ICMP(type=0, id=e[ICMP].id, seq=e[ICMP].seq) / bytes(e[ICMP].payload)
        return None


def boot_on_peer(qemu, monitor_image, r):
    """The Monitor with its NIC on r's peer."""
    mon, _ = boot(qemu, monitor_image, extra=nic(r.peer.netdev()))
    r.peer.vm = mon.vm
    assert r.peer.sock is not None, f"QEMU did not connect to the peer\n{mon.vm.log()}"
    return mon


def test_dns_and_gateway_from_a_host_peer(qemu, monitor_image):
    r = Responder(dhcp=True)
    try:
        mon = boot_on_peer(qemu, monitor_image, r)
        info = net_info(mon)
        assert (info["address"], info["netmask"], info["gateway"], info["dns"], info["dhcp"]) == \
            (GUEST, "255.255.255.0", SERVER, SERVER, "bound"), mon.vm.log()
        # the lease came from the peer, asked for with the Monitor's host name (RFC 2132 3.14)
        requests = r.dhcp_seen.get(3, [])
        assert requests and requests[0].get("hostname") == b"baremetal-monitor", r.dhcp_seen
        check_ping(mon, "gw.monnet.test", SERVER, replies={1, 2, 3, 4})
        # off the subnet: to the router's MAC, and never an ARP request for FAR itself
        check_ping(mon, "far.monnet.test", FAR, replies={1, 2, 3, 4})
        assert [d for d in r.echoes if d[0] == FAR] == [(FAR, PEER_MAC)] * 4, r.echoes
        assert FAR not in r.arp_targets, r.arp_targets
        # a reply with the right id and seq from another address is not the reply
        check_ping(mon, IMPOSTOR, IMPOSTOR, replies=set())
        assert [d for d in r.echoes if d[0] == IMPOSTOR] == [(IMPOSTOR, PEER_MAC)] * 4, r.echoes
        mon.one_line("ping nothere.monnet.test", b"ping: unknown host nothere.monnet.test")
        mon.one_line("ping silent.monnet.test",
                     b"ping: no answer from the DNS server for silent.monnet.test")
        assert {"gw.monnet.test.", "far.monnet.test.", "nothere.monnet.test.",
                SILENT} <= set(r.dns_names), r.dns_names
        assert not r.peer.errors, r.peer.errors
    finally:
        r.peer.close()


def test_no_dhcp_answer(qemu, monitor_image):
    r = Responder(dhcp=False)
    try:
        mon = boot_on_peer(qemu, monitor_image, r)
        out = mon.cmd("net", timeout=90).decode()
        lines = out.splitlines()
        assert lines[0] == "net: no DHCP lease yet: DHCP goes on while the network is used", out
        info = dict(ln.split(": ", 1) for ln in lines[1:])
        assert list(info) == NET_KEYS, out
        assert (info["address"], info["gateway"], info["dns"], info["dhcp"]) == \
            ("none", "none", "none", "selecting"), out
        # DISCOVERs went out on the wire all the while (RFC 2131 4.1: retransmitted)
        assert len(r.dhcp_seen.get(1, [])) >= 2 and list(r.dhcp_seen) == [1], r.dhcp_seen
        mon.one_line("ping 192.168.77.1", b"ping: no IPv4 address (no DHCP lease: net tries again)")
        # the server answers from now on: the next net starts DHCP over and waits again
        r.dhcp = True
        info = net_info(mon)
        assert (info["address"], info["gateway"], info["dhcp"]) == (GUEST, SERVER, "bound"), info
        check_ping(mon, SERVER, SERVER, replies={1, 2, 3, 4})
        assert not r.peer.errors, r.peer.errors
    finally:
        r.peer.close()
