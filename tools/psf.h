/* SPDX-License-Identifier: BSD-2-Clause */
/* psf.h - PC Screen Font (PSF1 and PSF2) to the console font: printable ASCII, 8x16.
 * Formats: the Linux kbd package's doc/font-formats (psf.h, psffontop.c). */
#ifndef PSF_H
#define PSF_H

#include <stddef.h>
#include <stdint.h>
#include "drivers/console/font.h"

#define PSF_OK            0
#define PSF_ERR_MAGIC    -1   /* neither PSF1 nor PSF2 */
#define PSF_ERR_TRUNCATED -2  /* header, glyphs or unicode table run past the end */
#define PSF_ERR_HEADER   -3   /* inconsistent PSF2 header (sizes, glyph count) */
#define PSF_ERR_WIDTH    -4   /* glyphs are not 8 pixels wide */
#define PSF_ERR_HEIGHT   -5   /* glyphs are not 16 rows high (only 8x16 is rendered) */
#define PSF_ERR_UNICODE  -6   /* malformed unicode table (bad UTF-8) */

/* Converts the PSF font in buf[0..len) into out: glyph i is code point FONT_FIRST + i.
 * With a unicode table, each code point takes the first glyph the table maps it to; a code
 * point the table leaves out stays blank and is counted in *missing (may be NULL). Without
 * one, glyph index = code point. Heights other than 16 are rejected, not scaled.
 * Returns PSF_OK or a PSF_ERR_* code; out is unspecified on error. */
int psf_convert(const uint8_t *buf, size_t len, uint8_t out[FONT_COUNT][FONT_HEIGHT],
		unsigned *missing);
/* A one-line description of a PSF_* code. */
const char *psf_strerror(int err);

#endif
