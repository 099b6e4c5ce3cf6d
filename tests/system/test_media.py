# SPDX-License-Identifier: BSD-2-Clause
"""The MBR and loader from every disk a BIOS can boot: IDE, AHCI, virtio-blk, NVMe and a
USB stick (USB-HDD emulation on xHCI); and the MBR's messages when the disk is bad."""
import pytest

MEDIA = {
    "ide-pc": ("pc", ["-drive", "if=none,id=d0,format=raw,file={img},snapshot=on",
                      "-device", "ide-hd,drive=d0,bus=ide.0,bootindex=1"]),
    "ahci-q35": ("q35", ["-drive", "if=none,id=d0,format=raw,file={img},snapshot=on",
                         "-device", "ide-hd,drive=d0,bus=ide.0,bootindex=1"]),
    "virtio-blk": ("q35", ["-drive", "if=none,id=d0,format=raw,file={img},snapshot=on",
                           "-device", "virtio-blk-pci,drive=d0,bootindex=1"]),
    "nvme": ("q35", ["-drive", "if=none,id=d0,format=raw,file={img},snapshot=on",
                     "-device", "nvme,drive=d0,serial=bmc0001,bootindex=1"]),
    "usb-stick": ("q35", ["-drive", "if=none,id=d0,format=raw,file={img},snapshot=on",
                          "-device", "qemu-xhci,id=xhci",
                          "-device", "usb-storage,bus=xhci.0,drive=d0,bootindex=1"]),
}


@pytest.mark.parametrize("medium", MEDIA)
def test_boot_from(image, qemu, medium):
    machine, extra = MEDIA[medium]
    img = image("hello.app")
    vm = qemu(None, machine=machine, smp=2, mem=128,
              extra=[a.format(img=img) for a in extra])
    r = vm.wait_ready(timeout=90)
    assert r["cores"] == 2 and r["ram"] == 128, vm.log()
    vm.wait_for(rb"Hello from a BareMetal-C program!", 30)


def test_mbr_reports_read_error(image, qemu, tmp_path):
    img = image()
    with open(img, "r+b") as f:
        f.truncate(20 * 512 + 8192)   # the payload runs past the end of the disk
    vm = qemu(img, machine="pc", smp=1, mem=64)
    vm.wait_for(rb"boot: disk read error", 30)
    assert b"system ready" not in vm.serial


def test_mbr_reports_missing_loader(image, qemu):
    img = image()
    with open(img, "r+b") as f:
        f.seek(20 * 512 + 4)
        f.write(b"XXXX")             # break the loader's signature
    vm = qemu(img, machine="q35", smp=1, mem=64)
    vm.wait_for(rb"boot: no loader on disk", 30)
