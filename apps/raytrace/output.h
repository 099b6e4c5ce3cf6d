/* SPDX-License-Identifier: BSD-2-Clause */
/* output.h - where the rendered image goes. */
#ifndef RT_OUTPUT_H
#define RT_OUTPUT_H

#include <stdint.h>

/* 1 when there is a framebuffer the image can go to: 32 bpp (SCREEN_BPP_GET). */
int image_on_screen(void);

/* rgb: w x h pixels of 8-bit R, G, B. On the screen (scaled up, centred; b_output then
 * goes on on the other consoles only, so that text does not draw over it), else as a P3
 * PPM on serial. */
void show_image(const uint8_t *rgb, uint32_t w, uint32_t h, int screen);

#endif
