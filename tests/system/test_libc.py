# SPDX-License-Identifier: BSD-2-Clause
"""The C library (newlib and lib/'s system calls) and C++ on the guest: the TAP checks of
tests/prog/libc under BIOS and UEFI (with a line typed on COM1 for stdin), and tests/prog/cxx's constructor, destructor and
exit order, ending by returning from main or by abort()."""
import os
import re

import pytest

from qemu import BUILD, CRASH, EXIT_PASS, assert_tap

LIBC_APP = "tests/prog/libc.app"
CXX_APP = "tests/prog/cxx.app"
PRINTF_LINE = b"# printf: 3.14159 6.022141e+23 18446744073709551615 end"

CXX_START = ["ctor first", "ctor second", "ctor c-constructor", "ctor other-tu",
             "ctor third", "ctor fourth", "main start"]
CXX_DELETES = ["dtor Square", "dtor Rect", "dtor Shape", "dtor Rect", "dtor Shape"]
CXX_EXIT = ["main return", "atexit handler", "dtor local-static", "dtor fourth",
            "dtor third", "dtor other-tu", "dtor second", "dtor first", "dtor c-destructor"]


def built(name):
    path = os.path.join(BUILD, name)
    if not os.path.exists(path):
        pytest.fail(f"build first (make guests): missing {name}")
    return name


def program_lines(serial):
    """The program's lines: everything after the kernel's 'system ready' line."""
    text = serial.decode("utf-8", "replace").replace("\r", "")
    return text.split("system ready", 1)[1].split("\n")[1:]


@pytest.mark.parametrize("firmware", ["bios", "uefi"])
def test_libc_guest(images, qemu, firmware):
    mem = 256
    vm = qemu(images(built(LIBC_APP))["img"], machine="q35", smp=2, mem=mem, firmware=firmware,
              serial_input=True)
    vm.wait_ready(timeout=120)
    vm.wait_for(rb"# input: type a line", 120)
    vm.send_serial(b"libc 42\r")
    status = vm.wait_exit(timeout=120)
    log = vm.log()
    oks, diag = assert_tap(vm.serial, 65, log)   # tests/prog/libc plans 65 up front
    assert status == EXIT_PASS, f"exit status {status}\n{log}"
    assert re.search(re.escape(PRINTF_LINE) + rb"\r?$", vm.serial, re.M), log
    # The heap is the memory left after the program, nearly all of the machine's.
    assert mem - 16 <= diag["free_mib"] <= mem - 4, log
    assert diag["free_mib"] - 2 <= diag["blocks"] <= diag["free_mib"], log
    # malloc and printf ran on both cores at once.
    assert diag["par_cores"] == 2, log


def test_cxx_order(image, qemu):
    vm = qemu(image(built(CXX_APP)), machine="q35", smp=2, mem=128)
    vm.wait_for(rb"dtor c-destructor", 120)
    log = vm.log()
    lines = [ln for ln in program_lines(vm.serial) if ln]
    assert CRASH not in vm.serial, log
    assert not [ln for ln in lines if ln.startswith("not ok")], log
    oks = [ln for ln in lines if ln.startswith("ok ")]
    assert len(oks) == 12 and "# checks=12 failed=0" in lines, log
    trace = [ln for ln in lines if not ln.startswith(("ok ", "#"))]
    expected = CXX_START + CXX_DELETES + ["ctor local-static"] + CXX_EXIT
    assert trace == expected, f"order {trace}\n{log}"


def cxx_mode(tmp_path, letter):
    """A copy of cxx.app that ends as the letter after 'cxx-end:' says."""
    with open(os.path.join(BUILD, built(CXX_APP)), "rb") as f:
        data = f.read()
    assert data.count(b"cxx-end:r") == 1
    app = tmp_path / f"cxx-{letter}.app"
    app.write_bytes(data.replace(b"cxx-end:r", b"cxx-end:" + letter.encode()))
    return str(app)


def test_cxx_abort(image, qemu, tmp_path):
    """abort() ends the program with a report, without atexit handlers or destructors."""
    vm = qemu(image(cxx_mode(tmp_path, "a")), machine="q35", smp=2, mem=128)
    vm.wait_for(rb"program: ended by signal 6 \(SIGABRT: abort\)", 120)
    log = vm.log()
    lines = [ln for ln in program_lines(vm.serial) if ln]
    end = lines.index("main abort")
    assert lines[end + 1] == "program: ended by signal 6 (SIGABRT: abort)", log
    assert "main return" not in lines and "atexit handler" not in lines, log
    assert not [ln for ln in lines if ln.startswith("dtor") and ln not in CXX_DELETES], log
    assert CRASH not in vm.serial, log


def test_cxx_exit_on_another_core(image, qemu, tmp_path):
    """exit() from code on the AP runs the handlers and destructors there, then RESET
    ends the program (crt0's return context is on the BSP's stack)."""
    vm = qemu(image(cxx_mode(tmp_path, "t")), machine="q35", smp=2, mem=128)
    vm.wait_for(rb"dtor c-destructor", 120)
    log = vm.log()
    lines = [ln for ln in program_lines(vm.serial) if ln]
    tail = lines[lines.index("main waits"):]
    assert tail[:len(CXX_EXIT) + 1] == ["main waits", "exit on another core"] + CXX_EXIT[1:], log
    assert CRASH not in vm.serial, log
