// SPDX-License-Identifier: BSD-2-Clause
/* textgrid.c - the screen consoles' character grid: what each cell shows is kept here, so
 * scrolling redraws only the cells that change and never reads video memory back. */
#include "drivers/console/textgrid.h"
#include "drivers/console/font.h"
#include "common/fmt.h"

/* Everything moves up one row. */
static void textgrid_scroll(struct textgrid *g)
{
	for (uint32_t i = 0; i < g->ncells; i++) {
		uint8_t c = i + g->cols < g->ncells ? g->cell[i + g->cols] : ' ';
		if (c != g->cell[i]) {
			g->cell[i] = c;
			g->draw(i, false);
		}
	}
}

static void textgrid_put(struct textgrid *g, uint8_t c)
{
	uint32_t p = g->pos, col = p % g->cols;

	if (c == '\n') {
		p += g->cols - col;
	} else if (c == '\r') {
		p -= col;
	} else if (c == '\b' || c == 0x0E) {
		if (p)
			p--;
		g->cell[p] = ' ';
		g->draw(p, false);
	} else if (c == '\t') {
		uint32_t step = 8 - col % 8;
		p += col + step > g->cols ? g->cols - col : step;
	} else {
		g->cell[p] = (unsigned)c - FONT_FIRST < FONT_COUNT ? c : ' ';
		g->draw(p++, false);
	}
	if (p >= g->ncells) {
		textgrid_scroll(g);
		p -= g->cols;
	}
	g->pos = p;
}

void textgrid_init(struct textgrid *g)
{
	memset(g->cell, ' ', g->ncells);
	g->pos = 0;
	g->draw(0, true);
}

void textgrid_write(struct textgrid *g, const char *s, size_t n)
{
	g->draw(g->pos, false);
	while (n--)
		textgrid_put(g, (uint8_t)*s++);
	g->draw(g->pos, true);
}
