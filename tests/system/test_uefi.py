# SPDX-License-Identifier: BSD-2-Clause
"""UEFI and the one-image-everywhere matrix (issue 3): the hybrid ISO as a CD, as a USB
stick and as a plain disk, the raw image on virtio-blk, NVMe and AHCI, each under
SeaBIOS and OVMF; large machines under OVMF; 64-bit BARs far above RAM on a CPU without
1 GiB pages; the framebuffer the loader reports against what QEMU shows; and a missing
or malformed payload file under UEFI."""
import os
import re
import subprocess

import pytest

from qemu import EXIT_PASS


DRIVE = "if=none,id=d0,format=raw,file={},snapshot=on"

# name: (machine, image kind, device arguments)
MEDIA = {
    "iso-cd": ("q35", "iso", ["-drive", "if=none,id=d0,format=raw,media=cdrom,file={},readonly=on",
                              "-device", "ide-cd,drive=d0,bus=ide.2,bootindex=1"]),
    "iso-cd-pc": ("pc", "iso", ["-drive", "if=none,id=d0,format=raw,media=cdrom,file={},readonly=on",
                                "-device", "ide-cd,drive=d0,bus=ide.1,bootindex=1"]),
    "iso-usb-stick": ("q35", "iso", ["-drive", DRIVE, "-device", "qemu-xhci,id=xhci",
                                     "-device", "usb-storage,bus=xhci.0,drive=d0,bootindex=1"]),
    "iso-disk": ("q35", "iso", ["-drive", DRIVE, "-device", "ide-hd,drive=d0,bus=ide.0,bootindex=1"]),
    "iso-disk-pc": ("pc", "iso", ["-drive", DRIVE, "-device", "ide-hd,drive=d0,bus=ide.0,bootindex=1"]),
    "img-virtio-blk": ("q35", "img", ["-drive", DRIVE, "-device", "virtio-blk-pci,drive=d0,bootindex=1"]),
    "img-virtio-blk-pc": ("pc", "img", ["-drive", DRIVE, "-device", "virtio-blk-pci,drive=d0,bootindex=1"]),
    "img-nvme": ("q35", "img", ["-drive", DRIVE, "-device", "nvme,drive=d0,serial=bmc1,bootindex=1"]),
    "img-ahci": ("q35", "img", ["-drive", DRIVE, "-device", "ide-hd,drive=d0,bus=ide.0,bootindex=1"]),
}
CASES = [(m, fw) for m in MEDIA for fw in ("bios", "uefi")]


@pytest.mark.parametrize("medium,firmware", CASES, ids=[f"{m}-{fw}" for m, fw in CASES])
def test_boot_matrix(images, qemu, medium, firmware):
    machine, kind, dev = MEDIA[medium]
    img = images("hello.app")[kind]
    vm = qemu(None, machine=machine, smp=2, mem=256, firmware=firmware,
              extra=[a.format(img) for a in dev])
    r = vm.wait_ready(timeout=180)
    assert (r["boot"], r["cores"], r["ram"]) == (firmware, 2, 256), vm.log()
    vm.wait_for(rb"Hello from a BareMetal-C program!", 60)


@pytest.mark.parametrize("machine", ["q35", "pc"])
def test_uefi_big_machine(images, qemu, machine):
    vm = qemu(images("tests/systest.app")["img"], machine=machine, smp=4, mem=5120,
              firmware="uefi")
    r = vm.wait_ready(timeout=180)
    assert (r["boot"], r["cores"], r["ram"]) == ("uefi", 4, 5120), vm.log()
    assert vm.wait_exit(timeout=120) == EXIT_PASS, vm.log()


def test_uefi_high_bars_mapped(images, qemu):
    """qemu64 has no 1 GiB pages and OVMF puts 64-bit BARs at 0xE000000000: the guest
    reads the first register of every memory BAR; an unmapped one would fault."""
    im = images("tests/mmio.app")
    extra = ["-cpu", "qemu64",
             "-drive", f"if=none,id=n0,format=raw,file={im['esp']},snapshot=on",
             "-device", "nvme,drive=n0,serial=bmc2",
             "-drive", f"if=none,id=v0,format=raw,file={im['esp']},snapshot=on",
             "-device", "virtio-blk-pci,drive=v0,disable-legacy=on",
             "-netdev", "user,id=net0,restrict=on",
             "-device", "virtio-net-pci,netdev=net0,disable-legacy=on,romfile=",
             "-device", "qemu-xhci"]
    vm = qemu(im["img"], machine="q35", smp=2, mem=256, firmware="uefi", extra=extra)
    vm.wait_ready(timeout=180)
    status = vm.wait_exit(timeout=120)
    log = vm.log()
    assert status == EXIT_PASS, log
    bars = re.findall(rb"# bar 0x0*([0-9a-f]+) id=0x0*([0-9a-f]+) n=(\d) base=0x([0-9a-f]+) "
                      rb"first=0x([0-9a-f]+)", vm.serial)
    by_id = {}
    for _, dev_id, _, base, first in bars:
        by_id.setdefault(int(dev_id, 16), []).append((int(base, 16), int(first, 16)))
    high = [b for v in by_id.values() for b, _ in v if b >= 1 << 32]
    assert len(high) >= 4, f"expected 64-bit BARs above 4 GiB\n{log}"
    # NVMe CAP (1b36:0010, BAR0 offset 0): MQES and the timeout are never zero.
    assert any(first not in (0, 0xFFFFFFFF) for _, first in by_id[0x00101B36]), log
    # xHCI (1b36:000d): CAPLENGTH 0x40 and HCIVERSION in the first dword.
    assert any(first & 0xFF == 0x40 for _, first in by_id[0x000D1B36]), log
    for dev_id in (0x10421AF4, 0x10411AF4):      # virtio-blk and virtio-net, modern
        assert any(b >= 1 << 32 for b, _ in by_id[dev_id]), log


def _vga_bar0(q):
    for bus in q.cmd("query-pci"):
        for dev in bus["devices"]:
            if dev["class_info"].get("class") == 0x300:
                return next(b for b in dev["regions"] if b["bar"] == 0)
    raise AssertionError("no VGA device")


def _screendump_size(q, path):
    q.cmd("screendump", filename=path)
    with open(path, "rb") as f:
        head = f.read(64)
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s", head)
    return int(m.group(1)), int(m.group(2))


@pytest.mark.parametrize("firmware", ["uefi", "bios-vbe"])
def test_framebuffer_matches_qemu(images, qemu, tmp_path, firmware):
    img = images(vbe=firmware == "bios-vbe")["img"]
    vm = qemu(img, machine="q35", smp=1, mem=256, firmware=firmware.split("-")[0], qmp=True,
              display=False)
    m = vm.wait_for(rb"video: lfb (\d+)x(\d+) (\d+)bpp pitch (\d+) at 0x([0-9a-f]+)\r?\n", 180)
    vm.wait_ready(timeout=60)
    x, y, bpp, pitch = (int(v) for v in m.groups()[:4])
    base = int(m.group(5), 16)
    q = vm.qmp()
    bar = _vga_bar0(q)
    log = vm.log()
    assert base == bar["address"], f"{base:#x} != VGA BAR0 {bar['address']:#x}\n{log}"
    assert pitch * y <= bar["size"], log
    assert bpp == 32 and pitch >= x * 4, log
    assert _screendump_size(q, str(tmp_path / "screen.ppm")) == (x, y), log
    if firmware == "uefi":
        assert (x, y) == (1920, 1080), "GOP: the largest mode up to 1920x1080\n" + log
    else:
        assert (x, y) == (1024, 768), log
    q.close()


def _esp_disk(images, tmp_path, mutate):
    im = images()
    esp = im["esp"]
    mutate(esp)
    return esp


def test_uefi_missing_payload_returns_to_firmware(images, qemu, tmp_path):
    def drop(esp):
        subprocess.run(["mdel", "-i", esp, "::/EFI/BOOT/BAREMETAL.SYS"], check=True)
    esp = _esp_disk(images, tmp_path, drop)
    vm = qemu(esp, machine="q35", smp=1, mem=128, firmware="uefi")
    vm.wait_for(rb"BareMetal-C: cannot read \\EFI\\BOOT\\BAREMETAL.SYS", 180)
    vm.wait_for(rb"Returning to the firmware", 30)
    # OVMF takes over again: it reports the failed boot option and goes on.
    vm.wait_for(rb"BdsDxe: (failed to start|loading)", 60)
    assert b"BareMetal-C loader (uefi)" not in vm.serial


@pytest.mark.parametrize("damage", ["truncated", "bad-magic"])
def test_uefi_malformed_payload_returns_to_firmware(images, qemu, tmp_path, damage):
    bad = tmp_path / "BAREMETAL.SYS"

    def corrupt(esp):
        good = tmp_path / "good.sys"
        subprocess.run(["mcopy", "-i", esp, "::/EFI/BOOT/BAREMETAL.SYS", str(good)], check=True)
        data = good.read_bytes()
        data = data[:40000] if damage == "truncated" else data[:4] + b"XXXX" + data[8:]
        bad.write_bytes(data)
        subprocess.run(["mcopy", "-o", "-i", esp, str(bad), "::/EFI/BOOT/BAREMETAL.SYS"], check=True)
    esp = _esp_disk(images, tmp_path, corrupt)
    vm = qemu(esp, machine="q35", smp=1, mem=128, firmware="uefi")
    vm.wait_for(rb"BareMetal-C: bad \\EFI\\BOOT\\BAREMETAL.SYS: ", 180)
    vm.wait_for(rb"Returning to the firmware", 30)
    vm.wait_for(rb"BdsDxe: (failed to start|loading)", 60)
    assert b"BareMetal-C loader (uefi)" not in vm.serial


def test_images_exist(artifacts):
    for name in ("BOOTX64.EFI", "baremetal.img", "baremetal.iso", "baremetal.vdi",
                 "baremetal.vmdk"):
        assert os.path.getsize(os.path.join(artifacts, name)) > 0, name
    out = subprocess.run(["qemu-img", "info", os.path.join(artifacts, "baremetal.vdi")],
                         capture_output=True, text=True, check=True).stdout
    assert "file format: vdi" in out
