// SPDX-License-Identifier: BSD-2-Clause
/* test_psf.c - tools/psf.c: synthetic PSF1 and PSF2 fonts built here, with and without a
 * unicode table (one that moves 'A' to another glyph, multi-byte UTF-8, sequences that must
 * not count), and the errors: bad magic, truncation anywhere, wrong width or height,
 * inconsistent headers, malformed UTF-8. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tools/psf.h"

#define ALT_A 200   /* the glyph the remapping tables give 'A' */

static uint8_t buf[64 * 1024];
static size_t len;
static uint8_t out[FONT_COUNT][FONT_HEIGHT];

/* Glyph g's row r: different for every glyph of a 512-glyph font. */
static uint8_t pattern(uint32_t g, uint32_t r)
{
	return r == 0 ? (uint8_t)g : r == 1 ? (uint8_t)(g >> 8 | 0xA0) : (uint8_t)(g * 7 + r * 13);
}

static void put8(uint8_t v) { buf[len++] = v; }
static void put16(uint16_t v) { put8((uint8_t)v); put8((uint8_t)(v >> 8)); }
static void put32(uint32_t v) { put16((uint16_t)v); put16((uint16_t)(v >> 16)); }

static void glyphs(uint32_t count, uint32_t charsize)
{
	for (uint32_t g = 0; g < count; g++)
		for (uint32_t r = 0; r < charsize; r++)
			put8(pattern(g, r));
}

static uint32_t psf1(uint8_t mode, uint8_t height)
{
	uint32_t count = mode & 1 ? 512 : 256;
	len = 0;
	put8(0x36);
	put8(0x04);
	put8(mode);
	put8(height);
	glyphs(count, height);
	return count;
}

/* Glyph g stands for code point g, except that ALT_A is 'A' and 'A' is U+0391; glyph 'B'
 * also starts a sequence holding 'C' (which must not map 'C' to glyph 'B'). */
static void psf1_table(uint32_t count, bool remap)
{
	for (uint32_t g = 0; g < count; g++) {
		uint16_t cp = (uint16_t)g;
		if (remap && g == 'A')
			cp = 0x0391;
		if (remap && g == ALT_A)
			cp = 'A';
		put16(cp);
		if (g == 'B') {
			put16(0xFFFE);
			put16('C');
			put16(0x0301);
		}
		put16(0xFFFF);
	}
}

static void psf2(uint32_t count, uint32_t height, uint32_t width, uint32_t flags)
{
	uint32_t charsize = height * ((width + 7) / 8);
	len = 0;
	put32(0x864AB572);
	put32(0);            /* version */
	put32(32);           /* header size */
	put32(flags);
	put32(count);
	put32(charsize);
	put32(height);
	put32(width);
	glyphs(count, charsize);
}

static void utf8(uint32_t cp)
{
	if (cp < 0x80) {
		put8((uint8_t)cp);
	} else if (cp < 0x800) {
		put8((uint8_t)(0xC0 | cp >> 6));
		put8((uint8_t)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		put8((uint8_t)(0xE0 | cp >> 12));
		put8((uint8_t)(0x80 | (cp >> 6 & 0x3F)));
		put8((uint8_t)(0x80 | (cp & 0x3F)));
	} else {
		put8((uint8_t)(0xF0 | cp >> 18));
		put8((uint8_t)(0x80 | (cp >> 12 & 0x3F)));
		put8((uint8_t)(0x80 | (cp >> 6 & 0x3F)));
		put8((uint8_t)(0x80 | (cp & 0x3F)));
	}
}

/* As psf1_table, in UTF-8; glyph 'A' also lists U+20AC and U+1F600 (3 and 4 bytes), glyph
 * 300 lists 'Z' again, and with drop_tilde nothing maps '~'. */
static void psf2_table(uint32_t count, bool remap, bool drop_tilde)
{
	for (uint32_t g = 0; g < count; g++) {
		uint32_t cp = g;
		if (remap && g == 'A')
			cp = 0x0391;
		if (remap && g == ALT_A)
			cp = 'A';
		if (drop_tilde && g == '~')
			cp = 0x2248;
		utf8(cp);
		if (g == 300)
			utf8('Z');      /* a second glyph for 'Z': the first one wins */
		if (g == 'A') {
			utf8(0x20AC);
			utf8(0x1F600);
		}
		if (g == 'B') {
			put8(0xFE);
			utf8('C');
			utf8(0x0301);
		}
		put8(0xFF);
	}
}

/* out holds glyph cp (or, with remap, ALT_A for 'A') for every printable code point. */
static void expect_identity(bool remap)
{
	for (uint32_t i = 0; i < FONT_COUNT; i++) {
		uint32_t g = FONT_FIRST + i;
		if (remap && g == 'A')
			g = ALT_A;
		for (uint32_t r = 0; r < FONT_HEIGHT; r++)
			assert_int_equal(out[i][r], pattern(g, r));
	}
}

static void convert_ok(unsigned want_missing)
{
	unsigned missing = 12345;
	assert_int_equal(psf_convert(buf, len, out, &missing), PSF_OK);
	assert_int_equal(missing, want_missing);
}

static void test_psf1_no_table(void **state)
{
	(void)state;
	psf1(0x00, 16);
	convert_ok(0);
	expect_identity(false);
	assert_int_equal(psf_convert(buf, len, out, NULL), PSF_OK);   /* missing is optional */
}

static void test_psf1_table(void **state)
{
	(void)state;
	psf1_table(psf1(0x02, 16), false);
	convert_ok(0);
	expect_identity(false);
}

static void test_psf1_table_remaps_a(void **state)
{
	(void)state;
	psf1_table(psf1(0x02, 16), true);
	convert_ok(0);
	expect_identity(true);
}

static void test_psf1_512_with_sequences(void **state)
{
	(void)state;
	psf1_table(psf1(0x01 | 0x04, 16), true);
	convert_ok(0);
	expect_identity(true);
}

static void test_psf2_no_table(void **state)
{
	(void)state;
	psf2(256, 16, 8, 0);
	convert_ok(0);
	expect_identity(false);
}

static void test_psf2_table_remaps_a(void **state)
{
	(void)state;
	psf2(512, 16, 8, 1);
	psf2_table(512, true, false);
	convert_ok(0);
	expect_identity(true);
}

static void test_psf2_table_missing_is_blank(void **state)
{
	(void)state;
	psf2(256, 16, 8, 1);
	psf2_table(256, false, true);
	convert_ok(1);
	for (uint32_t r = 0; r < FONT_HEIGHT; r++)
		assert_int_equal(out['~' - FONT_FIRST][r], 0);
	assert_int_equal(out['}' - FONT_FIRST][0], pattern('}', 0));
}

static void test_psf2_few_glyphs_no_table(void **state)
{
	(void)state;
	psf2(0x30, 16, 8, 0);   /* glyphs for U+0000..U+002F only */
	convert_ok(FONT_COUNT - (0x30 - FONT_FIRST));
	assert_int_equal(out['/' - FONT_FIRST][0], '/');
	assert_int_equal(out['0' - FONT_FIRST][2], 0);
}

static void test_psf2_bigger_header(void **state)
{
	(void)state;
	psf2(256, 16, 8, 0);
	/* header size 40: eight more bytes before the glyphs */
	memmove(buf + 40, buf + 32, len - 32);
	memset(buf + 32, 0xEE, 8);
	buf[8] = 40;
	len += 8;
	convert_ok(0);
	expect_identity(false);
}

static void test_bad_magic(void **state)
{
	(void)state;
	static const uint8_t junk[64] = "this is not a font at all, just some text";
	assert_int_equal(psf_convert(junk, sizeof(junk), out, NULL), PSF_ERR_MAGIC);
	assert_int_equal(psf_convert(junk, 0, out, NULL), PSF_ERR_MAGIC);   /* zcat gave nothing */
	psf1(0, 16);
	buf[1] = 0x05;
	assert_int_equal(psf_convert(buf, len, out, NULL), PSF_ERR_MAGIC);
	psf2(256, 16, 8, 0);
	buf[3] = 0x87;
	assert_int_equal(psf_convert(buf, len, out, NULL), PSF_ERR_MAGIC);
	assert_string_equal(psf_strerror(PSF_ERR_MAGIC), "not a PSF1 or PSF2 font");
}

static void test_truncated(void **state)
{
	(void)state;
	psf1(0x02, 16);
	size_t glyph_end = len;
	psf1_table(256, false);
	size_t full = len;
	assert_int_equal(psf_convert(buf, 3, out, NULL), PSF_ERR_TRUNCATED);           /* header */
	assert_int_equal(psf_convert(buf, glyph_end - 1, out, NULL), PSF_ERR_TRUNCATED); /* glyphs */
	assert_int_equal(psf_convert(buf, glyph_end, out, NULL), PSF_ERR_TRUNCATED);   /* no table */
	assert_int_equal(psf_convert(buf, full - 1, out, NULL), PSF_ERR_TRUNCATED);    /* in a value */
	assert_int_equal(psf_convert(buf, full - 2, out, NULL), PSF_ERR_TRUNCATED);    /* last 0xFFFF */
	assert_int_equal(psf_convert(buf, full, out, NULL), PSF_OK);

	psf2(256, 16, 8, 1);
	glyph_end = len;
	psf2_table(256, false, false);
	full = len;
	assert_int_equal(psf_convert(buf, 31, out, NULL), PSF_ERR_TRUNCATED);
	assert_int_equal(psf_convert(buf, glyph_end - 1, out, NULL), PSF_ERR_TRUNCATED);
	assert_int_equal(psf_convert(buf, glyph_end, out, NULL), PSF_ERR_TRUNCATED);
	assert_int_equal(psf_convert(buf, full - 1, out, NULL), PSF_ERR_TRUNCATED);
	assert_int_equal(psf_convert(buf, full, out, NULL), PSF_OK);

	/* inside a multi-byte character: glyph 'A' lists U+20AC then U+1F600 */
	psf2(0x42, 16, 8, 1);
	psf2_table(0x41, false, false);
	utf8('A');
	utf8(0x20AC);
	assert_int_equal(psf_convert(buf, len - 1, out, NULL), PSF_ERR_TRUNCATED);
}

static void test_wrong_width(void **state)
{
	(void)state;
	psf2(256, 16, 9, 0);    /* 2 bytes a row */
	assert_int_equal(psf_convert(buf, len, out, NULL), PSF_ERR_WIDTH);
	psf2(256, 16, 16, 0);
	assert_int_equal(psf_convert(buf, len, out, NULL), PSF_ERR_WIDTH);
	psf2(256, 16, 4, 0);
	assert_int_equal(psf_convert(buf, len, out, NULL), PSF_ERR_WIDTH);
}

static void test_wrong_height(void **state)
{
	(void)state;
	psf1(0x00, 8);
	assert_int_equal(psf_convert(buf, len, out, NULL), PSF_ERR_HEIGHT);
	psf1(0x00, 14);
	assert_int_equal(psf_convert(buf, len, out, NULL), PSF_ERR_HEIGHT);
	psf2(256, 32, 8, 0);
	assert_int_equal(psf_convert(buf, len, out, NULL), PSF_ERR_HEIGHT);
}

static void test_bad_headers(void **state)
{
	(void)state;
	psf1(0x00, 16);
	buf[2] = 0x08;          /* unknown PSF1 mode bit */
	assert_int_equal(psf_convert(buf, len, out, NULL), PSF_ERR_HEADER);
	psf2(256, 16, 8, 0);
	buf[4] = 1;             /* version 1 */
	assert_int_equal(psf_convert(buf, len, out, NULL), PSF_ERR_HEADER);
	psf2(256, 16, 8, 0);
	buf[8] = 16;            /* header smaller than itself */
	assert_int_equal(psf_convert(buf, len, out, NULL), PSF_ERR_HEADER);
	psf2(256, 16, 8, 0);
	buf[20] = 17;           /* charsize != height for 8-wide glyphs */
	assert_int_equal(psf_convert(buf, len, out, NULL), PSF_ERR_HEADER);
	psf2(256, 16, 8, 0);
	memset(buf + 16, 0, 4); /* no glyphs */
	assert_int_equal(psf_convert(buf, len, out, NULL), PSF_ERR_HEADER);
	psf2(256, 16, 8, 0);
	memset(buf + 16, 0xFF, 4);  /* 4 G glyphs: the size check must not overflow */
	assert_int_equal(psf_convert(buf, len, out, NULL), PSF_ERR_TRUNCATED);
}

static void test_bad_utf8(void **state)
{
	(void)state;
	psf2(256, 16, 8, 1);
	psf2_table(256, false, false);
	size_t glyph_end = 32 + 256 * 16;
	buf[glyph_end] = 0x80;          /* a continuation byte where a character starts */
	assert_int_equal(psf_convert(buf, len, out, NULL), PSF_ERR_UNICODE);

	psf2(0x42, 16, 8, 1);
	psf2_table(0x41, false, false);
	put8(0xE2);                     /* U+20AC with a bad second byte */
	put8(0x41);
	put8(0xAC);
	put8(0xFF);
	assert_int_equal(psf_convert(buf, len, out, NULL), PSF_ERR_UNICODE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_psf1_no_table),
		cmocka_unit_test(test_psf1_table),
		cmocka_unit_test(test_psf1_table_remaps_a),
		cmocka_unit_test(test_psf1_512_with_sequences),
		cmocka_unit_test(test_psf2_no_table),
		cmocka_unit_test(test_psf2_table_remaps_a),
		cmocka_unit_test(test_psf2_table_missing_is_blank),
		cmocka_unit_test(test_psf2_few_glyphs_no_table),
		cmocka_unit_test(test_psf2_bigger_header),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_wrong_width),
		cmocka_unit_test(test_wrong_height),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_bad_utf8),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
