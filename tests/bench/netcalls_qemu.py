#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Instructions per b_net_tx and b_net_rx call (issue 16): the guest program
tests/guest/netcalls under QEMU's -icount shift=0 (RDTSC then counts guest instructions
exactly, so each figure is the same run after run), q35, one core, booted from a CD, for
each NIC model below on a user-net back end that drops what it is sent. Each figure
includes the program's loop (the "loop" row), but the *_spaced rows: one call at a time
(the median of 63), each after a pause of the guest long enough for the device model to
finish the frame before, i.e. the kernel's own path; back to back, virtio-net's figures
are mostly the guest waiting for QEMU's main loop to take the previous frame (the reuse
rule), in host time, so they vary run to run. The reference column is BareMetal's, the
"before" column BareMetal-C's before issue 16 (e1000, from the issue)."""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system"))
from qemu import Qemu, make_images  # noqa: E402

MODELS = {
    "e1000": "e1000,romfile=,netdev=n0",
    "e1000e": "e1000e,romfile=,netdev=n0",
    "virtio-net legacy": "virtio-net-pci,romfile=,disable-modern=on,netdev=n0",
    "virtio-net modern": "virtio-net-pci,romfile=,disable-legacy=on,netdev=n0",
}
REFERENCE = {"net_rx_empty": "39", "net_tx_1514_payload": "74"}
BEFORE = {"net_rx_empty": "94", "net_tx_1514_payload": "1,673"}
LINE = re.compile(rb"bench: (\S+) instr=([\d.]+)")


def run(tmp, iso, dev):
    extra = ["-drive", f"if=none,id=cd,format=raw,media=cdrom,readonly=on,file={iso}",
             "-device", "ide-cd,drive=cd,bus=ide.2", "-boot", "d",
             "-netdev", "user,id=n0,restrict=on", "-device", dev, "-icount", "shift=0"]
    with Qemu(None, machine="q35", smp=1, mem=256, extra=extra, workdir=tmp) as vm:
        vm.wait_for(rb"# (PASSED|FAILED)", 600)
        serial = vm.serial
    if b"# FAILED" in serial:
        raise SystemExit(serial.decode(errors="replace"))
    return {m.group(1).decode(): m.group(2).decode() for m in LINE.finditer(serial)}


def main():
    with tempfile.TemporaryDirectory(prefix="bmnc") as tmp:
        iso = make_images(tmp, "tests/netcalls.app")["iso"]
        res = {name: run(tmp, iso, dev) for name, dev in MODELS.items()}
    names = list(res)
    print(f"{'instructions per call':22} " + " ".join(f"{n:>17}" for n in names) +
          f"  {'BareMetal e1000':>15} {'before (e1000)':>14}")
    for k in res[names[0]]:
        print(f"{k:22} " + " ".join(f"{res[n].get(k, '-'):>17}" for n in names) +
              f"  {REFERENCE.get(k, '-'):>15} {BEFORE.get(k, '-'):>14}")


if __name__ == "__main__":
    main()
