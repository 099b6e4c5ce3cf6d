# SPDX-License-Identifier: BSD-2-Clause
"""Rust programs (issue 12, README "Rust"): hello-rust prints its line, built with
println! over a heap String and Vec, on BIOS and UEFI; tests/prog/rustpanic shows that a
panic comes back as a report, not a fault: main's panic reports its message and
file:line, ends the program through the C library's exit(101) (the program's C on_exit
hook prints the status) and the BSP is back in the kernel (an AP watches SMP_BUSY); a
panic in a parallel_for body abandons only that task (the kernel's #UD report), and
parallel_for says so, and one in a timer callback drops only the callback; the global
allocator over newlib; tests/prog/rustapi checks the crate's wrappers against the kernel
(TAP)."""
import os
import re

import pytest

from qemu import BUILD, EXIT_PASS, ROOT, assert_tap

HELLO = rb"Hello from a BareMetal-C Rust program! \(on (\d+) cores\)"
PANIC_SRC = os.path.join(ROOT, "tests", "prog", "rustpanic", "main.rs")
MARKER = b"RUSTPANIC-MODE:M"


def panic_line(text):
    """The line of rustpanic's main.rs holding the panic! whose message starts so."""
    with open(PANIC_SRC) as f:
        for n, line in enumerate(f, 1):
            if f'panic!("{text}' in line:
                return n
    raise AssertionError(f"no panic!({text!r}...) in {PANIC_SRC}")


def report(serial, apic, message, line):
    """The position of the panic handler's report: its header, then rustc's PanicInfo
    text, which holds the message and file:line:column (1.68+: 'panicked at F:L:C:\\n
    message'; older: "panicked at 'message', F:L:C")."""
    m = re.search(rb"Rust panic on APIC ID " + apic + rb": panicked at ([\s\S]*?)\r?\n"
                  rb"Rust panic: ", serial)
    assert m, "no panic report"
    text = m.group(1)
    assert message.encode() in text, text
    assert f"tests/prog/rustpanic/main.rs:{line}:".encode() in text, text
    return m.start()


def patched(tmp_path, letter):
    with open(os.path.join(BUILD, "tests", "prog", "rustpanic.app"), "rb") as f:
        data = f.read()
    assert data.count(MARKER) == 1
    out = tmp_path / f"rustpanic-{letter}.app"
    out.write_bytes(data.replace(MARKER, MARKER[:-1] + letter.encode()))
    return str(out)


@pytest.fixture
def rust_built(artifacts):
    need = ["hello-rust.app", "tests/prog/rustpanic.app", "tests/prog/rustapi.app"]
    missing = [n for n in need if not os.path.exists(os.path.join(BUILD, n))]
    if missing:
        pytest.fail(f"build first (make all guests): missing {missing}")


@pytest.mark.parametrize("firmware", ["bios", "uefi"])
def test_hello_rust(rust_built, images, qemu, firmware):
    vm = qemu(images("hello-rust.app")["img"], machine="q35", smp=2, mem=128,
              firmware=firmware)
    r = vm.wait_ready(timeout=180)
    m = vm.wait_for(HELLO, 60)
    assert r["boot"] == firmware and int(m.group(1)) == r["cores"] == 2, vm.log()
    assert b"Rust panic" not in vm.serial and b"CPU exception" not in vm.serial, vm.log()


def test_rust_panic_in_main(rust_built, images, qemu):
    vm = qemu(images("tests/prog/rustpanic.app")["img"], machine="q35", smp=2, mem=128)
    vm.wait_ready(timeout=120)
    vm.wait_for(rb"rustpanic: the BSP is back in the kernel", 60)
    s, log = vm.serial, vm.log()
    assert b"rustpanic: watcher on an AP: true" in s, log
    at = report(s, rb"0", f"rustpanic: sum {sum(range(10))} over the limit",
                panic_line("rustpanic: sum"))
    ends = s.index(b"Rust panic: program ends, exit(101)")
    hook = s.index(b"rustpanic: exit hook: status 101")
    back = s.index(b"rustpanic: the BSP is back in the kernel")
    assert at < ends < hook < back, log
    assert b"rustpanic: not reached" not in s, log
    assert b"CPU exception" not in s and s.count(b"Rust panic on") == 1, log


def test_rust_panic_in_task(rust_built, images, qemu, tmp_path):
    vm = qemu(images(patched(tmp_path, "T"))["img"], machine="q35", smp=2, mem=128)
    vm.wait_ready(timeout=120)
    vm.wait_for(rb"rustpanic: the BSP is back in the kernel", 60)
    s, log = vm.serial, vm.log()
    task = re.search(rb"Rust panic on APIC ID (\d+): ", s)
    assert task, log
    at = report(s, task.group(1), "rustpanic: body 5 panics",
                panic_line("rustpanic: body"))
    abandoned = s.index(b"Rust panic: task abandoned")
    # the kernel's report of the UD2 on that core, which goes on (kernel/idt.c)
    ud = re.search(rb"\*\*\* CPU exception 6 \(#UD\) on APIC ID " + task.group(1) +
                   rb",[\s\S]*?\*\*\* task abandoned, core continues", s)
    assert ud and at < abandoned < ud.start(), log
    assert s.count(b"*** CPU exception") == 1, log
    pfor = s.index(b"rustpanic: parallel_for -> a task faulted")
    assert ud.end() < pfor, log
    # main's own panic afterwards still ends the program through exit(101)
    main = report(s[pfor:], rb"0", f"rustpanic: sum {sum(range(10))} over the limit",
                  panic_line("rustpanic: sum")) + pfor
    hook = s.index(b"rustpanic: exit hook: status 101")
    assert main < s.index(b"Rust panic: program ends, exit(101)") < hook, log


def test_rust_allocator(rust_built, images, qemu, tmp_path):
    """The global allocator over newlib: alignments malloc does not give (memalign),
    realloc, zeroed memory, try_reserve past the end; then an allocation past the end
    of memory panics with alloc's message and ends the program through exit(101)."""
    vm = qemu(images(patched(tmp_path, "A"))["img"], machine="q35", smp=2, mem=128)
    vm.wait_ready(timeout=120)
    vm.wait_for(rb"rustpanic: the BSP is back in the kernel|rustpanic: exit hook", 60)
    vm.wait_for(rb"rustpanic: exit hook: status \d+", 30)
    s, log = vm.serial, vm.log()
    assert b"rustpanic: allocator passed" in s and b"FAILED" not in s, log
    assert s.count(b"rustpanic: ok ") == 6, log
    m = re.search(rb"Rust panic on APIC ID 0: panicked at [\s\S]*?memory allocation of "
                  rb"(\d+) bytes failed[^\n]*\nRust panic: program ends, exit\(101\)", s)
    assert m and int(m.group(1)) > 100 << 20, log
    assert b"rustpanic: exit hook: status 101" in s, log
    assert b"not reached" not in s and b"CPU exception" not in s, log


def test_rust_panic_in_callback(rust_built, images, qemu, tmp_path):
    """A timer callback runs inside an interrupt: its panic must not exit() from there
    but drop the callback (the kernel's #UD report); the interrupted main goes on."""
    vm = qemu(images(patched(tmp_path, "C"))["img"], machine="q35", smp=2, mem=128)
    vm.wait_ready(timeout=120)
    m = vm.wait_for(rb"rustpanic: main goes on after (\d+) ticks", 60)
    s, log = vm.serial, vm.log()
    assert b"rustpanic: callback_timer -> Ok(())" in s and int(m.group(1)) == 3, log
    at = report(s, rb"0", "rustpanic: tick 3 panics", panic_line("rustpanic: tick"))
    ud = re.search(rb"\*\*\* CPU exception 6 \(#UD\) on APIC ID 0,[\s\S]*?"
                   rb"\*\*\* task abandoned, core continues", s)
    assert ud and at < s.index(b"Rust panic: task abandoned") < ud.start() < m.start(), log
    assert s.count(b"*** CPU exception") == 1 and b"exit(101)" not in s, log


def test_rust_api(rust_built, images, qemu):
    """The crate's wrappers (tests/prog/rustapi, TAP), its diagnostics against what QEMU
    was given: 4 cores, the boot disk's size, no framebuffer on a BIOS boot, 128 MiB."""
    img = images("tests/prog/rustapi.app")["img"]
    vm = qemu(img, machine="q35", smp=4, mem=128)
    vm.wait_ready(timeout=120)
    status = vm.wait_exit(timeout=120)
    log = vm.log()
    oks, diag = assert_tap(vm.serial, 35, log)
    assert status == EXIT_PASS, log
    assert diag["cores"] == 4 and diag["lfb"] == 0 and 0 < diag["free_mib"] < 128, log
    assert diag["sectors"] == os.path.getsize(img) // 4096, log
    assert 20_000 <= diag["delay_20ms_us"] < 2_000_000, log
    assert vm.serial.count(b"# long=" + b"0123456789" * 30 + b"|42") == 1, log
    assert b"# flush=done" in vm.serial and b"CPU exception" not in vm.serial, log
