/* SPDX-License-Identifier: BSD-2-Clause */
/* textgrid.h - the character grid behind both screen consoles (vga.c, lfb.c): control
 * characters, line wrap and scrolling on a copy of the screen's characters, so a driver
 * only draws cells and never reads the screen back. */
#ifndef TEXTGRID_H
#define TEXTGRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct textgrid {
	uint8_t *cell;                              /* cols * rows characters, ' '..'~' */
	uint32_t cols, ncells;
	uint32_t pos;                               /* the cursor's cell */
	void (*draw)(uint32_t i, bool cursor);      /* shows cell i, with the cursor or not */
};

/* Blanks every cell (the driver has cleared the screen) and puts the cursor at the top
 * left. */
void textgrid_init(struct textgrid *g);
/* Writes n characters at the cursor: '\n' next line, '\r' column 0, '\b' and 0x0E
 * (BareMetal's backspace) back one and erase, '\t' next multiple of 8; other characters
 * outside U+0020..U+007E show blank. Wraps at the last column, scrolls at the bottom. */
void textgrid_write(struct textgrid *g, const char *s, size_t n);

#endif
