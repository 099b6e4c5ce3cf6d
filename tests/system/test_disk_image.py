# SPDX-License-Identifier: BSD-2-Clause
"""The disk image is a BMFS disk that boots (issue 13, README "The disk image"): block 0
holds the MBR, the BMFS marker and directory, the BIOS boot file and the ESP; the files
from block 1. The directory is parsed here from include/bmfs.h's layout, independently
of lib/bmfs.c, and checked against tools/bmfs; the images still boot both ways, also
after tools/bmfs wrote to them, and with a program too big for block 0 ("boot-area")."""
import hashlib
import os
import re
import struct
import subprocess

import pytest

from qemu import BUILD, READY_RE, make_images
from test_programs import run_big

BLOCK = 2 << 20
BMFS = os.path.join(BUILD, "bmfs")
HELLO_RE = rb"Hello from a BareMetal-C program!"


def directory(img):
    """(name, start_block, reserved_blocks, size) of every live record, in order."""
    with open(img, "rb") as f:
        f.seek(1024)
        marker = f.read(512)
        f.seek(4096)
        raw = f.read(4096)
    assert marker == b"BMFS" + bytes(508), marker[:16]
    out = []
    for i in range(64):
        rec = raw[64 * i:64 * i + 64]
        if rec[0] == 0:
            break
        if rec[0] == 1:
            continue
        name = rec[:32].split(b"\0")[0].decode()
        start, reserved, size, _ = struct.unpack("<4Q", rec[32:])
        out.append((name, start, reserved, size))
    return out


def file_bytes(img, entry):
    _, start, _, size = entry
    with open(img, "rb") as f:
        f.seek(start * BLOCK)
        return f.read(size)


def partitions(img):
    with open(img, "rb") as f:
        mbr = f.read(512)
    assert mbr[510:] == b"\x55\xaa"
    return [(mbr[446 + 16 * i + 4],) + struct.unpack("<II", mbr[446 + 16 * i + 8:446 + 16 * i + 16])
            for i in range(2)]


def bmfs(*args, check=True):
    return subprocess.run([BMFS, *map(str, args)], capture_output=True, check=check)


def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


@pytest.fixture(scope="module")
def demo_files():
    names = ["hello.app", "hello-cpp.app", "hello-rust.app", "sysinfo.app", "smptest.app",
             "raytrace.app"]
    return [os.path.join(BUILD, n) for n in names]


def test_layout_and_files(artifacts, tmp_path, demo_files):
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><body>BareMetal-C</body></html>\n")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    files = demo_files + [str(page), str(empty)]
    img = make_images(tmp_path / "img", "hello.app", files=files)["img"]
    size = os.path.getsize(img)
    assert size % BLOCK == 0 and size >= 64 << 20, size
    # ESP (0xEF) at 1 MiB, 1 MiB long; the boot file (0xDA) at LBA 16: both in block 0
    (esp_type, esp_lba, esp_len), (boot_type, boot_lba, boot_len) = partitions(img)
    assert (esp_type, esp_lba, esp_len) == (0xEF, 2048, 2048)
    assert boot_type == 0xDA and boot_lba == 16 and 16 + boot_len <= 2048
    d = directory(img)
    assert [e[0] for e in d] == [os.path.basename(f) for f in files], d
    # first fit from block 1, contiguous, each the blocks its size needs (at least one)
    block = 1
    for (name, start, reserved, fsize), path in zip(d, files):
        assert start == block and reserved == max(1, -(-fsize // BLOCK)), (name, d)
        assert file_bytes(img, (name, start, reserved, fsize)) == open(path, "rb").read(), name
        block += reserved
    assert block <= size // BLOCK - 1 - 8    # spare blocks before the reserved last one
    # tools/bmfs reads the same files
    listing = bmfs(img, "list").stdout.decode()
    for name, _, _, fsize in d:
        assert name in listing and str(fsize) in listing, listing
    out = tmp_path / "back.app"
    bmfs(img, "read", "raytrace.app", out)
    assert sha(out) == sha(os.path.join(BUILD, "raytrace.app"))


def test_mkimage_refusals(artifacts, tmp_path):
    long_name = tmp_path / ("n" * 32)
    long_name.write_bytes(b"x")
    twice = tmp_path / "sub"
    twice.mkdir()
    (twice / "hello.app").write_bytes(b"x")
    for files, why in (([str(long_name)], b"a BMFS name is 1 to 31 bytes"),
                       ([str(tmp_path / "missing")], b"No such file"),
                       ([os.path.join(BUILD, "hello.app"), str(twice / "hello.app")],
                        b"two files named hello.app")):
        with pytest.raises(subprocess.CalledProcessError):
            make_images(tmp_path / "r", files=files)
        r = subprocess.run([os.path.join(BUILD, "mkimage"), "disk", "-o", str(tmp_path / "x.img"),
                            "-m", os.path.join(BUILD, "boot", "mbr.bin"),
                            "-b", os.path.join(BUILD, "bios.bin"),
                            "-e", os.path.join(BUILD, "esp.img")]
                           + [a for f in files for a in ("-f", f)], capture_output=True)
        assert r.returncode == 1 and why in r.stderr, r.stderr
        assert not os.path.exists(tmp_path / "x.img")


@pytest.mark.parametrize("firmware", ["bios", "uefi"])
def test_boots_after_the_tool_wrote(artifacts, qemu, tmp_path, firmware, demo_files):
    """The image boots with its files, and again after tools/bmfs deleted and wrote
    files: the tool never touches block 0's boot pieces."""
    img = make_images(tmp_path / "img", "hello.app", files=demo_files)["img"]
    with open(img, "rb") as f:
        block0 = f.read(BLOCK)
    blob = tmp_path / "blob.bin"
    blob.write_bytes(os.urandom(5 << 20))
    bmfs(img, "delete", "smptest.app")
    bmfs(img, "write", blob)
    with open(img, "rb") as f:
        after = f.read(BLOCK)
    # only the directory changed in block 0
    assert after[:4096] == block0[:4096] and after[8192:] == block0[8192:]
    names = [e[0] for e in directory(img)]
    assert "smptest.app" not in names and "blob.bin" in names, names
    vm = qemu(img, firmware=firmware, smp=2)
    vm.wait_for(READY_RE, 120)
    vm.wait_for(HELLO_RE, 60)


@pytest.mark.parametrize("firmware", ["bios", "uefi"])
def test_big_program_boot_area(artifacts, qemu, tmp_path, firmware):
    """A program too big for block 0: the ESP after the boot file, and a BMFS file
    "boot-area" at block 1 owning what they spill into; files after it; the tool's
    writes land after it and the image still boots."""
    hello = os.path.join(BUILD, "hello.app")
    img = make_images(tmp_path / "big", "tests/big-32.app", files=[hello])["img"]
    (esp_type, esp_lba, esp_len), (_, boot_lba, boot_len) = partitions(img)
    assert esp_type == 0xEF and esp_lba % 2048 == 0 and esp_lba >= boot_lba + boot_len
    d = directory(img)
    area, first = d[0], d[1]
    end = (esp_lba + esp_len) * 512
    assert area[:2] == ("boot-area", 1) and area[3] == end - BLOCK, d
    assert (1 + area[2]) * BLOCK >= end, d
    assert first[0] == "hello.app" and first[1] == 1 + area[2], d
    assert file_bytes(img, first) == open(hello, "rb").read()
    blob = tmp_path / "later.bin"
    blob.write_bytes(os.urandom(3 << 20))
    bmfs(img, "write", blob)
    later = [e for e in directory(img) if e[0] == "later.bin"][0]
    assert later[1] >= first[1] + first[2], directory(img)
    run_big(qemu, img, firmware, 32)


def monitor_command(vm, cmd, timeout=60):
    """Types cmd and Enter on COM1; returns what the Monitor printed up to its next prompt."""
    start = len(vm.serial)
    vm.send_serial(cmd.encode() + b"\r")
    vm.wait_for(re.compile(re.escape(cmd.encode()) + rb"\r?\n[\s\S]*?\n> $"), timeout)
    return vm.serial[start:].decode("utf-8", "replace")


@pytest.mark.parametrize("firmware", ["bios", "uefi"])
def test_make_run_lands_at_the_monitor(artifacts, qemu, firmware, demo_files):
    """build/baremetal.img as make builds it (what make run boots): the Monitor's prompt,
    dir lists the demos on the boot disk with their sizes, and they run from it."""
    vm = qemu(os.path.join(BUILD, "baremetal.img"), firmware=firmware, smp=2, serial_input=True)
    vm.wait_for(READY_RE, 120)
    vm.wait_for(rb"\n> $", 60)
    listing = monitor_command(vm, "dir")
    for path in demo_files:
        name = os.path.basename(path)
        assert re.search(rf"\b{re.escape(name)}\s+{os.path.getsize(path)}\b", listing), \
            f"{name}\n{vm.log()}"
    assert HELLO_RE.decode() in monitor_command(vm, "run hello"), vm.log()
    out = monitor_command(vm, "run hello-rust.app")
    assert "Hello from a BareMetal-C Rust program!" in out, vm.log()


def test_mkimage_needs_only_what_the_files_hold(artifacts, tmp_path):
    """mkimage allocates each piece's size, not its limit (up to 8 GiB): a disk with the
    demos builds in 1 GiB of address space, and a directory given as a file is refused."""
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    base = [os.path.join(BUILD, "mkimage"), "disk", "-o", str(tmp_path / "x.img"),
            "-m", os.path.join(BUILD, "boot", "mbr.bin"), "-b", os.path.join(BUILD, "bios.bin"),
            "-e", os.path.join(BUILD, "esp.img")]
    r = subprocess.run(base + ["-f", os.path.join(BUILD, "raytrace.app")], capture_output=True,
                       preexec_fn=limit)
    assert r.returncode == 0, r.stderr
    assert [e[0] for e in directory(tmp_path / "x.img")] == ["raytrace.app"]
    r = subprocess.run(base + ["-f", str(tmp_path)], capture_output=True)
    assert r.returncode == 1 and b"not a regular file" in r.stderr, r.stderr


def test_baremetal_os_disk(artifacts, qemu, tmp_path):
    """BareMetal-OS's disk (its baremetal.sh: a 128 MiB FAT32 image, then bmfs.img made
    by its bmfs tool): the Monitor, booted from the CD, finds the BMFS area 128 MiB in
    and runs a program from it."""
    imgs = make_images(tmp_path / "img", "monitor.app")
    area = tmp_path / "bmfs.img"
    bmfs(area, "format", "16M")
    bmfs(area, "write", os.path.join(BUILD, "hello.app"))
    disk = tmp_path / "baremetal_os.img"
    with open(disk, "wb") as f:
        f.truncate(128 << 20)
        f.seek(128 << 20)
        f.write(area.read_bytes())
    vm = qemu(None, smp=1, serial_input=True,
              extra=["-cdrom", imgs["iso"], "-drive", f"format=raw,file={disk},if=none,id=os",
                     "-device", "nvme,serial=bmos,drive=os"])
    vm.wait_for(READY_RE, 120)
    vm.wait_for(rb"\n> $", 60)
    listing = monitor_command(vm, "dir")
    assert re.search(rf"hello\.app\s+{os.path.getsize(os.path.join(BUILD, 'hello.app'))}", listing), vm.log()
    assert HELLO_RE.decode() in monitor_command(vm, "run hello"), vm.log()
