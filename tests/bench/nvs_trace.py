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
call runs from b_nvs_read's (b_nvs_write's) first instruction to its ret; a look at the
device that found the request not done is followed by a PAUSE (every wait of the
drivers pauses once per such look, drivers/util.h). The figure of a column is the
instructions of its calls with no PAUSE, the first look found the request done: the
least over them (a timer interrupt on the way adds to some), exact and the same in every
run. How many calls that is depends on the host (QEMU finishes the request in its own
threads), so the guest runs again, up to RUNS times, until every column has one; a
column still without is derived from the calls that polled (marked ~, derived()). It is
the kernel's path from the API table's target to the return, completion check included,
without the program's own loop and call (~5 more)."""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system"))
import nvs_icount  # noqa: E402
from qemu import BUILD  # noqa: E402

CALLS = 101   # per buffer kind (tests/guest/nvsicount)
RUNS = 8      # at most, until every column has a call done at the first look
READS = ["read_prog", "read_payload", "read_prog_odd"]
TRACE_PC = re.compile(rb"^Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")


def kernel_layout(elf):
    """(text start, text end, {symbol: (first, ret)} for b_nvs_read/b_nvs_write, the set
    of PAUSE addresses, the set of REP-prefixed instructions' addresses) from the
    kernel's ELF."""
    dis = subprocess.run(["objdump", "-d", "--no-show-raw-insn", elf], check=True,
                         capture_output=True, text=True).stdout
    addrs, pauses, reps, func, rets = [], set(), set(), None, {}
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
        if m.group(2).startswith("rep"):
            reps.add(a)
        if func in ("b_nvs_read", "b_nvs_write"):
            first, _ = rets.get(func, (a, None))
            rets[func] = (first, a if m.group(2).startswith("ret") else rets.get(func, (a, None))[1])
    return min(addrs), max(addrs) + 16, rets, pauses, reps


def calls(log, entry, ret, pauses, reps):
    """[(instructions, [indices of its PAUSEs])] of each call in the trace log: from entry
    to ret. An instruction logged twice in a row is counted once unless it repeats (REP):
    under -icount a block whose instruction touches a device register is started again
    (QEMU's cpu_io_recompile), so an MMIO access shows twice but is one instruction."""
    out, n, p, inside, last = [], 0, [], False, None
    with open(log, "rb") as f:
        for line in f:
            m = TRACE_PC.match(line)
            if not m:
                continue
            pc = int(m.group(1), 16)
            if pc == last and pc not in reps:
                continue
            last = pc
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


def figure(group):
    """The instructions of group's calls that found the request done at the first look
    (no PAUSE): the least, exact; None when every call polled."""
    clean = [n for n, p in group if not p]
    return min(clean) if clean else None


def derived(group):
    """The least over group's calls of each call's instructions less its looks after the
    first: a call with p >= 1 PAUSEs spent the instructions from its first PAUSE to its
    last on p - 1 looks, and one look (the gap between two PAUSEs) more. Exact where the
    driver's poll loop is inline; where a failed first look goes to a wait out of line
    (NVMe's nvme_io_wait), it counts that call's entry too: an upper bound."""
    gaps = [p[1] - p[0] for _, p in group if len(p) > 1]
    if not gaps:
        return None
    return min(n - (p[-1] - p[0]) - min(gaps) if p else n for n, p in group)


def trace(tmp, iso, disk, dev, layout):
    """[[(instructions, [PAUSE indices])] per column] of one run of nvsicount."""
    lo, hi, funcs, pauses, reps = layout
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
    reads = calls(log, *funcs["b_nvs_read"], pauses, reps)
    writes = calls(log, *funcs["b_nvs_write"], pauses, reps)
    os.unlink(log)
    assert len(reads) == CALLS * len(READS) and len(writes) == CALLS, (len(reads), len(writes))
    return [reads[i * CALLS:(i + 1) * CALLS] for i in range(len(READS))] + [writes]


def measure(tmp, iso, disk, dev, layout):
    """Per column the exact figure (figure()), or derived()'s marked '~' when no call of
    RUNS runs found its request done at the first look."""
    cols = [[] for _ in range(len(READS) + 1)]
    for _ in range(RUNS):
        for col, got in zip(cols, trace(tmp, iso, disk, dev, layout)):
            col += got
        if all(figure(c) is not None for c in cols):
            break
    return [str(figure(c)) if figure(c) is not None else f"~{derived(c)}" for c in cols]


def main():
    only = sys.argv[1:]
    layout = kernel_layout(os.path.join(BUILD, "kernel.elf"))
    cols = READS + ["write_prog"]
    print("kernel instructions per call whose first look found the request done"
          " (~: derived from calls that polled)")
    print(f"{'driver':18}" + "".join(f"{c:>15}" for c in cols))
    # not /dev/shm: xorriso refuses paths under /dev (docs/testing.md)
    with tempfile.TemporaryDirectory() as tmp:
        for name, dev, iso, disk in nvs_icount.runs(tmp, only):
            got = measure(tmp, iso, disk, dev, layout)
            print(f"{name:18}" + "".join(f"{g:>15}" for g in got), flush=True)
    print("reference: BareMetal (asm), AHCI, a random 4 KiB read with polling and the program's"
          " loop: 262-353 (issue 16, RDTSC under -icount)")


if __name__ == "__main__":
    main()
