# SPDX-License-Identifier: BSD-2-Clause
"""BareMetal's handoff, exactly (issue 11): the information table at 0x5000 holds what
Pure64 writes, field by field, and the kernel boots under a loader that writes only that.

tests/guest/handoff reads the table and the memory map back and prints them; the host
checks them against QEMU's configuration and recomputes RAMAMOUNT from the map as Pure64
counts it. loader-pure64.sys (Makefile) is the loader built to hand over exactly what
Pure64 does: its documented fields, BareMetal-C's additions left zero, the program right
after the kernel image. Under it the kernel must find every core, its program memory and
the program itself (kernel/handoff.c), BIOS and UEFI, pc and q35."""
import os
import re

import pytest

from qemu import BUILD, EXIT_PASS, assert_tap, make_images, parse_tap

OURS, PURE64 = "loader.sys", "loader-pure64.sys"
IAPC_LEGACY, IAPC_8042 = 0x1, 0x2


@pytest.fixture
def p64(artifacts):
    for f in (PURE64, "tests/handoff.app"):
        if not os.path.exists(os.path.join(BUILD, f)):
            pytest.fail(f"build first (make all guests): missing {f}")


def pure64_ramamount(records):
    """Pure64's src/pure64.asm (BIOS path): each usable record's length >> 20, summed,
    2 MiB kept back for its CPU stacks, bit 0 cleared."""
    mib = sum(length >> 20 for _, length, kind in records if kind == 1)
    return (mib - 2) & ~1 if mib > 2 else 0


def run_guest(qemu, tmp_path, loader, app, checks, machine, firmware, smp, mem, timeout=120):
    """app's TAP under loader: exactly checks checks, all passed, and its exit."""
    img = make_images(tmp_path / loader.replace(".", "_"), app, loader=loader)["img"]
    vm = qemu(img, machine=machine, smp=smp, mem=mem, firmware=firmware)
    ready = vm.wait_ready(timeout=timeout)
    status = vm.wait_exit(timeout=timeout)
    log = vm.log()
    oks, diag = assert_tap(vm.serial, checks, log)
    assert status == EXIT_PASS and b"# PASSED" in vm.serial, f"exit status {status}\n{log}"
    return ready, oks, diag, log


TABLE = [(loader, m, fw) for loader in (OURS, PURE64)
         for m, fw in (("pc", "bios"), ("q35", "bios"), ("q35", "uefi"))]
TABLE += [(OURS, "q35,i8042=off", "bios"), (PURE64, "pc", "uefi")]


@pytest.mark.parametrize("loader,machine,firmware", TABLE,
                         ids=[f"{l.split('.')[0]}-{m}-{f}" for l, m, f in TABLE])
def test_information_table(qemu, tmp_path, p64, loader, machine, firmware):
    smp, mem = 4, 256
    ready, oks, d, log = run_guest(qemu, tmp_path, loader, "tests/handoff.app", 5, machine,
                                   firmware, smp, mem)
    # CPU_CORES_ACTIVE/DETECT and APIC_ID: QEMU numbers its cores' APIC IDs 0..smp-1
    assert d["cores_active"] == d["cores_detected"] == d["numcores"] == smp, log
    ids = [d[f"apic{i}"] for i in range(smp)]
    assert sorted(ids) == list(range(smp)), log
    if loader == OURS:
        assert ids[0] == d["bsp"], "our loader lists the BSP first\n" + log
    # RAMAMOUNT: Pure64's count of the map the loader left at 0x6000
    records = [(d[f"map_base{i}"], d[f"map_len{i}"], d[f"map_type{i}"])
               for i in range(d["map_records"])]
    assert d["ramamount"] == pure64_ramamount(records), log
    assert mem - 16 <= d["ramamount"] < mem, log
    # IAPC_BOOT_ARCH: pc's FADT (revision 1) predates the field: the PC-AT flags
    arch = d["iapc_boot_arch"]
    if machine == "pc":
        assert arch == IAPC_LEGACY | IAPC_8042, log
    elif "i8042=off" in machine:
        assert not arch & IAPC_8042, log
    else:
        assert arch & IAPC_8042, log
    # BareMetal-C's additions: ours fills them; under the Pure64 table the kernel derived
    # program memory from the page tables (the same as ours maps) and found the program.
    assert d["app_size"] == 65536, log
    assert mem - 16 <= d["program_mem_mib"] <= mem - 4, log
    # the per-core slots (80 KiB each) come off program memory; both are rounded down
    assert d["program_mem_mib"] - 1 <= d["free_mib"] <= d["program_mem_mib"], log
    if loader == OURS:
        assert d["ram_total"] == mem == ready["ram"], log
        assert d["bootmode"] == ord("U" if firmware == "uefi" else "B"), log
    else:
        assert d["ram_total"] == 0 and d["bootmode"] == 0, log
        assert ready["ram"] == d["ramamount"], "ram= falls back to RAMAMOUNT\n" + log
        assert "Pure64 table" in log, log


BOOTS = [("pc", "bios", 4, 256), ("q35", "bios", 8, 2048), ("q35", "uefi", 4, 512),
         ("pc", "uefi", 2, 256), ("q35", "bios", 3, 6144)]


@pytest.mark.parametrize("machine,firmware,smp,mem", BOOTS,
                         ids=[f"{m}-{f}-smp{s}-{r}M" for m, f, s, r in BOOTS])
def test_kernel_under_pure64_table(qemu, tmp_path, p64, machine, firmware, smp, mem):
    """systest (the API, the register conventions, all of program memory) on the kernel
    started by a loader that fills only what Pure64 documents."""
    ready, oks, d, log = run_guest(qemu, tmp_path, PURE64, "tests/systest.app", 28, machine,
                                   firmware, smp, mem, timeout=180)
    assert ready["cores"] == d["cores"] == smp, log
    assert mem - 16 <= d["free_mib"] <= mem - 4, log


def test_work_queue_under_pure64_table(qemu, tmp_path, p64):
    """Every core takes tasks (tests/guest/smp) under the Pure64 table, UEFI."""
    img = make_images(tmp_path / "p64", "tests/smp.app", loader=PURE64)["img"]
    vm = qemu(img, machine="q35", smp=4, mem=256, firmware="uefi")
    vm.wait_ready(timeout=180)
    vm.wait_for(rb"# (PASSED|FAILED) \d+/\d+", 300)
    status = vm.wait_exit(30)
    oks, bad, diag = parse_tap(vm.serial)
    log = vm.log()
    assert not bad and status == EXIT_PASS, f"failed guest checks {bad}, status {status}\n{log}"
    assert diag["cores"] == diag["cores_used"] == 4, log
    ran = {int(c): int(n) for c, n in re.findall(rb"# core (\d+) ran (\d+)", vm.serial)}
    assert sum(ran.values()) == 100000 and len(ran) == 4 and min(ran.values()) > 0, log
