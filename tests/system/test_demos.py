# SPDX-License-Identifier: BSD-2-Clause
"""The demos in apps/ (README "Demos"): sysinfo reports the cores, RAM, drives and NIC
QEMU was given; smptest hears from every core; raytrace's image is the same on 1 and 4
cores, its serial PPM well-formed and of the checksum it printed, and on a framebuffer
the screen shows that image."""
import os
import re
import time

import pytest

from qemu import BUILD, BootError

DEMOS = ("sysinfo.app", "smptest.app", "raytrace.app")
NIC_MAC = "52:54:00:ab:cd:ef"
NVME_MIB = 8
FNV_OFFSET, FNV_PRIME = 0xcbf29ce484222325, 0x100000001b3


@pytest.fixture(scope="module")
def demos(artifacts):
    missing = [d for d in DEMOS if not os.path.exists(os.path.join(BUILD, d))]
    if missing:
        pytest.fail(f"build first (make all): missing {missing}")


def fnv1a64(data):
    h = FNV_OFFSET
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & 0xFFFFFFFFFFFFFFFF
    return h


def text(vm):
    return vm.serial.decode("utf-8", "replace").replace("\r\n", "\n")


def test_sysinfo_reports_the_machine(demos, images, qemu, tmp_path):
    imgs = images("sysinfo.app")
    disk = tmp_path / "nvme.img"
    with open(disk, "wb") as f:
        f.truncate(NVME_MIB << 20)
    vm = qemu(imgs["img"], machine="q35", smp=2, mem=256,
              extra=["-drive", f"if=none,id=d1,format=raw,file={disk}",
                     "-device", "nvme,drive=d1,serial=bmcsysinfo",
                     "-device", f"e1000,romfile=,mac={NIC_MAC}"])
    ready = vm.wait_ready(timeout=120)
    vm.wait_for(rb"sysinfo: done\r?\n", 60)
    out, log = text(vm), vm.log()

    m = re.search(r"^cores: (\d+) running \(SMP_NUMCORES\), (\d+) started", out, re.M)
    assert m and int(m.group(1)) == ready["cores"] == 2 and int(m.group(2)) == 2, log
    ids = re.search(r"^cores: APIC IDs ([\d ]+)$", out, re.M).group(1).split()
    assert len(set(ids)) == 2, log

    m = re.search(r"^ram: (\d+) MiB installed, (\d+) MiB usable \(RAMAMOUNT\), (\d+) MiB free", out, re.M)
    installed, usable, free = (int(v) for v in m.groups())
    assert installed == ready["ram"] == 256 and 0 < free <= usable <= installed, log

    drives = {(t, int(n)): model for t, model, n in
              re.findall(r'^drive \d+: (\S+) "(.*)" (\d+) sectors of 4096 bytes', out, re.M)}
    boot_sectors = os.path.getsize(imgs["img"]) // 4096
    assert set(drives) == {("nvme", NVME_MIB << 8), ("ahci", boot_sectors)}, log
    assert drives[("nvme", NVME_MIB << 8)].startswith("QEMU NVMe"), log

    assert re.findall(r"^nic (\d+): MAC (\S+)$", out, re.M) == [("0", NIC_MAC)], log
    assert "screen: no framebuffer" in out, log

    # the loader's time from T0/T1 and the MHz at 0x5010, as the kernel's boot report
    kernel = int(re.search(r"boot times: loader=(\d+)us", out).group(1))
    m = re.search(r"^boot: by BIOS, loader (\d+) us", out, re.M)
    assert m and int(m.group(1)) == kernel > 0, log
    assert int(re.search(r"^cpu: TSC (\d+) MHz", out, re.M).group(1)) > 0, log


def test_smptest_hears_from_every_core(demos, image, qemu):
    vm = qemu(image("smptest.app"), machine="q35", smp=4, mem=256)
    vm.wait_for(rb"smptest: (PASS|FAIL)", 120)
    out, log = text(vm), vm.log()
    ids = re.findall(r"^smptest: APIC ID (\d+) (running report\(\) by SMP_SET|the program's core)",
                     out, re.M)
    assert len(ids) == 4 and len({i for i, _ in ids}) == 4, log
    assert [how for _, how in ids].count("the program's core") == 1, log
    assert re.search(r"^smptest: 4 of 4 cores reported", out, re.M), log
    assert "smptest: PASS" in out, log


RT_TIME = re.compile(r"^raytrace: (\d+) cores? \((rows on the BSP|b_parallel_for)\): (\d+) us, "
                     r"checksum fnv1a64=([0-9a-f]{16})$", re.M)


def raytrace_result(vm):
    """{size, times, checksum, rows by APIC ID} from raytrace's report, checked."""
    out, log = text(vm), vm.log()
    w, h = (int(v) for v in re.search(r"^raytrace: (\d+)x(\d+),", out, re.M).groups())
    runs = RT_TIME.findall(out)
    assert [r[1] for r in runs] == ["rows on the BSP", "b_parallel_for"], log
    assert runs[0][3] == runs[1][3], log
    assert re.search(r"^raytrace: speedup \d+\.\d\d; images identical$", out, re.M), log
    rows = dict(re.findall(r"(\d+)=(\d+)", re.search(r"^raytrace: rows by APIC ID:(.*)$",
                                                      out, re.M).group(1)))
    assert sum(int(n) for n in rows.values()) == h and len(rows) <= int(runs[1][0]), log
    return {"w": w, "h": h, "cores": int(runs[1][0]), "sum": int(runs[0][3], 16),
            "us": (int(runs[0][2]), int(runs[1][2]))}


def serial_ppm(vm, w, h):
    """The P3 image between raytrace's PPM lines, checked against ppm(5)."""
    out, log = text(vm), vm.log()
    m = re.search(r"^raytrace: PPM begin\n(.*?)^raytrace: PPM end$", out, re.M | re.S)
    assert m, log
    assert max(len(line) for line in m.group(1).split("\n")) <= 70, "ppm(5): lines of at most 70"
    tokens = m.group(1).split()
    assert tokens[:4] == ["P3", str(w), str(h), "255"], log
    values = [int(t) for t in tokens[4:]]
    assert len(values) == w * h * 3 and all(0 <= v <= 255 for v in values), log
    return bytes(values)


def test_raytrace_same_image_on_1_and_4_cores(demos, image, qemu):
    img = image("raytrace.app")
    vms = {n: qemu(img, machine="q35", smp=n, mem=256) for n in (1, 4)}
    results = {}
    for n, vm in vms.items():
        vm.wait_for(rb"raytrace: done\r?\n", 300)
        r = raytrace_result(vm)
        assert r["cores"] == n, vm.log()
        assert fnv1a64(serial_ppm(vm, r["w"], r["h"])) == r["sum"], vm.log()
        results[n] = r
    assert results[1]["sum"] == results[4]["sum"], vms[4].log()


def test_raytrace_on_the_framebuffer(demos, images, qemu, tmp_path):
    from test_screen import read_ppm
    vm = qemu(images("raytrace.app", vbe=True)["img"], machine="q35", smp=2, mem=256, qmp=True)
    vm.wait_for(rb"raytrace: done\r?\n", 300)
    r = raytrace_result(vm)
    out, log = text(vm), vm.log()
    m = re.search(r"^raytrace: image on the framebuffer \((\d+)x(\d+), scaled (\d+)x at (\d+),(\d+)\)",
                  out, re.M)
    assert m and "PPM begin" not in out, log
    sx, sy, scale, ox, oy = (int(v) for v in m.groups())
    assert scale == min(sx // r["w"], sy // r["h"]) and (ox, oy) == ((sx - r["w"] * scale) // 2,
                                                                    (sy - r["h"] * scale) // 2), log
    q = vm.qmp()
    try:
        deadline = time.monotonic() + 30
        for n in range(1000):
            path = str(tmp_path / f"screen{n}.ppm")
            q.cmd("screendump", filename=path)
            w, h, px = read_ppm(path)
            assert (w, h) == (sx, sy), log
            # every pixel of the image, at its scaled cell's top left and bottom right corners
            corners = [b"".join(px[((oy + y * scale + c) * w + ox + x * scale + c) * 3:][:3]
                                for y in range(r["h"]) for x in range(r["w"]))
                       for c in (0, scale - 1)]
            if all(fnv1a64(shown) == r["sum"] for shown in corners):
                break
            if time.monotonic() > deadline:
                raise BootError(f"the screen ({path}) does not show the image\n{log}")
    finally:
        q.close()
