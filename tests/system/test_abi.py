# SPDX-License-Identifier: BSD-2-Clause
"""BareMetal's ABI where an assembly program meets it (issue 11): the flags b_input
returns with a key (tests/guest/systest in mode K)."""
from qemu import parse_tap, patched_app


def run_guest(vm, timeout=120):
    vm.wait_ready(timeout=90)
    status = vm.wait_exit(timeout=timeout)
    oks, bad, diag = parse_tap(vm.serial)
    log = vm.log()
    assert not bad, f"failed guest checks {bad}\n{log}"
    assert status == 33 and b"# PASSED" in vm.serial, f"exit status {status}\n{log}"
    return oks, diag, log


def test_input_flags_with_key(images, qemu, tmp_path, artifacts):
    """b_input returns a key with ZF=0 and SF = its bit 7 (BareMetal's Monitor does
    `call [b_input]` then `jz`): 'k', CR (Enter, 0x1C) and 0x86 typed into COM1."""
    img = images(patched_app(tmp_path, "systest", b"SYSTEST-MODE:X", "K"))["img"]
    vm = qemu(img, machine="q35", smp=1, mem=128, serial_input=True)
    vm.wait_for(rb"# press keys\r?\n", 90)
    vm.send_serial(b"k\r\x86")
    oks, diag, log = run_guest(vm)
    assert diag["keys_read"] == 3, log
