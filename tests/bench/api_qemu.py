#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Instructions per API call (issue 16): the guest program tests/bench/apibench under
QEMU's -icount shift=0 (RDTSC then counts guest instructions exactly, so a figure is the
same run after run) on q35, one core, booted from a CD with a scratch disk, for each
device set below; then one run with two cores (push -> start on the other core) and one
without icount for wall time (ns per call, TCG on this host). Each figure includes the
program's loop (the "loop" row: an empty loop's iteration; a call loop costs ~5).
Storage figures are not exact: QEMU completes block I/O on the host's clock, so the
number of polls before a command completes differs from run to run (+-30%)."""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system"))
from qemu import Qemu, make_images  # noqa: E402

DRIVE = "if=none,id=d0,format=raw,file={disk},cache=unsafe"
SETS = {
    "e1000+ahci": ("e1000", "ide-hd,drive=d0,bus=ide.0"),
    "e1000e+ahci": ("e1000e", "ide-hd,drive=d0,bus=ide.0"),
    "virtio modern": ("virtio-net-pci,disable-legacy=on", "virtio-blk-pci,drive=d0,disable-legacy=on"),
    "virtio legacy": ("virtio-net-pci,disable-modern=on", "virtio-blk-pci,drive=d0,disable-modern=on"),
    "e1000+nvme": ("e1000", "nvme,drive=d0,serial=bench"),
}
# BareMetal's figures from the issue (same program, same QEMU), instructions per call.
REFERENCE = {"smp_id": "23", "net_rx_empty": "39 (e1000)", "net_tx_1514": "74 (e1000)",
             "nvs_read_4k": "262-353 (ahci)"}
# BareMetal-C before issue 16's changes (commit 97dbfdf), this benchmark, e1000 + AHCI.
# (The issue's own table, from another program: SMP_ID 74, net_rx 94, net_tx 1,673,
# nvs_read ~4,650.) The storage figures vary from run to run (below).
BEFORE = {"smp_id": "78", "smp_numcores": "61", "timecounter": "71", "tsc": "63",
          "input_empty": "89", "output_1_off": "98", "net_rx_empty": "105",
          "net_tx_1514": "1,689", "nvs_read_4k": "4,393", "nvs_write_4k": "4,391",
          "task_push_start_self": "336"}
LINE = re.compile(rb"bench: (\S+) instr=([\d.]+)(?: ns=(\d+))?")


def run(tmp, iso, disk, nic, blk, smp=1, icount=True):
    extra = ["-drive", f"if=none,id=cd,format=raw,media=cdrom,readonly=on,file={iso}",
             "-device", "ide-cd,drive=cd,bus=ide.2", "-boot", "d",
             "-drive", DRIVE.format(disk=disk), "-device", blk,
             "-netdev", "user,id=n0,restrict=on", "-device", f"{nic},netdev=n0"]
    if icount:
        extra += ["-icount", "shift=0"]
    with Qemu(None, machine="q35", smp=smp, mem=256, extra=extra, workdir=tmp) as vm:
        vm.wait_for(rb"# PASSED", 900)
        serial = vm.serial
    types = re.search(rb"# nvs0_type=(\S+)", serial)
    return {m.group(1).decode(): (m.group(2).decode(), (m.group(3) or b"-").decode())
            for m in LINE.finditer(serial)}, types.group(1).decode() if types else "-"


def main():
    rows = []
    # not /dev/shm: xorriso (make_images) refuses paths under /dev
    with tempfile.TemporaryDirectory() as tmp:
        iso = make_images(tmp, "tests/bench/apibench.app")["iso"]
        disk = os.path.join(tmp, "disk.img")
        with open(disk, "wb") as f:
            f.truncate(64 << 20)
        for name, (nic, blk) in SETS.items():
            res, nvs = run(tmp, iso, disk, nic, blk)
            for k, (instr, _) in res.items():
                dev = nvs if k.startswith("nvs") else nic.split(",")[0] if k.startswith("net") else "-"
                rows.append((k, name, dev, instr))
        res, _ = run(tmp, iso, disk, "e1000", SETS["e1000+ahci"][1], smp=2)
        for k, (instr, _) in res.items():
            if k.startswith("task") or k == "smp_id":
                rows.append((k, "e1000+ahci 2 cores", "-", instr))
        wall, _ = run(tmp, iso, disk, "e1000", SETS["e1000+ahci"][1], icount=False)
    print(f"{'call':22} {'set':19} {'device':11} {'instr/call':>10}  {'BareMetal':15} {'before':8}")
    for k, name, dev, instr in rows:
        print(f"{k:22} {name:19} {dev:11} {instr:>10}  {REFERENCE.get(k, '-'):15} "
              f"{BEFORE.get(k, '-') if name == 'e1000+ahci' else '-':8}")
    print("\nwall time without icount (e1000+ahci, TCG on this host), ns per call:")
    for k, (_, ns) in wall.items():
        print(f"{k:22} {ns:>8}")


if __name__ == "__main__":
    main()
