// SPDX-License-Identifier: BSD-2-Clause
/* vga.c - the VGA text console: 80x25 at 0xB8000, light grey on black, the hardware
 * cursor, and the build's font loaded into the character generator so text mode shows the
 * framebuffer console's glyphs; textgrid.c does the rest. Tested with QEMU's std VGA (BIOS
 * boot) and -vga none (absent): tests/system/test_screen.py. */
#include "drivers/console/vga.h"
#include "drivers/console/vga_regs.h"
#include "drivers/console/font.h"
#include "drivers/console/textgrid.h"
#include "common/x86.h"
#include "common/memlayout.h"

#define VGA_COLS  80
#define VGA_CELLS (VGA_COLS * 25)
#define VGA_ATTR  0x0700   /* light grey on black */
#define VGA_PROBE 0xA55A

static uint16_t *const text = (uint16_t *)VGA_TEXT_ADDR;
static uint8_t cells[VGA_CELLS];
static void vga_draw(uint32_t i, bool cursor);
static struct textgrid grid = { .cell = cells, .cols = VGA_COLS, .ncells = VGA_CELLS,
				.draw = vga_draw };

static void vga_reg(uint16_t port, uint8_t index, uint8_t v)
{
	outw(port, (uint16_t)(v << 8 | index));
}

static void vga_draw(uint32_t i, bool cursor)
{
	text[i] = VGA_ATTR | cells[i];
	if (cursor) {
		vga_reg(VGA_CRTC, VGA_CRTC_CURSOR_LO, (uint8_t)i);
		vga_reg(VGA_CRTC, VGA_CRTC_CURSOR_HI, (uint8_t)(i >> 8));
	}
}

/* Plane 2 holds the glyphs, 32 bytes a character: reach it planar through the A0000 window,
 * then put back mode 3's settings. */
static void vga_load_font(void)
{
	volatile uint8_t *plane = (volatile uint8_t *)VGA_PLANES_ADDR;

	vga_reg(VGA_SEQ, VGA_SEQ_MAP_MASK, VGA_MAP_FONT);
	vga_reg(VGA_SEQ, VGA_SEQ_MEM_MODE, VGA_MEM_FONT);
	vga_reg(VGA_GC, VGA_GC_MODE, VGA_GCMODE_FONT);
	vga_reg(VGA_GC, VGA_GC_MISC, VGA_GCMISC_FONT);
	for (uint32_t c = 0; c < FONT_COUNT; c++)
		for (uint32_t r = 0; r < FONT_HEIGHT; r++)
			plane[(FONT_FIRST + c) * VGA_FONT_STRIDE + r] = console_font[c][r];
	vga_reg(VGA_SEQ, VGA_SEQ_MAP_MASK, VGA_MAP_TEXT);
	vga_reg(VGA_SEQ, VGA_SEQ_MEM_MODE, VGA_MEM_TEXT);
	vga_reg(VGA_GC, VGA_GC_MODE, VGA_GCMODE_TEXT);
	vga_reg(VGA_GC, VGA_GC_MISC, VGA_GCMISC_TEXT);
}

/* Clears the screen and loads the font; false when nothing answers at the VGA's ports or
 * its text memory (-vga none, or a display without the legacy ranges). */
bool vga_init(void)
{
	volatile uint16_t *probe = text;

	*probe = VGA_PROBE;
	if (inb(VGA_MISC_READ) == 0xFF || *probe != VGA_PROBE)
		return false;
	vga_load_font();
	for (uint32_t i = 0; i < VGA_CELLS; i++)
		text[i] = VGA_ATTR | ' ';
	textgrid_init(&grid);
	return true;
}

/* See textgrid_write; the hardware cursor follows. */
void vga_write(const char *s, size_t n)
{
	textgrid_write(&grid, s, n);
}
