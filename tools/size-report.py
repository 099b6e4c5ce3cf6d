#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""size-report.py KERNEL.ELF KERNEL.SYS - bytes of the unpacked kernel image by part (make size).

Every sized symbol of the image (text, rodata, data; not .bss) is given to a part by its
source file (nm -l, from the debug information) or, for those without one, by its name;
what no sized symbol covers (assembly labels, alignment) is counted apart. The parts are
the rows of PARTS, first match wins."""
import os
import re
import subprocess
import sys

PARTS = [
    ("API (ABI shims, table, b_system, callbacks)", r"^api/|^kernel/(api|system|abi)\b", r"^b_|^api_"),
    ("init and handoff", r"kernel/(main|handoff|driver_init)\b|drivers/init\b", r"^kernel_main"),
    ("interrupts (IDT, APIC, I/O APIC)", r"kernel/(idt|irq|apic|ioapic)\b", r"^(isr|irq|idt|lapic|ioapic|mnemonics|gpr_names)"),
    ("SMP, scheduler, work queue", r"kernel/(smp|sched|wq|task|cpu|percpu)\b", r"^(smp_|sched_|wq_|task_|ncpus|online)"),
    ("memory (paging, allocator, pointer checks)", r"kernel/(vm|kmem|mem\w*)\b", r"^(vm_|kmem_|mem_)"),
    ("time", r"kernel/time\b|common/timer\b", r"^(time_|delay_|tsc_|hpet_)"),
    ("ACPI and power", r"kernel/(power|acpi\w*)\b|common/acpi\b", r"^(acpi|power)"),
    ("formatter and strings", r"common/(fmt|string)\b", r"^(kprintf|fmt_|mem|str)"),
    ("serial (16550)", r"common/uart16550\b|serial", r"^(serial|uart)"),
    ("PCI", r"common/pci\b|drivers/bus/", r"^pci"),
    ("virtio core", r"drivers/virtio\.c|drivers/virtq\.c|drivers/virtio/(pci|virtq)\b", r"^(virtio_|virtq_)"),
    ("storage class and NVMe", r"drivers/nvs/(nvs|nvme\w*)\b", r"^(nvs_|nvme)"),
    ("AHCI", r"drivers/nvs/ahci\b", r"^ahci"),
    ("virtio-blk", r"virtio_blk|drivers/virtio/blk\b", r"^vblk"),
    ("network class", r"drivers/net/net\b", r"^net_"),
    ("virtio-net", r"virtio_net|drivers/virtio/net\b", r"^vnet"),
    ("e1000 / e1000e (with the Intel ring)", r"drivers/net/(e1000|intel_ring)\w*\b", r"^(e1000|intel_)"),
    ("ixgbe", r"drivers/net/ixgbe\w*\b", r"^ixgbe"),
    ("USB: xHCI, enumeration, hubs", r"drivers/usb/", r"^(xhci|usb|hub|speeds)"),
    ("HID: keyboards, PS/2, keymap", r"drivers/hid/", r"^(hid|ps2|keymap|kbd|set1|usb_to_set1)"),
    ("console font", r"console_font", r"font"),
    ("console (text grid, VGA, framebuffer)", r"drivers/console/", r"^(console|vga|lfb|textgrid|grid)"),
    ("driver helpers", r"drivers/(poll|util)\b", r"^poll_"),
]


def part_of(path, name):
    for label, path_re, name_re in PARTS:
        if path and re.search(path_re, path):
            return label
    for label, path_re, name_re in PARTS:
        if not path and re.search(name_re, name):
            return label
    return "other"


def main():
    elf, packed = sys.argv[1], sys.argv[2]
    out = subprocess.run(["nm", "-S", "-l", elf], check=True, capture_output=True, text=True).stdout
    syms = {}
    end = None
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 3 and f[2] == "__kernel_file_end":
            end = int(f[0], 16)
        if len(f) < 4 or f[2].lower() not in "tdr" or len(f[2]) != 1:
            continue
        addr, size, name = int(f[0], 16), int(f[1], 16), f[3]
        path = os.path.relpath(f[4].rsplit(":", 1)[0]) if len(f) > 4 else ""
        syms[addr] = (size, name, path)   # one entry per address (aliases once)
    image = end - 0x100000
    parts = {}
    covered = 0
    for addr, (size, name, path) in syms.items():
        if addr >= end:
            continue
        p = part_of(path, name)
        parts[p] = parts.get(p, 0) + size
        covered += size
    parts["assembly, headers and alignment"] = image - covered
    with open(packed, "rb") as f:
        packed_size = len(f.read())
    print(f"{'part':<48} {'bytes':>7}")
    for label, size in sorted(parts.items(), key=lambda kv: -kv[1]):
        print(f"{label:<48} {size:>7}")
    print(f"{'kernel image (kernel.bin, unpacked)':<48} {image:>7}")
    print(f"{'kernel.sys (packed, with the stub)':<48} {packed_size:>7}")


if __name__ == "__main__":
    main()
