#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""The Linux side of `make bench` (issue 17): the guest of tests/bench/linux_guest.py (Debian's
kernel, busybox and static C programs) booted with -kernel/-initrd/-append through SeaBIOS
on the machine and flags our benchmark scripts use (tests/system/qemu.py's Qemu: q35, TCG,
-m 256, -no-reboot) with their device lines, each function one boot, returning a number:

  boot(smp)          s, QEMU start -> "linux: ready" on the serial console, wall clock
                     (median of `runs`; no devices beyond the machine's, as boot_time.py)
  minram()           MiB, the smallest -m (1 MiB steps, bisected) that reaches the ready line
  iops(dev)          4 KiB O_DIRECT random preads/s ("nvme", "virtio-blk"; storage_qemu.py's
                     device lines and 256 MiB disk in /dev/shm, 4,000 reads as nvsbench)
  txfps(nic)         1514-byte frames/s arriving at the host peer of a -netdev stream unix
                     socket, counted as net_qemu.py does (20,000 frames; "virtio-net", "e1000")
  echo(nic)          round trips/s of a 60-byte frame with that peer (2,000, after 50 warm-up)
  http(nic, conns)   (requests/s on the 1 KiB page, MB/s on the 1 MiB file) of the C server,
                     wrk as http_qemu.py runs it through hostfwd on 127.0.0.1 (restrict=on),
                     virtio-net and 4 connections by default, as bmc_side.py; http_all()
                     gives every row (MiB/s) and busybox httpd's (no keep-alive: a connect each)
  instr_rx_poll(nic) guest instructions per recv(MSG_DONTWAIT) on an empty AF_PACKET socket,
                     -icount shift=0, netcalls_qemu.py's flags; best of 5 loops of 10,000,
                     as tests/guest/icount.h's MEASURE, the empty loop taken off (virtio-net)
  instr_read(dev)    guest instructions per 4 KiB O_DIRECT pread (virtio-blk), -icount shift=0,
                     nvs_icount.py's flags: median of 101 random sectors, RDTSC pair off;
                     instr_read_all() also gives the least and the same reads polled
                     (preadv2 RWF_HIPRI, poll_queues=1). A pread sleeps for the interrupt:
                     under -icount's default sleep=on the halted time advances the TSC at
                     host speed, so the median moves with the host's load (the least less)

"virtio-net" and "virtio-blk" are the modern (disable-legacy=on) devices; net_qemu.py's and
storage_qemu.py's other names ("virtio-net legacy", ...) work too. TCG figures: emulator
figures, not hardware ones. main() prints every figure."""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "system"))
sys.path.insert(0, HERE)
import http_qemu  # noqa: E402
import linux_guest  # noqa: E402
import net_qemu  # noqa: E402
import storage_qemu  # noqa: E402
from net_qemu import GUEST_MAC, TX_FRAMES  # noqa: E402
from qemu import BootError, Qemu  # noqa: E402

APPEND = "console=ttyS0 quiet panic=-1 ipv6.disable=1"
READY = rb"linux: ready"
RESULT = re.compile(rb"linux: (\w+)=([-\d.]+)")
NICS = {"virtio-net": net_qemu.MODELS["virtio-net modern"], **net_qemu.MODELS}
DISKS = {"virtio-blk": storage_qemu.DEVICES["virtio-blk modern"], **storage_qemu.DEVICES}
RAND_READS = 4000
SHM = "/dev/shm" if os.path.isdir("/dev/shm") else None


_GUEST = []


def built():
    """(kernel, initrd), built (or checked: ~0.6 s) once per process, never inside a timing."""
    if not _GUEST:
        _GUEST.append(linux_guest.build())
    return _GUEST[0]


def guest(bench, extra=(), smp=1, mem=256, args="", **kw):
    """A Qemu (not started) booting the Linux guest with bench=<bench>."""
    kernel, initrd = built()
    return Qemu(None, machine="q35", smp=smp, mem=mem, name=f"linux-{bench}",
                extra=["-kernel", kernel, "-initrd", initrd,
                       "-append", f"{APPEND} bench={bench} {args}".strip()] + list(extra), **kw)


def results(serial):
    """{name: value} of the guest's "linux: <name>=<value>" lines."""
    return {m.group(1).decode(): float(m.group(2)) for m in RESULT.finditer(serial)}


def run_to_end(vm, timeout=600):
    """Waits for the guest's "linux: done"; its results."""
    vm.wait_for(rb"linux: done", timeout)
    if b"linux: error=" in vm.serial:
        raise BootError(f"the guest program failed\n{vm.log()}")
    return results(vm.serial)


def boot(smp=1, runs=3):
    """Seconds from QEMU's start to the ready line, median of runs boots (-m 256)."""
    built()
    walls = []
    for _ in range(runs):
        t0 = time.monotonic()
        with guest("none", smp=smp) as vm:
            vm.wait_for(READY, 300)
            walls.append(time.monotonic() - t0)
    return statistics.median(walls)


def boots_at(mib, timeout=60):
    """Whether the guest reaches the ready line with -m <mib>."""
    try:
        with guest("none", mem=mib) as vm:
            vm.wait_for(READY, timeout)
        return True
    except BootError:
        return False


def minram(lo=1, hi=256):
    """The smallest -m in MiB that reaches the ready line: 8 MiB steps down from hi, then
    1 MiB steps bisected between the last failure and the first success."""
    built()
    if not boots_at(hi):
        raise BootError(f"the Linux guest does not boot with -m {hi}")
    while hi - 8 >= lo and boots_at(hi - 8):
        hi -= 8
    lo = max(lo, hi - 8)            # hi - 8 failed (or is below the floor)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if boots_at(mid):
            hi = mid
        else:
            lo = mid
    return hi


def iops(dev="nvme", reads=RAND_READS):
    """4 KiB O_DIRECT random reads per second on dev ("nvme", "virtio-blk", ...)."""
    with tempfile.TemporaryDirectory(dir=SHM) as fast:
        disk = os.path.join(fast, "disk.img")
        with open(disk, "wb") as f:
            f.truncate(256 << 20)
        extra = ["-drive", f"if=none,id=d0,format=raw,file={disk},cache=unsafe",
                 "-device", DISKS[dev]]
        with guest("randread", extra, args=f"n={reads}") as vm:
            r = run_to_end(vm)
    if "iops" not in r:
        raise BootError(f"no iops from the guest\n{vm.log()}")
    return r["iops"]


def net(nic="virtio-net"):
    """(frames/s arriving at the peer, echo round trips/s, guest results) for nic, with the
    peer of net_qemu.py: a unix-socket -netdev stream, each frame length-prefixed."""
    with tempfile.TemporaryDirectory(prefix="lxnet") as tmp:
        path = os.path.join(tmp, "n.sock")
        lsock = net_qemu.listen(path)
        extra = ["-netdev", f"stream,id=n0,server=off,addr.type=unix,addr.path={path}",
                 "-device", NICS[nic].format(mac=GUEST_MAC)]
        with guest("rawtx", extra, args=f"n={TX_FRAMES}") as vm:
            got, fps, rtt_s = net_qemu.peer(lsock, vm, rb"linux: echo ready", drain_timeout=300)
            r = run_to_end(vm, 60)
        lsock.close()
    if not got:
        raise BootError(f"no frame of {TX_FRAMES} arrived\n{vm.log()}")
    r["dropped"] = TX_FRAMES - got
    return fps, rtt_s, r


def txfps(nic="virtio-net"):
    """1514-byte frames/s the guest's AF_PACKET sends deliver to the host peer."""
    return net(nic)[0]


def echo(nic="virtio-net"):
    """Round trips/s of a 60-byte frame between the host peer and the guest's echo."""
    return net(nic)[1]


def http_all(nic="virtio-net", conns=(1, 4)):
    """{(server, page, conns): (requests/s, MiB/s, errors)} for the C server ("c", port 80)
    and busybox httpd ("busybox", port 8080), wrk through hostfwd on 127.0.0.1."""
    fwd = "hostfwd=tcp:127.0.0.1:0-:80,hostfwd=tcp:127.0.0.1:0-:8080"
    extra = ["-netdev", f"user,id=n0,restrict=on,{fwd}",
             "-device", NICS[nic].replace(",mac={mac}", "")]
    rows = {}
    with tempfile.TemporaryDirectory(prefix="lxhttp") as tmp:
        with guest("httpd", extra, workdir=tmp, qmp=True) as vm:
            vm.wait_for(rb"linux: httpd ready", 120)
            ports = {"c": vm.hostfwd_port(80), "busybox": vm.hostfwd_port(8080)}
            for server, port in ports.items():
                base = f"http://127.0.0.1:{port}/"
                # the first request waits for slirp's ARP of the guest
                subprocess.run(["curl", "-sS", "-f", "-m", "30", "-o", os.devnull,
                                base + "page.html"], check=True)
                for page in http_qemu.PAGES:
                    for c in conns:
                        rows[(server, page, c)] = http_qemu.wrk(base + page, c)
    return rows


def http(nic="virtio-net", conns=4):
    """(requests/s on page.html, MB/s (10^6 bytes) on file.bin) of the C server with conns
    connections, as bmc_side.py's http() gives ours."""
    rows = http_all(nic, (conns,))
    return rows[("c", "page.html", conns)][0], rows[("c", "file.bin", conns)][1] * (1 << 20) / 1e6


def instr_rx_poll(nic="virtio-net"):
    """Guest instructions per empty recv(MSG_DONTWAIT) on AF_PACKET, the empty loop's taken
    off (as bmc_side.py takes netcalls' "loop" row off b_net_rx's)."""
    r = instr_rx_all(nic)
    return r["rx_poll_instr"] - r["loop_instr"]


def instr_rx_all(nic="virtio-net"):
    extra = ["-netdev", "user,id=n0,restrict=on",
             "-device", NICS[nic].replace(",mac={mac}", ""), "-icount", "shift=0"]
    with guest("instr", extra) as vm:
        r = run_to_end(vm)
    if "rx_poll_instr" not in r:
        raise BootError(f"no rx_poll_instr\n{vm.log()}")
    return r


def instr_read(dev="virtio-blk"):
    """Guest instructions per 4 KiB O_DIRECT pread: the median of 101 random sectors."""
    return instr_read_all(dev)["read_instr"]


def instr_read_all(dev="virtio-blk"):
    with tempfile.TemporaryDirectory() as tmp:
        disk = os.path.join(tmp, "disk.img")
        with open(disk, "wb") as f:
            f.truncate(64 << 20)
        extra = ["-icount", "shift=0",
                 "-drive", f"if=none,id=d0,format=raw,file={disk},cache=unsafe",
                 "-device", DISKS[dev]]
        with guest("instr", extra) as vm:
            r = run_to_end(vm)
    if "read_instr" not in r:
        raise BootError(f"no read_instr\n{vm.log()}")
    return r


def main():
    """Every figure, or only the groups named as arguments (boot minram iops net http instr)."""
    sys.stdout.reconfigure(line_buffering=True)   # each figure as it comes, also to a pipe
    only = set(sys.argv[1:])
    kernel, initrd = built()
    print(f"linux guest: {os.path.basename(kernel)} ({os.path.getsize(kernel)} bytes), "
          f"initrd {os.path.getsize(initrd)} bytes; q35, TCG, SeaBIOS, -kernel/-initrd")
    want = lambda group: not only or group in only  # noqa: E731
    if want("boot"):
        for smp in (1, 4):
            print(f"linux boot smp={smp}: {boot(smp):.3f} s (QEMU start -> ready, median of 3)")
    if want("minram"):
        print(f"linux minram: {minram()} MiB")
    if want("iops"):
        for dev in ("nvme", "virtio-blk"):
            print(f"linux iops {dev}: {iops(dev):.0f}")
    if want("net"):
        for nic in ("virtio-net", "e1000"):
            tx, rtt, r = net(nic)
            print(f"linux txfps {nic}: {tx} (guest-timed {r.get('tx_guest_fps', 0):.0f}, "
                  f"dropped {r['dropped']:.0f})")
            print(f"linux echo {nic}: {rtt:.0f}")
    if want("http"):
        for nic in ("virtio-net", "e1000"):
            for (server, page, c), (rps, mib, errs) in http_all(nic).items():
                print(f"linux http {nic} {server} {page} c={c}: {rps:.0f} req/s {mib:.2f} MiB/s "
                      f"errors={errs}")
    if want("instr"):
        for nic in ("e1000", "virtio-net"):
            r = instr_rx_all(nic)
            print(f"linux instr-rx-poll {nic}: {r['rx_poll_instr'] - r['loop_instr']:.1f} "
                  f"(loop {r['loop_instr']} taken off)")
        for dev in ("nvme", "virtio-blk"):
            r = instr_read_all(dev)
            print(f"linux instr-read {dev}: {r['read_instr']:.0f} (least {r['read_min']:.0f}, "
                  f"rdtsc pair {r['overhead']:.0f}); polled (RWF_HIPRI) "
                  f"{r.get('read_poll_instr', 0):.0f} (least {r.get('read_poll_min', 0):.0f})")


if __name__ == "__main__":
    main()
