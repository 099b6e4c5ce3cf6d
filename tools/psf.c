// SPDX-License-Identifier: BSD-2-Clause
/* psf.c - PSF1/PSF2 parsing for tools/psf2c: validate the header, find the glyph of each
 * printable ASCII code point through the unicode table, copy the 8x16 bitmaps. Layouts
 * from the kbd package (src/psf.h): PSF1 has a 4-byte header and a UCS-2 table, PSF2 a
 * 32-byte header and a UTF-8 table; in both a glyph's entry ends at a separator and
 * whatever follows a start-of-sequence marker is a combining sequence, not one code point. */
#include <string.h>
#include "tools/psf.h"

#define PSF1_MAGIC0       0x36
#define PSF1_MAGIC1       0x04
#define PSF1_HDR_SIZE     4
#define PSF1_MODE512      0x01   /* 512 glyphs, else 256 */
#define PSF1_MODEHASTAB   0x02
#define PSF1_MODEHASSEQ   0x04
#define PSF1_SEPARATOR    0xFFFF
#define PSF1_STARTSEQ     0xFFFE

#define PSF2_MAGIC        0x864AB572u   /* bytes 72 B5 4A 86 */
#define PSF2_HDR_SIZE     32
#define PSF2_HAS_UNICODE  0x01
#define PSF2_SEPARATOR    0xFF
#define PSF2_STARTSEQ     0xFE

#define NO_GLYPH          (-1)

static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Glyph g shows code point cp: keep it when cp is one we want and has no glyph yet. */
static void map(int64_t idx[FONT_COUNT], uint32_t cp, uint32_t g)
{
	if (cp >= FONT_FIRST && cp < FONT_FIRST + FONT_COUNT && idx[cp - FONT_FIRST] == NO_GLYPH)
		idx[cp - FONT_FIRST] = g;
}

/* PSF1 table: per glyph, UCS-2 LE values up to 0xFFFF. */
static int psf1_table(const uint8_t *p, const uint8_t *end, uint32_t count, int64_t idx[])
{
	for (uint32_t g = 0; g < count; g++) {
		int seq = 0;
		for (;;) {
			if (end - p < 2)
				return PSF_ERR_TRUNCATED;
			uint32_t v = p[0] | p[1] << 8;
			p += 2;
			if (v == PSF1_SEPARATOR)
				break;
			if (v == PSF1_STARTSEQ)
				seq = 1;
			else if (!seq)
				map(idx, v, g);
		}
	}
	return PSF_OK;
}

/* PSF2 table: per glyph, UTF-8 code points up to the byte 0xFF. */
static int psf2_table(const uint8_t *p, const uint8_t *end, uint32_t count, int64_t idx[])
{
	for (uint32_t g = 0; g < count; g++) {
		int seq = 0;
		for (;;) {
			if (p >= end)
				return PSF_ERR_TRUNCATED;
			uint8_t b = *p++;
			if (b == PSF2_SEPARATOR)
				break;
			if (b == PSF2_STARTSEQ) {
				seq = 1;
				continue;
			}
			int more = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 :
				   (b & 0xF8) == 0xF0 ? 3 : -1;
			if (more < 0)
				return PSF_ERR_UNICODE;
			uint32_t cp = more ? b & (0x3F >> more) : b;
			if (end - p < more)
				return PSF_ERR_TRUNCATED;
			for (; more; more--, p++) {
				if ((*p & 0xC0) != 0x80)
					return PSF_ERR_UNICODE;
				cp = cp << 6 | (*p & 0x3F);
			}
			if (!seq)
				map(idx, cp, g);
		}
	}
	return PSF_OK;
}

int psf_convert(const uint8_t *buf, size_t len, uint8_t out[FONT_COUNT][FONT_HEIGHT],
		unsigned *missing)
{
	const uint8_t *end = buf + len;
	uint32_t count, charsize, height, width, hdr;
	int table;

	if (len >= 2 && buf[0] == PSF1_MAGIC0 && buf[1] == PSF1_MAGIC1) {
		if (len < PSF1_HDR_SIZE)
			return PSF_ERR_TRUNCATED;
		if (buf[2] > (PSF1_MODE512 | PSF1_MODEHASTAB | PSF1_MODEHASSEQ))
			return PSF_ERR_HEADER;
		hdr = PSF1_HDR_SIZE;
		count = buf[2] & PSF1_MODE512 ? 512 : 256;
		table = buf[2] & (PSF1_MODEHASTAB | PSF1_MODEHASSEQ);
		charsize = height = buf[3];
		width = 8;
	} else if (len >= 4 && rd32(buf) == PSF2_MAGIC) {
		if (len < PSF2_HDR_SIZE)
			return PSF_ERR_TRUNCATED;
		/* version (+4) must be 0; flags +12, length +16, charsize +20, height +24, width +28 */
		hdr = rd32(buf + 8);
		table = rd32(buf + 12) & PSF2_HAS_UNICODE;
		count = rd32(buf + 16);
		charsize = rd32(buf + 20);
		height = rd32(buf + 24);
		width = rd32(buf + 28);
		if (rd32(buf + 4) != 0 || hdr < PSF2_HDR_SIZE || count == 0)
			return PSF_ERR_HEADER;
		if (width == 8 && charsize != height)
			return PSF_ERR_HEADER;
	} else {
		return PSF_ERR_MAGIC;
	}
	if (width != 8)
		return PSF_ERR_WIDTH;
	if (height != FONT_HEIGHT)
		return PSF_ERR_HEIGHT;
	if ((uint64_t)hdr + (uint64_t)count * charsize > len)
		return PSF_ERR_TRUNCATED;

	const uint8_t *glyphs = buf + hdr;
	int64_t idx[FONT_COUNT];
	for (int i = 0; i < FONT_COUNT; i++)
		idx[i] = table ? NO_GLYPH : FONT_FIRST + i < (int64_t)count ? FONT_FIRST + i : NO_GLYPH;
	if (table) {
		const uint8_t *t = glyphs + (size_t)count * charsize;
		int err = buf[0] == PSF1_MAGIC0 ? psf1_table(t, end, count, idx)
						: psf2_table(t, end, count, idx);
		if (err)
			return err;
	}

	unsigned lost = 0;
	for (int i = 0; i < FONT_COUNT; i++) {
		if (idx[i] == NO_GLYPH) {
			memset(out[i], 0, FONT_HEIGHT);
			lost++;
		} else {
			memcpy(out[i], glyphs + (size_t)idx[i] * charsize, FONT_HEIGHT);
		}
	}
	if (missing)
		*missing = lost;
	return PSF_OK;
}

const char *psf_strerror(int err)
{
	switch (err) {
	case PSF_OK: return "ok";
	case PSF_ERR_MAGIC: return "not a PSF1 or PSF2 font";
	case PSF_ERR_TRUNCATED: return "truncated font";
	case PSF_ERR_HEADER: return "inconsistent header";
	case PSF_ERR_WIDTH: return "glyphs are not 8 pixels wide";
	case PSF_ERR_HEIGHT: return "glyphs are not 16 pixels high";
	case PSF_ERR_UNICODE: return "malformed unicode table";
	default: return "unknown error";
	}
}
