# SPDX-License-Identifier: BSD-2-Clause
"""BareMetal's ABI where a hostile or assembly program meets it (issue 11): the pointer
rule (tests/guest/ptrs), SMP_SET aimed at the BSP while the program runs, and the flags
b_input returns with a key (tests/guest/systest in mode K)."""
import re

from qemu import EXIT_PASS, assert_tap, patched_app

NIC = ["-netdev", "user,id=n0,restrict=on", "-device", "e1000,netdev=n0"]


def run_guest(vm, checks, timeout=120):
    """The guest's TAP: exactly checks checks, all passed, and its exit."""
    vm.wait_ready(timeout=90)
    status = vm.wait_exit(timeout=timeout)
    log = vm.log()
    oks, diag = assert_tap(vm.serial, checks, log)
    assert status == EXIT_PASS and b"# PASSED" in vm.serial, f"exit status {status}\n{log}"
    return oks, diag, log


def test_pointer_rule(images, qemu, tmp_path, artifacts):
    """Every write or call through a pointer into kernel memory, MMIO, a hole, a guard
    page or a wrapping range does nothing and fails; kernel memory is byte-identical
    afterwards; the program's own pointers (payload, program memory, its stack, identity
    RAM above 4 MiB) still work, and the kernel still reads from anywhere mapped."""
    img = images(patched_app(tmp_path, "ptrs", b"PTRS-MODE:X", "X"))["img"]
    vm = qemu(img, machine="q35", smp=2, mem=256, extra=NIC)
    oks, diag, log = run_guest(vm, 28)
    assert diag["cores"] == 2, log
    assert diag["calls_refused_expected"] >= 180, log
    assert re.search(rb"# kernel says BAREMETAL\r?\n", vm.serial), log   # b_output from the kernel
    assert re.search(rb"0000000000100000: eb 4e 90 42 41 52 45 4d", vm.serial), log  # DUMP_MEM


def test_smp_set_bsp_refused(images, qemu, tmp_path, artifacts):
    """SMP_SET aimed at the BSP while the program runs returns 0, as BareMetal's
    b_smp_set does (the BSP's slot holds the program), from the BSP and from an AP."""
    img = images(patched_app(tmp_path, "ptrs", b"PTRS-MODE:X", "B"))["img"]
    vm = qemu(img, machine="q35", smp=2, mem=256, extra=NIC)
    oks, diag, log = run_guest(vm, 6)


def test_input_flags_with_key(images, qemu, tmp_path, artifacts):
    """b_input returns a key with ZF=0 and SF = its bit 7 (BareMetal's Monitor does
    `call [b_input]` then `jz`): 'k', CR (Enter, 0x1C) and 0x86 typed into COM1."""
    img = images(patched_app(tmp_path, "systest", b"SYSTEST-MODE:X", "K"))["img"]
    vm = qemu(img, machine="q35", smp=1, mem=128, serial_input=True)
    vm.wait_for(rb"# press keys\r?\n", 90)
    vm.send_serial(b"k\r\x86")
    oks, diag, log = run_guest(vm, 29)
    assert diag["keys_read"] == 3, log
