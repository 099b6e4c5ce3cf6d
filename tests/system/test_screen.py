# SPDX-License-Identifier: BSD-2-Clause
"""The screen consoles (drivers/console/vga.c, lfb.c, textgrid.c), read back through QMP
screendump: every character cell is decoded by exact match against the build's font
(build/gen/console_font.bin) and the whole screen must equal what the kernel printed on
serial, replayed on a grid of the same size. VGA text mode under SeaBIOS (q35, pc), the
framebuffer under OVMF (GOP) and SeaBIOS (VBE), scrolling 100 lines on both kinds, and
a machine without any display (-vga none)."""
import os
import re
import time

import pytest

from qemu import BUILD, BootError, patched_app

FIRST = 0x20
VGA_COLS, VGA_ROWS, VGA_CELL_W = 80, 25, 9   # QEMU draws mode 3 as 720x400: 9x16 cells
GLYPH_H = 16
LFB_RE = re.compile(rb"video: lfb (\d+)x(\d+) (\d+)bpp")
BLACK = (0, 0, 0)


def load_font():
    path = os.path.join(BUILD, "gen", "console_font.bin")
    if not os.path.exists(path):
        pytest.fail(f"build first (make all): missing {path}")
    with open(path, "rb") as f:
        data = f.read()
    assert len(data) == 95 * GLYPH_H, "console_font.bin: 95 glyphs of 16 rows"
    glyphs = {}
    for i in range(95):
        glyphs.setdefault(data[i * GLYPH_H:(i + 1) * GLYPH_H], chr(FIRST + i))
    return glyphs


def read_ppm(path):
    """(width, height, pixel bytes RGB) of a binary PPM (P6, maxval 255)."""
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:            # magic, width, height, maxval; '#' comments allowed
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P6" and fields[3] == b"255", f"{path}: not an 8-bit P6 PPM"
    w, h = int(fields[1]), int(fields[2])
    pixels = data[pos + 1:pos + 1 + w * h * 3]
    assert len(pixels) == w * h * 3, f"{path}: truncated"
    return w, h, pixels


class Screen:
    """A screendump decoded into text: rows (strings), the cursor cell if one is drawn (an
    underline of fully lit rows over a glyph), and the foreground colours seen."""

    def __init__(self, path, cell_w, cols, rows, glyphs, size):
        self.path = path
        w, h, px = read_ppm(path)
        assert (w, h) == size, f"{path}: {w}x{h}, expected {size[0]}x{size[1]}"
        blank = bytes(cell_w * 3)
        self.fg, self.rows, self.cursor, self.bad = set(), [], None, []
        for cy in range(rows):
            line = []
            for cx in range(cols):
                bits, extra = [], 0
                for r in range(GLYPH_H):
                    o = ((cy * GLYPH_H + r) * w + cx * cell_w) * 3
                    v = 0
                    if px[o:o + cell_w * 3] == blank:
                        bits.append(0)
                        continue
                    for x in range(cell_w):
                        p = tuple(px[o + 3 * x:o + 3 * x + 3])
                        if p != BLACK:
                            self.fg.add(p)
                            if x < 8:
                                v |= 0x80 >> x
                            elif v != 0xFF:     # the 9th column: only a cursor row lights it
                                extra += 1
                    bits.append(v)
                line.append(self._decode(bytes(bits), extra, glyphs, cx, cy))
            self.rows.append("".join(line))

    def _decode(self, cell, extra, glyphs, cx, cy):
        if cell in glyphs and not extra:
            return glyphs[cell]
        if not extra:
            for g, ch in glyphs.items():
                if all(c == b or c == 0xFF for c, b in zip(cell, g)) and 0xFF in cell:
                    if self.cursor is None:
                        self.cursor = (cx, cy)
                        return ch
        self.bad.append((cx, cy, cell.hex()))
        return "\x7f"

    def text(self):
        return "\n".join(r.rstrip() for r in self.rows)


def replay(text, cols, rows):
    """The grid textgrid.c keeps after printing text: (rows as strings, cursor (x, y))."""
    grid = [[" "] * cols for _ in range(rows)]
    pos = 0
    for ch in text:
        o = ord(ch)
        col = pos % cols
        if ch == "\n":
            pos += cols - col
        elif ch == "\r":
            pos -= col
        elif o in (0x08, 0x0E):
            pos = max(pos - 1, 0)
            grid[pos // cols][pos % cols] = " "
        elif ch == "\t":
            pos += min(8 - col % 8, cols - col)
        else:
            grid[pos // cols][col] = ch if 0x20 <= o <= 0x7E else " "
            pos += 1
        if pos >= cols * rows:
            grid = grid[1:] + [[" "] * cols]
            pos -= cols
    return ["".join(r) for r in grid], (pos % cols, pos // cols)


def console_text(vm):
    """What the kernel sent to the console: the serial log from its first line on, without
    the '\\r' the serial driver adds."""
    log = vm.serial   # a snapshot, taken under the reader's lock
    start = log.find(b"BareMetal-C kernel")
    assert start >= 0, vm.log()
    return log[start:].replace(b"\r", b"").decode("latin-1")


def check_screen(vm, tmp_path, cell_w, cols, rows, glyphs, need_cursor, size=None, timeout=30):
    """Polls screendumps until the decoded screen equals the serial log replayed on a
    cols x rows grid (the screen is written just after the serial line); returns it.
    size: the screendump's (width, height), by default exactly the cells."""
    q = vm.qmp()
    deadline = time.monotonic() + timeout
    n = 0
    try:
        while True:
            n += 1
            path = str(tmp_path / f"screen{n}.ppm")
            q.cmd("screendump", filename=path)
            scr = Screen(path, cell_w, cols, rows, glyphs, size or (cols * cell_w, rows * GLYPH_H))
            want, cursor = replay(console_text(vm), cols, rows)
            ok = scr.rows == want and not scr.bad and len(scr.fg) == 1
            ok = ok and (scr.cursor == cursor if need_cursor else scr.cursor in (None, cursor))
            if ok:
                return scr
            if time.monotonic() > deadline:
                shown = "\n".join(f"{i:2} |{a}|" + ("" if a == b else f"   want |{b}|")
                                  for i, (a, b) in enumerate(zip(scr.rows, want)))
                raise BootError(f"screen {path} differs from the console log: cursor "
                                f"{scr.cursor} want {cursor}, colours {scr.fg}, "
                                f"undecodable cells {scr.bad[:5]}\n{shown}\n{vm.log()}")
            os.remove(path)
    finally:
        q.close()


def echo_app(tmp_path, mode):
    return patched_app(tmp_path, "echo", b"ECHO-MODE:X", mode)


@pytest.fixture(scope="module")
def glyphs(artifacts):
    return load_font()


def lfb_geometry(vm):
    """(cell width, cols, rows, need_cursor, screen size) of the framebuffer console."""
    m = vm.wait_for(LFB_RE, 30)
    x, y, bpp = (int(v) for v in m.groups())
    assert bpp == 32, vm.log()
    return 8, min(x // 8, 240), min(y // GLYPH_H, 67), True, (x, y)


VGA = (VGA_CELL_W, VGA_COLS, VGA_ROWS, False, (720, 400))


@pytest.mark.parametrize("machine", ["q35", "pc"])
def test_vga_text_shows_the_log(image, qemu, tmp_path, glyphs, machine):
    vm = qemu(image(), machine=machine, qmp=True)
    vm.wait_ready(timeout=120)
    scr = check_screen(vm, tmp_path, *VGA[:3], glyphs, *VGA[3:])
    assert scr.rows[0].startswith("BareMetal-C kernel "), scr.text()


def test_uefi_framebuffer_shows_the_log(image, qemu, tmp_path, glyphs):
    vm = qemu(image(), machine="q35", firmware="uefi", qmp=True)
    vm.wait_ready(timeout=180)
    g = lfb_geometry(vm)
    scr = check_screen(vm, tmp_path, *g[:3], glyphs, *g[3:])
    assert scr.rows[0].startswith("BareMetal-C kernel "), scr.text()


def test_bios_vbe_framebuffer_shows_the_log(images, qemu, tmp_path, glyphs):
    vm = qemu(images(vbe=True)["img"], machine="q35", qmp=True)
    r = vm.wait_ready(timeout=120)
    g = lfb_geometry(vm)
    assert (r["boot"], g[4]) == ("bios", (1024, 768)), vm.log()
    scr = check_screen(vm, tmp_path, *g[:3], glyphs, *g[3:])
    assert scr.rows[0].startswith("BareMetal-C kernel "), scr.text()


@pytest.mark.parametrize("firmware", ["bios", "uefi"])
def test_scrolling_keeps_the_last_lines(images, qemu, tmp_path, artifacts, glyphs, firmware):
    img = images(echo_app(tmp_path, "L"))["img"]
    vm = qemu(img, machine="q35", firmware=firmware, qmp=True)
    vm.wait_for(rb"echo: ready\r?\n", 180)
    g = VGA if firmware == "bios" else lfb_geometry(vm)
    scr = check_screen(vm, tmp_path, *g[:3], glyphs, *g[3:])
    rows = g[2]
    assert scr.rows[rows - 2].rstrip() == "echo: ready", scr.text()
    assert scr.rows[rows - 3].rstrip() == "scroll line 099", scr.text()
    assert scr.rows[rows - 1].strip() == "", scr.text()


@pytest.mark.parametrize("firmware", ["bios", "uefi"])
def test_typed_backspace_and_tab_on_screen(images, qemu, tmp_path, glyphs, firmware):
    """Keys typed into the PS/2 keyboard and echoed as bytes (echo mode R): Backspace
    (BareMetal's 0x0E) erases, Tab moves to the next multiple of 8, Enter starts a line."""
    vm = qemu(images(echo_app(tmp_path, "R"))["img"], machine="q35", firmware=firmware,
              qmp=True)
    vm.wait_for(rb"echo: ready\r?\n", 180)
    q = vm.qmp()
    for k in ["a", "b", "backspace", "c", "tab", "d", "ret", "x"]:
        q.cmd("send-key", keys=[{"type": "qcode", "data": k}])
    q.close()
    vm.wait_for(rb"echo: ready\r?\nab\x0ec\td\r?\nx", 60)
    g = VGA if firmware == "bios" else lfb_geometry(vm)
    scr = check_screen(vm, tmp_path, *g[:3], glyphs, *g[3:])
    rows = [r.rstrip() for r in scr.rows]
    i = rows.index("echo: ready")
    assert rows[i + 1:i + 3] == ["ac      d", "x"], scr.text()
    assert scr.cursor in (None, (1, i + 2)), scr.cursor


def test_no_display_boots_on_serial(image, qemu):
    vm = qemu(image("hello.app"), machine="q35", extra=["-vga", "none"])
    r = vm.wait_ready(timeout=120)
    assert r["boot"] == "bios", vm.log()
    vm.wait_for(rb"Hello from a BareMetal-C program!", 60)
    assert b"core halted" not in vm.serial, vm.log()
