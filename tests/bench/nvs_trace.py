#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""The kernel's own instructions per b_nvs_read / b_nvs_write of one 4 KiB sector, counted
one by one and the same run after run, for AHCI, NVMe and virtio-blk (modern, legacy).

nvs_icount.py's RDTSC figures include the polls before QEMU completes the request, and
QEMU completes AHCI and virtio-blk requests in host time, so they move with the host's
load. Here the guest (tests/guest/nvsicount) boots normally; before its calls start,
QEMU is switched through its monitor to one instruction per translation block
("singlestep on") and to logging every block it executes in the kernel's text ("log
exec,nochain" with -dfilter): the log then names each kernel instruction executed. A
call runs from b_nvs_read's (b_nvs_write's) first instruction to its ret; its polls are
the PAUSE instructions it executed (every wait of the drivers pauses once per look that
found the request not done, drivers/util.h), and the instructions from a call's first
PAUSE to its last are its looks after the second; one look's cost is the gap between two
PAUSEs. A call's figure is its instructions less those looks: what it costs when the
first look finds the request done. Printed: the least, median and most over the 101
calls (a timer interrupt on the way shows in the most) and how many calls did find it at
the first look, whose figure is measured, not derived. It is the kernel's path from the
API table's target to the return, completion check included, without the program's own
loop and call (~5 more)."""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system"))
import nvs_icount  # noqa: E402
from qemu import BUILD, make_images  # noqa: E402

CALLS = 101   # per buffer kind (tests/guest/nvsicount)
READS = ["read_prog", "read_payload", "read_prog_odd"]
TRACE_PC = re.compile(rb"^Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")


def kernel_layout(elf):
    """(text start, text end, {symbol: (first, ret)} for b_nvs_read/b_nvs_write, the set
    of PAUSE addresses) from the kernel's ELF."""
    dis = subprocess.run(["objdump", "-d", "--no-show-raw-insn", elf], check=True,
                         capture_output=True, text=True).stdout
    addrs, pauses, func, rets = [], set(), None, {}
    for line in dis.splitlines():
        m = re.match(r"^([0-9a-f]+) <(\S+)>:$", line)
        if m:
            func = m.group(2)
            continue
        m = re.match(r"^\s+([0-9a-f]+):\s+(\S+)", line)
        if not m:
            continue
        a = int(m.group(1), 16)
        addrs.append(a)
        if m.group(2) == "pause":
            pauses.add(a)
        if func in ("b_nvs_read", "b_nvs_write"):
            first, _ = rets.get(func, (a, None))
            rets[func] = (first, a if m.group(2).startswith("ret") else rets.get(func, (a, None))[1])
    return min(addrs), max(addrs) + 16, rets, pauses


def calls(log, entry, ret, pauses):
    """[(instructions, [indices of its PAUSEs])] of each call in the trace log: from entry
    to ret."""
    out, n, p, inside = [], 0, [], False
    with open(log, "rb") as f:
        for line in f:
            m = TRACE_PC.match(line)
            if not m:
                continue
            pc = int(m.group(1), 16)
            if pc == entry:
                inside, n, p = True, 0, []
            if not inside:
                continue
            if pc in pauses:
                p.append(n)
            n += 1
            if pc == ret:
                out.append((n, p))
                inside = False
    return out


def first_look(group):
    """'least median most (k)' of the calls of group, each less the looks after its first:
    a call with p >= 1 PAUSEs spent the instructions from its first PAUSE to its last on
    p - 1 looks, and one look more (the gap between two PAUSEs, a look's cost) before the
    one that found the request done. k is how many calls paused nowhere."""
    gaps = [p[1] - p[0] for _, p in group if len(p) > 1]
    look = min(gaps) if gaps else None
    net = []
    for n, p in group:
        if not p:
            net.append(n)
        elif look is not None:
            net.append(n - (p[-1] - p[0]) - look)
    net.sort()
    clean = sum(1 for _, p in group if not p)
    if not net:
        return f"- ({clean})"
    return f"{net[0]} {net[len(net) // 2]} {net[-1]} ({clean})"


def trace(tmp, iso, disk, dev, layout):
    lo, hi, funcs, pauses = layout
    log = os.path.join(tmp, "exec.log")

    def start_trace(vm):
        q = vm.qmp()
        try:
            for c in (f"logfile {log}", "singlestep on", "log exec,nochain"):
                q.cmd("human-monitor-command", **{"command-line": c})
        finally:
            q.close()

    nvs_icount.measure(tmp, iso, disk, dev, extra_args=["-dfilter", f"{lo:#x}..{hi - 1:#x}"],
                       at_ready=start_trace)
    reads = calls(log, *funcs["b_nvs_read"], pauses)
    writes = calls(log, *funcs["b_nvs_write"], pauses)
    os.unlink(log)
    assert len(reads) == CALLS * len(READS) and len(writes) == CALLS, (len(reads), len(writes))
    cols = [reads[i * CALLS:(i + 1) * CALLS] for i in range(len(READS))] + [writes]
    return [first_look(g) for g in cols]


def main():
    only = sys.argv[1:]
    layout = kernel_layout(os.path.join(BUILD, "kernel.elf"))
    cols = READS + ["write_prog"]
    print("kernel instructions per call, polls after the first look taken off: least median most"
          f" (calls of {CALLS} that did not poll)")
    print(f"{'driver':18}" + "".join(f"{c:>22}" for c in cols))
    # not /dev/shm: xorriso refuses paths under /dev (docs/testing.md)
    with tempfile.TemporaryDirectory() as tmp:
        iso = make_images(tmp, "tests/nvsicount.app")["iso"]
        disk = os.path.join(tmp, "disk.img")
        with open(disk, "wb") as f:
            f.truncate(64 << 20)
        for name, dev in nvs_icount.DEVICES.items():
            if only and name.split()[0] not in only and name not in only:
                continue
            got = trace(tmp, iso, disk, dev, layout)
            print(f"{name:18}" + "".join(f"{g:>22}" for g in got), flush=True)


if __name__ == "__main__":
    main()
