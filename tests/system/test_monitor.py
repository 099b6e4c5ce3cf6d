# SPDX-License-Identifier: BSD-2-Clause
"""The Monitor (apps/monitor, build/monitor.app) driven over COM1: the image made with
APP=build/monitor.app boots into it, and a second drive (NVMe), a BMFS disk made by
build/bmfs, holds the programs it runs: hello.app, tests/prog/monprog in its modes
(a fault, a timer callback left running, every console and callback changed, malloc
to the end), a BareMetal-style flat binary compiled here with the layout of
BareMetal-Demo's crt0 and c.ld, a program whose header asks for too much memory, and
a text file. Each command is typed, then the test waits for the next prompt."""
import os
import re
import subprocess
import time

import pytest

from qemu import BUILD, BootError, make_image, make_images

TOOL = os.path.join(BUILD, "bmfs")
MONPROG = os.path.join(BUILD, "tests", "prog", "monprog.app")
PROGRAM = 0xFFFF800000000000
PROGRAM_PHYS = 0x400000      # program memory starts at the first RAM above 4 MiB
TEXT = b"BareMetal-C Monitor test file\nsecond line: 0123456789\nno newline at the end"
HELLO = b"Hello from a BareMetal-C program!"
FLAT_HELLO = b"Hello from a BareMetal flat binary: bss=0 data=42"
PROMPT_TIMEOUT = 60

# A BareMetal-style program: its own small crt0 (zero .bss, call main, return), the
# layout of BareMetal-Demo's c.ld (flat binary at 0xFFFF800000000000: .text, .rodata,
# .data, then __bss_start/.bss/__bss_stop outside the file), built with BareMetal-Demo's
# compiler flags and ld; b_output as libBareMetal calls it, through the table.
FLAT_CRT0 = r"""
extern int main(void);
extern char __bss_start[], __bss_stop[];

int _start(void)
{
	for (char *p = __bss_start; p < __bss_stop; p++)
		*p = 0;
	return main();
}
"""
FLAT_MAIN = r"""
static void b_output(const char *s, unsigned long n)
{
	__asm__ volatile("call *0x00100018" : : "S"(s), "c"(n) : "memory");
}

static unsigned long len(const char *s)
{
	unsigned long n = 0;
	while (s[n])
		n++;
	return n;
}

static int in_bss[64];
static int in_data = 42;

int main(void)
{
	const char *msg = "Hello from a BareMetal flat binary: bss=";
	char num[2] = { (char)('0' + in_bss[63]), 0 };
	b_output(msg, len(msg));
	b_output(num, 1);
	b_output(" data=", 6);
	num[0] = (char)('0' + in_data / 10);
	num[1] = (char)('0' + in_data % 10);
	b_output(num, 2);
	b_output("\n", 1);
	in_bss[63] = 7;
	return 0;
}
"""
FLAT_LD = """
OUTPUT_FORMAT(binary)
OUTPUT_ARCH(i386:x86-64)
ENTRY(_start)
SECTIONS
{
	. = 0xFFFF800000000000;
	.text : { *(.text .text.*) }
	. = ALIGN(16);
	.rodata : { *(.rodata .rodata.*) }
	. = ALIGN(16);
	.data : { *(.data .data.*) }
	. = ALIGN(16);
	__bss_start = .;
	.bss : { *(.bss .bss.*) }
	__bss_stop = .;
	/DISCARD/ : { *(.eh_frame*) *(.note .note.*) *(.comment) }
}
"""
FLAT_CFLAGS = ["-c", "-m64", "-nostdlib", "-nostartfiles", "-nodefaultlibs", "-ffreestanding",
               "-falign-functions=16", "-fomit-frame-pointer", "-mno-red-zone", "-fno-builtin"]


def bmfs(*args):
    p = subprocess.run([TOOL, *map(str, args)], capture_output=True)
    assert p.returncode == 0, f"bmfs {args}: {p.stderr.decode()}"
    return p.stdout.decode()


def flat_binary(outdir):
    src = outdir / "flat"
    src.mkdir()
    (src / "crt0.c").write_text(FLAT_CRT0)
    (src / "hello.c").write_text(FLAT_MAIN)
    (src / "c.ld").write_text(FLAT_LD)
    for name in ("crt0", "hello"):
        subprocess.run(["gcc", *FLAT_CFLAGS, "-o", f"{name}.o", f"{name}.c"], cwd=src, check=True)
    subprocess.run(["ld", "-T", "c.ld", "-o", "flat.app", "crt0.o", "hello.o"], cwd=src, check=True)
    data = (src / "flat.app").read_bytes()
    assert data[8:16] != b"BMC-APP1" and FLAT_HELLO[:20] in data
    return src / "flat.app"


def monprog(outdir, name, mode, header=None):
    """monprog.app with its mode letter set; header: {offset: 64-bit value} to patch."""
    data = bytearray(open(MONPROG, "rb").read())
    marker = b"MONPROG-MODE:X"
    assert data.count(marker) == 1
    i = data.index(marker)
    data[i + len(marker) - 1] = ord(mode)
    for off, v in (header or {}).items():
        data[off:off + 8] = v.to_bytes(8, "little")
    path = outdir / name
    path.write_bytes(bytes(data))
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The files of the BMFS disk, in directory order: (name, host path)."""
    if not os.path.exists(TOOL) or not os.path.exists(os.path.join(BUILD, "monitor.app")):
        pytest.fail("build first (make all guests): missing build/bmfs or build/monitor.app")
    d = tmp_path_factory.mktemp("monfiles")
    (d / "readme.txt").write_bytes(TEXT)
    return [("hello.app", os.path.join(BUILD, "hello.app")),
            ("fault.app", monprog(d, "fault.app", "F")),
            ("timer.app", monprog(d, "timer.app", "T")),
            ("leave.app", monprog(d, "leave.app", "C")),
            ("malloc.app", monprog(d, "malloc.app", "M")),
            ("flat.app", flat_binary(d)),
            ("huge.app", monprog(d, "huge.app", "X", {32: 1 << 40})),        # mem_bytes: 1 TiB
            ("broken.app", monprog(d, "broken.app", "X", {24: 1 << 30})),      # file_bytes past the file
            ("readme.txt", d / "readme.txt")]


def make_disk(path, files):
    bmfs(path, "format", "64M")
    for name, src in files:
        bmfs(path, "write", src, name)
    return path


@pytest.fixture(scope="module")
def monitor_image(tmp_path_factory):
    return make_image(tmp_path_factory.mktemp("monimg"), "monitor.app")


def dump_line(addr, data):
    """A line of dump ADDR COUNT 1: address, bytes, and after a bar the printable ones
    (anything else a space), as BareMetal's Monitor shows them."""
    hexes = " ".join(f"{b:02X}" for b in data)
    chars = "".join(chr(b) if 0x20 < b < 0x7F else " " for b in data)
    return f"{addr:016X}: {hexes:<47} | {chars}\n".encode()


class Monitor:
    def __init__(self, vm):
        self.vm = vm

    def wait_prompt(self, start, timeout=PROMPT_TIMEOUT, prompts=1):
        """Waits until the serial log after offset start holds `prompts` "> " prompts,
        each at the start of a line, and ends with one; returns what came before the
        last, CR LF as LF."""
        deadline = time.monotonic() + timeout
        while True:
            new = self.vm.serial[start:]
            if new.endswith(b"\n> ") and new.count(b"\n> ") >= prompts:
                return new[:-2].replace(b"\r\n", b"\n")
            if self.vm.proc.poll() is not None or time.monotonic() > deadline:
                raise BootError(f"no prompt after {self.vm.serial[start:][:200]!r}\n{self.vm.log()}")
            time.sleep(0.02)

    def cmd(self, line, timeout=PROMPT_TIMEOUT):
        """Types line and Enter; returns the output after the echoed line."""
        start = len(self.vm.serial)
        self.vm.send_serial(line.encode() + b"\r")
        out = self.wait_prompt(start, timeout)
        echo = line.encode() + b"\n"
        assert out.startswith(echo), f"{line!r}: echo {out[:80]!r}\n{self.vm.log()}"
        return out[len(echo):]

    def one_line(self, line, expect):
        out = self.cmd(line)
        assert out == expect + b"\n", f"{line!r}: got {out!r}, expected {expect!r}\n{self.vm.log()}"


def boot(qemu, image, disk=None, extra=(), **kw):
    extra = list(extra) + (["-drive", f"if=none,id=bm,format=raw,file={disk}",
                            "-device", "nvme,drive=bm,serial=bmfs1"] if disk else [])
    kw.setdefault("qmp", True)
    vm = qemu(image, machine="q35", smp=2, mem=256, serial_input=True, extra=extra, **kw)
    mon = Monitor(vm)
    banner = mon.wait_prompt(0, 240 if kw.get("firmware") == "uefi" else 120)
    return mon, banner


@pytest.fixture
def mon(qemu, monitor_image, files, tmp_path):
    return boot(qemu, monitor_image, make_disk(tmp_path / "bmfs.img", files))[0]


def test_banner_dir_cat_and_run(qemu, monitor_image, files, tmp_path):
    mon, banner = boot(qemu, monitor_image, make_disk(tmp_path / "bmfs.img", files))
    # BareMetal-Monitor's first line, then the prompt
    m = re.search(rb"system ready[^\n]*\nBareMetal-C Monitor 1\.0\n"
                  rb"\[cpu: 2 x \d+ MHz\]  \[mem: (\d+) MiB free\]  \[net: N/A\]\n\n$", banner)
    assert m and 200 < int(m.group(1)) < 256, mon.vm.log()
    mon.one_line("ver", b"BareMetal-C Monitor 1.0")
    help_lines = mon.cmd("help").decode().splitlines()
    assert help_lines[0] == "Available commands:", mon.vm.log()
    names = [ln.split()[0] for ln in help_lines[1:]]
    assert sorted(names) == sorted(["cls", "dir", "load", "exec", "run", "cat", "ver", "peek",
                                    "poke", "dump", "sysinfo", "net", "ping", "help", "reboot",
                                    "shutdown"]), mon.vm.log()
    # dir as BareMetal's Monitor prints it: number TAB name TAB size, numbered from 1 in
    # directory order, sizes as on the host
    lines = mon.cmd("dir").decode().split("\n")
    assert lines[:3] == ["BMFS", "#       Name            Size", "-" * 29], mon.vm.log()
    want = [f"{i + 1}\t{name}\t{os.path.getsize(src)}" for i, (name, src) in enumerate(files)]
    assert lines[3:] == want + [""], mon.vm.log()
    # cat prints the bytes (a new line added after a last line without one)
    assert mon.cmd("cat readme.txt") == TEXT + b"\n", mon.vm.log()
    mon.one_line("run hello", HELLO)
    mon.one_line("run hello.app", HELLO)
    info = mon.cmd("sysinfo").decode()
    assert re.search(r"^cores: 2 running", info, re.M), mon.vm.log()
    assert re.search(r"^drive 0: nvme \"QEMU NVMe Ctrl\" 16384 sectors", info, re.M), mon.vm.log()
    # 64 MiB: 32 blocks, less block 0, the last and one for each file
    assert re.search(r"^bmfs: drive 0, %d of 32 blocks of 2 MiB free$" % (30 - len(files)),
                     info, re.M), mon.vm.log()
    assert re.search(r"^nics: none$", info, re.M), mon.vm.log()


def test_load_and_exec(mon, files):
    mon.one_line("exec", b"exec: no program loaded (load N or load NAME first)")
    size = os.path.getsize(os.path.join(BUILD, "hello.app"))
    out = mon.cmd("load 1")
    assert re.fullmatch(rb"load: hello\.app, program, %d bytes, entry FFFF8000000000[0-9A-F]{2}\n" % size,
                        out), mon.vm.log()
    mon.one_line("exec", HELLO)
    mon.one_line("exec", HELLO)      # again: loaded afresh, its .data as in the file
    # load without a number asks for it, as BareMetal's Monitor does
    start = len(mon.vm.serial)
    mon.vm.send_serial(b"load\r")
    mon.vm.wait_for(rb"load\r\nEnter file number: $", 30)
    mon.vm.send_serial(b"6\r")
    out = mon.wait_prompt(start)
    assert files[5][0] == "flat.app"
    assert out == b"load\nEnter file number: 6\nload: flat.app, flat binary, %d bytes, " \
                  b"entry FFFF800000000000\n" % os.path.getsize(files[5][1]), mon.vm.log()
    mon.one_line("exec", FLAT_HELLO)


def test_flat_binary_runs(mon):
    """BareMetal-Demo's layout: entered at its first byte, its crt0 clears its .bss (the
    previous run left 7 there)."""
    mon.one_line("run flat", FLAT_HELLO)
    mon.one_line("run flat.app", FLAT_HELLO)
    mon.one_line("run hello", HELLO)


def test_errors_are_one_line(mon):
    mon.one_line("load 99", b"load: no file 99")
    mon.one_line("load 0", b"load: no file 0")
    mon.one_line("run nothing", b"run: no file nothing")
    mon.one_line("cat nothing", b"cat: no file nothing")
    mon.one_line("frobnicate", b"Unknown command: frobnicate")
    mon.one_line("run " + "x" * 32, b"run: name too long (at most 31 bytes)")
    mon.one_line("run", b"run: Insufficient argument(s) (run NAME)")
    mon.one_line("run huge", b"run: huge.app is too big: 1099511627776 bytes, program memory has %d"
                 % (int(re.search(rb"(\d+) MiB free", mon.vm.serial).group(1)) << 20))
    mon.one_line("load broken.app", b"load: broken.app: bad program header")
    mon.one_line("a b c d e f g h i", b"Too many arguments")
    out = mon.cmd("")             # an empty line: just the prompt again
    assert out == b"", mon.vm.log()
    mon.one_line("ver", b"BareMetal-C Monitor 1.0")


def test_no_disk(qemu, tmp_path):
    """Booted from the CD (no BMFS area) with no other drive: no file system."""
    iso = make_images(tmp_path / "iso", "monitor.app")["iso"]
    mon, _ = boot(qemu, None, extra=["-cdrom", iso])
    for line in ("dir", "run hello", "load 1", "cat readme.txt"):
        mon.one_line(line, b"No filesystem detected")
    mon.one_line("exec", b"exec: no program loaded (load N or load NAME first)")


def test_peek_poke_dump(qemu, monitor_image, files, tmp_path):
    mon, _ = boot(qemu, monitor_image, make_disk(tmp_path / "bmfs.img", files))
    # the information table: 2 cores active at 0x5012; the kernel's "BAREMETAL" signature
    mon.one_line("peek 5012 2", b"0002")
    mon.one_line("peek 0x5012", b"02")
    assert mon.cmd("dump 100000 10") == dump_line(0x100000, bytes.fromhex(
        "EB4E90") + b"BAREMETAL" + b"\x90" * 4), mon.vm.log()
    base = "ffff800000000000"
    for line in (f"poke {base} 1122334455667788 8", "poke ffff800000000008 0 8",
                 "poke ffff800000000008 AB",          # 2 digits: 1 byte
                 "poke ffff800000000009 CDEF 2",
                 "poke ffff80000000000b 0xDEADBEEF",  # 8 digits: 4 bytes
                 "poke ffff80000000000f 5A 1", "poke ffff800000000010 BEEF"):
        assert mon.cmd(line) == b"", mon.vm.log()
    mon.one_line(f"peek {base} 8", b"1122334455667788")
    mon.one_line(f"peek {base} 4", b"55667788")
    mon.one_line("peek ffff800000000001 2", b"6677")
    mon.one_line(f"peek {base}", b"88")
    mon.one_line("peek ffff800000000009 2", b"CDEF")
    mon.one_line("peek ffff80000000000b 4", b"DEADBEEF")
    # the same bytes through the identity alias, and seen by QEMU itself
    mon.one_line(f"peek {PROGRAM_PHYS:x} 8", b"1122334455667788")
    xp = mon.vm.qmp().cmd("human-monitor-command", **{"command-line": f"xp /16xb {PROGRAM_PHYS:#x}"})
    host = bytes(int(b, 16) for b in re.findall(r"0x([0-9a-f]{2})\b", xp.split(":", 1)[1]))
    assert host == bytes.fromhex("8877665544332211ABEFCDEFBEADDE5A"), xp
    assert mon.cmd(f"dump {base} 10 1") == dump_line(PROGRAM, host), mon.vm.log()
    assert mon.cmd(f"dump {base} 3") == dump_line(PROGRAM, host[:3]), mon.vm.log()
    assert mon.cmd(f"dump {base} 12") == dump_line(PROGRAM, host) + \
        dump_line(PROGRAM + 16, b"\xef\xbe"), mon.vm.log()
    assert mon.cmd(f"dump {base} 9 2") == \
        b"FFFF800000000000: 7788 5566 3344 1122 EFAB EFCD ADBE 5ADE\n" \
        b"FFFF800000000010: BEEF\n", mon.vm.log()
    assert mon.cmd(f"dump {base} 4 4") == \
        b"FFFF800000000000: 55667788 11223344 EFCDEFAB 5ADEADBE\n", mon.vm.log()
    assert mon.cmd(f"dump {base} 2 8") == \
        b"FFFF800000000000: 1122334455667788 5ADEADBEEFCDEFAB\n", mon.vm.log()
    # what is refused, in one line, and the Monitor goes on
    mon.one_line("poke 100000 90 1",
                 b"poke: not program memory (0xFFFF800000000000 up to the stacks)")
    mon.one_line(f"poke {PROGRAM_PHYS:x} 90",
                 b"poke: not program memory (0xFFFF800000000000 up to the stacks)")
    mon.one_line("poke 1E0000 90", b"poke: not program memory (0xFFFF800000000000 up to the stacks)")
    mon.one_line(f"poke {base} 1122 1", b"poke: Invalid argument(s) (poke ADDR VALUE [1|2|4|8])")
    mon.one_line(f"poke {base} 11 3", b"poke: Invalid argument(s) (poke ADDR VALUE [1|2|4|8])")
    mon.one_line("peek fee00000 4", b"peek: not readable memory (RAM or program memory)")  # local APIC
    mon.one_line("peek 800000000000 1", b"peek: not readable memory (RAM or program memory)")
    mon.one_line("peek ffffffffffffffff 8", b"peek: not readable memory (RAM or program memory)")
    mon.one_line("peek ffff900000000000 1", b"peek: not readable memory (RAM or program memory)")
    mon.one_line("dump ffff800000000000 ffffffffffffffff 8",
                 b"dump: Invalid argument(s) (dump ADDR COUNT [1|2|4|8])")
    mon.one_line("dump ffff800000000000 4000000 8",
                 b"dump: not readable memory (RAM or program memory)")
    mon.one_line("peek 12g4", b"peek: Invalid argument(s) (peek ADDR [1|2|4|8])")
    mon.one_line("peek", b"peek: Insufficient argument(s) (peek ADDR [1|2|4|8])")
    mon.one_line("peek 1 2 3", b"peek: Too many arguments (peek ADDR [1|2|4|8])")
    # the top of program memory: the last byte below the stacks reads, the next does not
    free = int(re.search(rb"(\d+) MiB free", mon.vm.serial).group(1))
    top = PROGRAM + (free << 20)
    assert re.fullmatch(rb"[0-9A-F]{2}\n", mon.cmd(f"peek {top - 1:x}")), mon.vm.log()
    mon.one_line(f"peek {top - 1:x} 2", b"peek: not readable memory (RAM or program memory)")
    mon.cmd(f"poke {top - 8:x} 0102030405060708")
    mon.one_line(f"peek {top - 8:x} 8", b"0102030405060708")
    mon.one_line("ver", b"BareMetal-C Monitor 1.0")


def test_faulting_program_returns_to_prompt(mon):
    out = mon.cmd("run fault")
    assert re.fullmatch(rb"monprog: about to fault\n\n\*\*\* CPU exception 6 \(#UD\)[\s\S]*"
                        rb"\*\*\* task abandoned, core continues\nrun: fault\.app faulted "
                        rb"\(the kernel's report is above\)\n", out), mon.vm.log()
    mon.one_line("ver", b"BareMetal-C Monitor 1.0")
    mon.one_line("run hello", HELLO)
    assert mon.cmd("load fault").startswith(b"load: fault.app, program")
    assert mon.cmd("exec").endswith(b"exec: fault.app faulted (the kernel's report is above)\n")
    mon.one_line("run hello", HELLO)


def test_program_callbacks_and_consoles_put_back(mon):
    """A program that leaves a timer callback running and one that turns off every
    console, replaces b_output and takes the keyboard: the Monitor puts all back."""
    out = mon.cmd("run timer")
    m = re.fullmatch(rb"monprog: timer ticks=running counter at ([0-9a-f]+)\n", out)
    assert m, mon.vm.log()
    counter = m.group(1).decode()
    first = mon.cmd(f"peek {counter} 8")
    deadline = time.monotonic() + 0.2      # many 1 ms periods of the program's timer
    while time.monotonic() < deadline:
        mon.one_line("ver", b"BareMetal-C Monitor 1.0")
    assert mon.cmd(f"peek {counter} 8") == first, f"the timer callback still runs\n{mon.vm.log()}"
    mon.one_line("run hello", HELLO)       # over the old callback's code
    mon.one_line("run leave", b"monprog: changing the consoles and callbacks")
    mon.one_line("ver", b"BareMetal-C Monitor 1.0")
    mon.one_line("run hello", HELLO)


def test_malloc_runs_out_cleanly(mon):
    """lib/sys_mem.c: under the Monitor (program_size 0) the heap ends at the top of free
    program memory, below the per-core stacks, and malloc then fails with ENOMEM."""
    out = mon.cmd("run malloc", 120)
    m = re.fullmatch(rb"monprog: malloc ENOMEM after (\d+) MiB of (\d+) free, heap top below "
                     rb"the stacks\n", out)
    assert m, mon.vm.log()
    got, free = int(m.group(1)), int(m.group(2))
    # less the program's 4 MiB of .bss, its code and malloc's headers
    assert free - 7 <= got <= free - 4, mon.vm.log()
    mon.one_line("run malloc", m.group(0)[:-1])   # the same again: nothing leaked
    mon.one_line("ver", b"BareMetal-C Monitor 1.0")


def test_history_and_line_editing(mon):
    mon.one_line("ver", b"BareMetal-C Monitor 1.0")
    mon.one_line("peek 5012 2", b"0002")
    # Up (a terminal's ESC [ A) recalls the last line, Up Up the one before; Down goes back
    start = len(mon.vm.serial)
    mon.vm.send_serial(b"\x1b[A\r")
    assert mon.wait_prompt(start).endswith(b"peek 5012 2\n0002\n"), mon.vm.log()
    start = len(mon.vm.serial)
    mon.vm.send_serial(b"\x1b[A\x1b[A\r")
    assert mon.wait_prompt(start).endswith(b"ver\nBareMetal-C Monitor 1.0\n"), mon.vm.log()
    start = len(mon.vm.serial)                      # history: ver, peek, ver
    mon.vm.send_serial(b"\x1b[A\x1b[A\x1b[A\x1bOB\r")  # ESC O B: Down in application mode
    assert mon.wait_prompt(start).endswith(b"peek 5012 2\n0002\n"), mon.vm.log()
    start = len(mon.vm.serial)
    mon.vm.send_serial(b"\x1b[A\x1b[B\r")            # back to an empty line
    assert mon.wait_prompt(start) == b"peek 5012 2" + b"\b \b" * 11 + b"\n", mon.vm.log()
    # Backspace: DEL (0x7F, the kernel's 0x0E) and BS (0x08) erase
    start = len(mon.vm.serial)
    mon.vm.send_serial(b"verx\x7f\r")
    assert mon.wait_prompt(start) == b"verx\b \b\nBareMetal-C Monitor 1.0\n", mon.vm.log()
    start = len(mon.vm.serial)
    mon.vm.send_serial(b"vex\x08r\r")
    assert mon.wait_prompt(start) == b"vex\b \br\nBareMetal-C Monitor 1.0\n", mon.vm.log()
    # CR LF is one Enter; a lone LF is one too
    start = len(mon.vm.serial)
    mon.vm.send_serial(b"ver\r\nver\n")
    assert mon.wait_prompt(start, prompts=2) == b"ver\nBareMetal-C Monitor 1.0\n> " \
        b"ver\nBareMetal-C Monitor 1.0\n", mon.vm.log()
    # the PS/2 keyboard: Up is B_KEY_UP (0x80), Enter 0x1C
    q = mon.vm.qmp()
    start = len(mon.vm.serial)
    for key in ("up", "ret"):
        q.cmd("send-key", keys=[{"type": "qcode", "data": key}])
    assert mon.wait_prompt(start).endswith(b"ver\nBareMetal-C Monitor 1.0\n"), mon.vm.log()


def test_history_keeps_16_lines(mon):
    for i in range(17):
        mon.one_line(f"load {100 + i}", b"load: no file %d" % (100 + i))
    start = len(mon.vm.serial)
    mon.vm.send_serial(b"\x1b[A" * 16 + b"\r")
    assert mon.wait_prompt(start).endswith(b"load 101\nload: no file 101\n"), mon.vm.log()
    start = len(mon.vm.serial)
    mon.vm.send_serial(b"\x1b[A" * 20 + b"\r")     # no further back than 16
    assert mon.wait_prompt(start).endswith(b"load 102\nload: no file 102\n"), mon.vm.log()


def test_cls(mon):
    """The terminal's clear-screen sequence on COM1, then the prompt at the top, as
    BareMetal's cls shows it (no new line)."""
    start = len(mon.vm.serial)
    mon.vm.send_serial(b"cls\r")
    mon.vm.wait_for(rb"cls\r\n\x1b\[2J\x1b\[H> $", 30)
    assert mon.vm.serial[start:] == b"cls\r\n\x1b[2J\x1b[H> ", mon.vm.log()
    mon.one_line("ver", b"BareMetal-C Monitor 1.0")


def test_init_app_runs_at_start(qemu, monitor_image, tmp_path):
    disk = make_disk(tmp_path / "bmfs.img", [("readme.txt", os.path.join(BUILD, "hello.app")),
                                             ("init.app", os.path.join(BUILD, "hello.app"))])
    mon, banner = boot(qemu, monitor_image, disk)
    assert re.search(rb"\[net: N/A\]\n\n" + re.escape(HELLO) + rb"\n$", banner), mon.vm.log()
    mon.one_line("ver", b"BareMetal-C Monitor 1.0")


def test_shutdown_exits_qemu(mon):
    mon.vm.send_serial(b"shutdown\r")
    assert mon.vm.wait_exit(60) == 0, mon.vm.log()
    assert b"did not power off" not in mon.vm.serial


def test_reboot_restarts(qemu, monitor_image, files, tmp_path):
    mon, _ = boot(qemu, monitor_image, make_disk(tmp_path / "bmfs.img", files), no_reboot=False)
    start = len(mon.vm.serial)
    mon.vm.send_serial(b"reboot\r")
    mon.vm.wait_for(rb"reboot\r\n[\s\S]*BareMetal-C loader[\s\S]*BareMetal-C Monitor 1\.0", 120)
    mon.wait_prompt(start, 120)
    mon.one_line("ver", b"BareMetal-C Monitor 1.0")


VGA_TEXT, VGA_COLS, VGA_ROWS = 0xB8000, 80, 25


def screen_rows(q, path):
    """The VGA text screen's rows (BIOS boot: the console's VGA output), read by QEMU."""
    q.cmd("pmemsave", val=VGA_TEXT, size=VGA_COLS * VGA_ROWS * 2, filename=str(path))
    cells = path.read_bytes()[::2]
    return [cells[r * VGA_COLS:(r + 1) * VGA_COLS].decode("latin1").rstrip() for r in range(VGA_ROWS)]


def test_screen_shows_the_line_editing(mon, tmp_path):
    """The same editing on the screen: keys from COM1 and from the PS/2 keyboard, the
    erased character gone from the VGA text screen; cls leaves only the prompt."""
    q = mon.vm.qmp()
    start = len(mon.vm.serial)
    mon.vm.send_serial(b"verx\x7f\r")
    mon.wait_prompt(start)
    start = len(mon.vm.serial)
    keys = ["p", "e", "x", "backspace", "e", "k", "spc", "5", "0", "1", "2", "spc", "2", "ret"]
    for key in keys:
        q.cmd("send-key", keys=[{"type": "qcode", "data": key}])
    assert mon.wait_prompt(start) == b"pex\b \bek 5012 2\n0002\n", mon.vm.log()
    rows = [r for r in screen_rows(q, tmp_path / "vga1.bin") if r]
    assert rows[-5:] == ["> ver", "BareMetal-C Monitor 1.0", "> peek 5012 2", "0002", ">"], rows
    start = len(mon.vm.serial)
    mon.vm.send_serial(b"cls\r")
    mon.vm.wait_for(rb"cls\r\n\x1b\[2J\x1b\[H> $", 30)
    assert screen_rows(q, tmp_path / "vga2.bin") == [""] * (VGA_ROWS - 1) + [">"]


def test_uefi_framebuffer(qemu, monitor_image, files, tmp_path):
    """Booted by OVMF: the framebuffer console, the same commands."""
    mon, banner = boot(qemu, monitor_image, make_disk(tmp_path / "bmfs.img", files), firmware="uefi")
    assert b"boot=uefi" in banner, mon.vm.log()
    mon.one_line("run hello", HELLO)
    info = mon.cmd("sysinfo").decode()
    assert re.search(r"^screen: framebuffer \d+x\d+, 32 bpp at [0-9A-F]{16}$", info, re.M), mon.vm.log()
    assert re.search(r"^consoles: serial framebuffer$", info, re.M), mon.vm.log()
    mon.one_line("ver", b"BareMetal-C Monitor 1.0")


def test_long_output_stops_on_a_key(mon, files):
    """dump and cat stop at a key, so a mistyped count does not hold the Monitor."""
    start = len(mon.vm.serial)
    mon.vm.send_serial(b"dump ffff800000000000 100000\r")      # 1 MiB: 65536 lines
    mon.vm.wait_for(rb"\nFFFF800000000100: ", 60)
    mon.vm.send_serial(b"q")
    out = mon.wait_prompt(start)
    assert out.endswith(b"\ndump: stopped by a key\n"), mon.vm.log()
    assert 16 < out.count(b"\n") < 65536, mon.vm.log()
    mon.one_line("ver", b"BareMetal-C Monitor 1.0")
    start = len(mon.vm.serial)                                 # Ctrl+C stops it too
    mon.vm.send_serial(b"dump ffff800000000000 100000\r")
    mon.vm.wait_for(rb"\nFFFF800000000100: ", 60)
    mon.vm.send_serial(b"\x03")
    assert mon.wait_prompt(start).endswith(b"\ndump: stopped by a key\n"), mon.vm.log()
    mon.one_line("ver", b"BareMetal-C Monitor 1.0")


def test_crlf_and_typing_ahead_during_output(mon):
    """The LF of a CR LF line ending is not a key: dump and cat print everything; a line
    typed while a dump runs is kept and runs intact after it."""
    dump = mon.cmd("dump 100000 400")                           # 64 lines
    assert dump.count(b"\n") == 64 and b"stopped" not in dump, mon.vm.log()
    start = len(mon.vm.serial)
    mon.vm.send_serial(b"dump 100000 400\r\n")
    assert mon.wait_prompt(start) == b"dump 100000 400\n" + dump, mon.vm.log()
    start = len(mon.vm.serial)
    mon.vm.send_serial(b"cat readme.txt\r\n")
    assert mon.wait_prompt(start) == b"cat readme.txt\n" + TEXT + b"\n", mon.vm.log()
    for ending in (b"\r", b"\r\n"):
        start = len(mon.vm.serial)
        mon.vm.send_serial(b"dump 100000 400" + ending + b"ver" + ending)
        assert mon.wait_prompt(start, prompts=2) == b"dump 100000 400\n" + dump + \
            b"> ver\nBareMetal-C Monitor 1.0\n", mon.vm.log()
    mon.one_line("peek 5012 2", b"0002")


DIR_OFF = 4096


def test_deleted_file_and_damaged_directory(qemu, monitor_image, tmp_path):
    """A file's number is its record slot + 1, as in BareMetal: a deleted record leaves
    a gap in dir's numbers, and load N of it is no file; a directory with overlapping
    records is reported, not read."""
    hello = os.path.join(BUILD, "hello.app")
    (tmp_path / "t.txt").write_bytes(TEXT)
    disk = make_disk(tmp_path / "bmfs.img", [("one.app", hello), ("two.txt", hello),
                                              ("three.txt", tmp_path / "t.txt"), ("four.app", hello)])
    bmfs(disk, "delete", "two.txt")
    with open(disk, "r+b") as f:          # a name with control bytes: shown with '?'
        f.seek(DIR_OFF + 3 * 64)
        f.write(b"\x1b[2Jf\x07\x7f.app\0")
    mon, _ = boot(qemu, monitor_image, disk)
    size = os.path.getsize(hello)
    lines = mon.cmd("dir").decode().split("\n")[3:]
    assert lines == [f"1\tone.app\t{size}", f"3\tthree.txt\t{len(TEXT)}",
                     f"4\t?[2Jf??.app\t{size}", ""], mon.vm.log()
    assert mon.cmd("load 4").startswith(b"load: ?[2Jf??.app, program, %d bytes" % size), mon.vm.log()
    mon.one_line("exec", HELLO)
    assert mon.cmd("load 3").startswith(b"load: three.txt, flat binary, %d bytes" % len(TEXT))
    assert mon.cmd("cat 3") == TEXT + b"\n", mon.vm.log()
    mon.one_line("load 2", b"load: no file 2")
    mon.one_line("cat 2", b"cat: no file 2")
    mon.one_line("load 5", b"load: no file 5")
    mon.one_line("load 64", b"load: no file 64")
    mon.one_line("load 65", b"load: no file 65")
    mon.vm.kill()
    # record 2 (three.txt) moved onto record 0's blocks
    with open(disk, "r+b") as f:
        f.seek(DIR_OFF + 32)
        start0 = f.read(8)
        f.seek(DIR_OFF + 2 * 64 + 32)
        f.write(start0)
    mon, _ = boot(qemu, monitor_image, disk)
    for line in ("dir", "run one", "cat three.txt"):
        mon.one_line(line, line.split()[0].encode() + b": the disk's BMFS directory is damaged")
    mon.one_line("ver", b"BareMetal-C Monitor 1.0")
