// SPDX-License-Identifier: BSD-2-Clause
/* test_textgrid.c - drivers/console/textgrid.c, the character grid both screen consoles
 * draw from: control characters, wrapping, scrolling that redraws only changed cells, and
 * the cursor. A 10x3 grid whose draw callback records what it was asked to show. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "drivers/console/textgrid.h"

#define COLS 10
#define ROWS 3

static uint8_t cells[COLS * ROWS];
static int draws, cursor_at, cursor_draws;
static void draw(uint32_t i, bool cursor)
{
	draws++;
	if (cursor) {
		cursor_at = (int)i;
		cursor_draws++;
	}
}
static struct textgrid g = { .cell = cells, .cols = COLS, .ncells = COLS * ROWS, .draw = draw };

static int setup(void **state)
{
	(void)state;
	textgrid_init(&g);
	draws = cursor_draws = 0;
	return 0;
}

static void put(const char *s)
{
	textgrid_write(&g, s, strlen(s));
}

static void assert_row(int r, const char *want)
{
	char row[COLS + 1];
	memcpy(row, cells + r * COLS, COLS);
	row[COLS] = 0;
	assert_string_equal(row, want);
}

static void test_text_newline_and_return(void **state)
{
	(void)state;
	put("ab\ncd\rX");
	assert_row(0, "ab        ");
	assert_row(1, "Xd        ");
	assert_int_equal(g.pos, COLS + 1);
	assert_int_equal(cursor_at, COLS + 1);
}

static void test_backspace_erases_and_stops_at_the_corner(void **state)
{
	(void)state;
	put("abc\b\x0e" "Z");
	assert_row(0, "aZ        ");
	put("\r\b\b");
	assert_int_equal(g.pos, 0);
	assert_row(0, " Z        ");
}

static void test_tab_stops_and_clamps_at_the_last_column(void **state)
{
	(void)state;
	put("a\tb");
	assert_row(0, "a       b ");
	put("\t");                       /* from column 9: the next stop is past the row */
	assert_int_equal(g.pos, COLS);
	put("\t\tc");                    /* 8, then clamped to the row's end: wraps */
	assert_row(1, "          ");
	assert_row(2, "c         ");
}

static void test_wraps_at_the_last_column(void **state)
{
	(void)state;
	put("0123456789AB");
	assert_row(0, "0123456789");
	assert_row(1, "AB        ");
}

static void test_unprintable_bytes_show_blank(void **state)
{
	(void)state;
	put("a\x01\x7f\xff" "b");
	assert_row(0, "a   b     ");
}

static void test_scroll_moves_rows_up_and_redraws_only_changes(void **state)
{
	(void)state;
	put("same\nsame\nlast\n");       /* the third new line scrolls */
	assert_row(0, "same      ");
	assert_row(1, "last      ");
	assert_row(2, "          ");
	assert_int_equal(g.pos, 2 * COLS);
	/* the old cursor cell, 12 characters, then the scroll: row 0 keeps "same" (no
	 * draw), row 1 gets "last" over "same" (3 draws: the 'a' stays), row 2 is blanked
	 * (4 draws); then the cursor */
	assert_int_equal(draws, 1 + 12 + 3 + 4 + 1);
}

static void test_many_lines_keep_the_last_ones(void **state)
{
	(void)state;
	char line[8];
	for (int i = 0; i < 100; i++) {
		snprintf(line, sizeof(line), "l%03d\n", i);
		put(line);
	}
	assert_row(0, "l098      ");
	assert_row(1, "l099      ");
	assert_row(2, "          ");
}

static void test_cursor_is_moved_once_per_write(void **state)
{
	(void)state;
	put("hello");
	put(" world");
	assert_int_equal(cursor_draws, 2);
	assert_int_equal(cursor_at, 11 % (COLS * ROWS));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_text_newline_and_return, setup),
		cmocka_unit_test_setup(test_backspace_erases_and_stops_at_the_corner, setup),
		cmocka_unit_test_setup(test_tab_stops_and_clamps_at_the_last_column, setup),
		cmocka_unit_test_setup(test_wraps_at_the_last_column, setup),
		cmocka_unit_test_setup(test_unprintable_bytes_show_blank, setup),
		cmocka_unit_test_setup(test_scroll_moves_rows_up_and_redraws_only_changes, setup),
		cmocka_unit_test_setup(test_many_lines_keep_the_last_ones, setup),
		cmocka_unit_test_setup(test_cursor_is_moved_once_per_write, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
