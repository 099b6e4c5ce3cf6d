#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""BareMetal-C against Linux on the same virtual machine (issue 17, `make bench`): each
figure of tests/bench/bmc_side.py and tests/bench/linux_side.py (Debian's kernel, busybox
and small static C programs, tests/bench/linux_guest.py), the two guests run in turn
(BareMetal-C, Linux, BareMetal-C, ...: ROUNDS times each, the median kept) on the same
QEMU machine, devices and flags. One line per figure:

  bench: <name> baremetal-c=<value> linux=<value> ratio=<r>

r > 1 is BareMetal-C better: BareMetal-C / Linux for rates, Linux / BareMetal-C for
times, memory and instruction counts. Names given as arguments run only those figures.
TCG figures (QEMU without KVM): emulator figures, not hardware ones."""
import os
import statistics
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bmc_side  # noqa: E402
import linux_side  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "3"))


def groups(bm):
    """(names, units, BareMetal-C's measure, Linux's, higher is better, rounds): a measure
    returns one value per name (one boot gives a group's figures)."""
    def one(f):
        return lambda: (f(),)
    net = bm.net
    return [
        (("boot-smp1",), ("s",), one(lambda: bm.boot_once(1)),
         one(lambda: linux_side.boot(1, runs=1)), False, ROUNDS),
        (("boot-smp4",), ("s",), one(lambda: bm.boot_once(4)),
         one(lambda: linux_side.boot(4, runs=1)), False, ROUNDS),
        (("minram",), ("MiB",), one(bm.minram), one(linux_side.minram), False, 1),
        (("iops-nvme",), ("reads/s",), one(lambda: bm.iops("nvme")),
         one(lambda: linux_side.iops("nvme")), True, ROUNDS),
        (("iops-virtio-blk",), ("reads/s",), one(lambda: bm.iops("virtio-blk")),
         one(lambda: linux_side.iops("virtio-blk")), True, ROUNDS),
        (("txfps-virtio-net", "echo-virtio-net"), ("frames/s", "round trips/s"),
         lambda: net("virtio-net")[:2], lambda: linux_side.net("virtio-net")[:2], True, ROUNDS),
        (("txfps-e1000",), ("frames/s",), lambda: net("e1000")[:1],
         lambda: linux_side.net("e1000")[:1], True, ROUNDS),
        (("http-rps", "http-mbps"), ("requests/s", "MB/s"), bm.http, linux_side.http, True,
         ROUNDS),
        # under -icount shift=0: instructions, the same run after run (the read's least of
        # 101: the completion comes in host time on both sides, Linux sleeping for it)
        (("instr-rx-poll",), ("instructions",), one(bm.instr_rx_poll),
         one(linux_side.instr_rx_poll), False, 1),
        (("instr-read",), ("instructions",), one(bm.instr_read),
         one(lambda: linux_side.instr_read_all("virtio-blk")["read_min"]), False, 1),
    ]


def fmt(v):
    if float(v).is_integer():
        return f"{int(v)}"
    return f"{v:.3f}" if v < 10 else f"{v:.1f}" if v < 1000 else f"{v:.0f}"


def main():
    want = set(sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="bmvs") as tmp:
        bm = bmc_side.Side(tmp)
        try:
            linux_side.built()   # the guest's packages and initramfs, outside any timing
            for names, units, ours, theirs, higher, rounds in groups(bm):
                if want and not want & set(names):
                    continue
                a, b = [], []
                for _ in range(rounds):   # alternating: one of ours, one of Linux's
                    a.append(ours())
                    b.append(theirs())
                for i, name in enumerate(names):
                    va = statistics.median(r[i] for r in a)
                    vb = statistics.median(r[i] for r in b)
                    ratio = va / vb if higher else vb / va
                    print(f"bench: {name} baremetal-c={fmt(va)} linux={fmt(vb)} ratio={ratio:.2f}",
                          flush=True)
                    print(f"#   {name}: {units[i]}, median of {rounds} run(s) each", flush=True)
        finally:
            bm.close()


if __name__ == "__main__":
    main()
