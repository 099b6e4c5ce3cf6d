# SPDX-License-Identifier: BSD-2-Clause
"""Storage (issue 5): NVMe, AHCI, virtio-blk legacy and modern. The host writes a known
pattern into each disk image; the guest (tests/guest/storage) reads and writes through
b_nvs_read / b_nvs_write; after QEMU exits the host checks every image byte for byte:
the written ranges hold exactly the guest's pattern, everything else is unchanged."""
import re
import struct

import pytest

from qemu import EXIT_PASS, parse_tap

SECTOR = 4096
SECTORS = 16384                           # 64 MiB disks
HOST, GUEST = 0xB000000000000000, 0xC0DE000000000000
WRITES = [(10, 1), (20, 2), (40, 8), (100, 33), (1000, 256), (1300, 3), (1400, 2), (1500, 1)]
ERR_SECTOR = 5000                         # 4 KiB sector where blkdebug fails reads


def pattern(tag, first, count):
    out = bytearray()
    for s in range(first, first + count):
        out += struct.pack(f"<{SECTOR // 8}Q", *(tag | s << 16 | j for j in range(SECTOR // 8)))
    return bytes(out)


def make_disk(path):
    with open(path, "wb") as f:
        for s in range(0, SECTORS, 256):
            f.write(pattern(HOST, s, 256))
    return str(path)


def check_disk(path):
    """The guest's writes exactly, the host pattern everywhere else."""
    written = {s for first, n in WRITES for s in range(first, first + n)}
    with open(path, "rb") as f:
        data = f.read()
    assert len(data) == SECTORS * SECTOR
    bad = []
    for s in range(SECTORS):
        want = pattern(GUEST if s in written else HOST, s, 1)
        if data[s * SECTOR:(s + 1) * SECTOR] != want:
            bad.append(s)
    assert not bad, f"sectors differ from what they should hold: {bad[:20]}"


def drive_args(kind, disk, n=0, blkdebug=False):
    if blkdebug:
        # fail reads of one 512-byte sector inside 4 KiB sector ERR_SECTOR
        backing = (f'{{"driver":"raw","node-name":"d{n}","file":{{"driver":"blkdebug",'
                   f'"inject-error":[{{"event":"read_aio","sector":{ERR_SECTOR * 8 + 3},'
                   f'"errno":5}}],"image":{{"driver":"file","filename":"{disk}"}}}}}}')
        drive = ["-blockdev", backing]
    else:
        drive = ["-blockdev", f"driver=file,node-name=f{n},filename={disk}",
                 "-blockdev", f"driver=raw,node-name=d{n},file=f{n}"]
    dev = {
        "nvme": f"nvme,drive=d{n},serial=bmc{n}",
        "nvme-behind-bridge": f"pcie-root-port,id=rp{n},bus=pcie.0,chassis={n + 1},slot={n + 1}"
                              f" -device nvme,drive=d{n},serial=bmc{n},bus=rp{n}",
        "ahci": f"ide-hd,drive=d{n},bus=ide.{n},rerror=report,werror=report",
        "virtio-legacy": f"virtio-blk-pci,drive=d{n},disable-modern=on",
        "virtio-modern": f"virtio-blk-pci,drive=d{n},disable-legacy=on",
    }[kind]
    return drive + sum((["-device", part] for part in dev.split(" -device ")), [])


TYPES = {"nvme": "nvme", "nvme-behind-bridge": "nvme", "ahci": "ahci",
         "virtio-legacy": "virtio-blk", "virtio-modern": "virtio-blk"}


def run_guest(images, qemu, machine, extra):
    iso = images("tests/storage.app")["iso"]
    vm = qemu(None, machine=machine, smp=2, mem=256,
              extra=["-drive", f"if=none,id=cd,format=raw,media=cdrom,readonly=on,file={iso}",
                     "-device", "ide-cd,drive=cd,bus=ide.2" if machine == "q35" else
                     "ide-cd,drive=cd,bus=ide.1", "-boot", "d"] + extra)
    vm.wait_ready(timeout=120)
    status = vm.wait_exit(timeout=300)
    return vm, status


@pytest.mark.parametrize("kind", list(TYPES))
def test_drive(images, qemu, tmp_path, kind):
    disk = make_disk(tmp_path / "disk.img")
    vm, status = run_guest(images, qemu, "q35", drive_args(kind, disk))
    oks, bad, diag = parse_tap(vm.serial)
    log = vm.log()
    assert not bad and status == EXIT_PASS, f"{bad}\n{log}"
    assert diag["drives"] == 1, log
    line = re.search(rb"nvs0: (\S+) (\d+) sectors (.*)\r?\n", vm.serial)
    assert line and line.group(1).decode() == TYPES[kind] and int(line.group(2)) == SECTORS, log
    if kind.startswith("nvme"):
        assert b"QEMU NVMe Ctrl" in line.group(3), log
    if kind == "ahci":
        assert b"QEMU HARDDISK" in line.group(3), log
    assert re.search(rb"# errprobe drive=0 got=20 after=1 ok", vm.serial), log
    check_disk(disk)


@pytest.mark.parametrize("kind", list(TYPES))
def test_injected_read_error(images, qemu, tmp_path, kind):
    disk = make_disk(tmp_path / "disk.img")
    vm, status = run_guest(images, qemu, "q35", drive_args(kind, disk, blkdebug=True))
    log = vm.log()
    # The call across the bad sector stops there; the next call works.
    assert re.search(rb"# errprobe drive=0 got=10 after=1 ok", vm.serial), log
    assert b"CPU exception" not in vm.serial, log
    check_disk(disk)


def test_three_controllers(images, qemu, tmp_path):
    disks = [make_disk(tmp_path / f"disk{i}.img") for i in range(3)]
    extra = (drive_args("nvme", disks[0], 0) + drive_args("ahci", disks[1], 1) +
             drive_args("virtio-legacy", disks[2], 2))
    vm, status = run_guest(images, qemu, "q35", extra)
    oks, bad, diag = parse_tap(vm.serial)
    assert not bad and status == EXIT_PASS and diag["drives"] == 3, vm.log()
    types = re.findall(rb"nvs\d: (\S+) ", vm.serial)
    assert sorted(types) == [b"ahci", b"nvme", b"virtio-blk"], vm.log()
    for d in disks:
        check_disk(d)


@pytest.mark.parametrize("machine", ["pc", "q35"])
def test_no_disk(images, qemu, machine):
    vm, status = run_guest(images, qemu, machine, [])
    oks, bad, diag = parse_tap(vm.serial)
    assert status == EXIT_PASS and diag["drives"] == 0, vm.log()
    assert b"nvs: no drives" in vm.serial, vm.log()
