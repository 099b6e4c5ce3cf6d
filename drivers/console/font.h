/* SPDX-License-Identifier: BSD-2-Clause */
/* font.h - the console font: printable ASCII (U+0020..U+007E), 8x16, one byte per row with
 * the MSB the leftmost pixel. Generated at build time from a PSF font by tools/psf2c. */
#ifndef FONT_H
#define FONT_H

#include <stdint.h>

#define FONT_FIRST  0x20
#define FONT_COUNT  95
#define FONT_HEIGHT 16

extern const uint8_t console_font[FONT_COUNT][FONT_HEIGHT];

#endif
