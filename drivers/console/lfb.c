// SPDX-License-Identifier: BSD-2-Clause
/* lfb.c - a text console on the 32-bpp linear framebuffer the loader set up (UEFI GOP or
 * BIOS VBE): 8x16 cells in the build's font, light grey on black, an underline cursor;
 * textgrid.c does the rest. Tested under OVMF and SeaBIOS+VBE: tests/system/test_screen.py. */
#include "drivers/console/lfb.h"
#include "drivers/console/font.h"
#include "drivers/console/textgrid.h"
#include "common/fmt.h"

#define LFB_FG       0x00C0C0C0u   /* light grey, XRGB */
#define LFB_BG       0x00000000u
#define LFB_MAX_COLS (1920 / 8)    /* larger screens use their top-left 1920x1080 */
#define LFB_MAX_ROWS (1080 / FONT_HEIGHT)
#define CURSOR_ROW   (FONT_HEIGHT - 1)   /* below the descenders */

static uint32_t *fb;
static uint32_t stride;   /* pixels per scan line */
static uint8_t cells[LFB_MAX_COLS * LFB_MAX_ROWS];
static void lfb_draw(uint32_t i, bool cursor);
static struct textgrid grid = { .cell = cells, .draw = lfb_draw };

static void lfb_draw(uint32_t i, bool cursor)
{
	uint32_t *px = fb + i / grid.cols * FONT_HEIGHT * stride + i % grid.cols * 8;
	const uint8_t *glyph = console_font[cells[i] - FONT_FIRST];

	for (uint32_t r = 0; r < FONT_HEIGHT; r++, px += stride) {
		uint32_t bits = glyph[r] | (cursor && r == CURSOR_ROW ? 0xFF : 0);
		for (uint32_t x = 0; x < 8; x++)
			px[x] = bits << x & 0x80 ? LFB_FG : LFB_BG;
	}
}

/* cols = x / 8, rows = y / 16 (at most 240 x 67); 32 bpp only (what the loader sets). */
bool lfb_init(const struct bootinfo *bi)
{
	uint32_t cols = bi->video_x / 8, rows = bi->video_y / FONT_HEIGHT;

	if (!bi->video_base || bi->video_bpp != 32)
		return false;
	fb = (uint32_t *)(uintptr_t)bi->video_base;
	stride = bi->video_ppsl;
	/* LFB_BG, borders included; 4 bytes a store (rep stosb is 4 times the stores) */
	uint64_t n = (uint64_t)bi->video_y * stride;
	void *p = fb;
	__asm__ volatile("rep stosl" : "+D"(p), "+c"(n) : "a"(LFB_BG) : "memory");
	grid.cols = cols < LFB_MAX_COLS ? cols : LFB_MAX_COLS;
	grid.ncells = grid.cols * (rows < LFB_MAX_ROWS ? rows : LFB_MAX_ROWS);
	textgrid_init(&grid);
	return true;
}

/* See textgrid_write. */
void lfb_write(const char *s, size_t n)
{
	textgrid_write(&grid, s, n);
}
