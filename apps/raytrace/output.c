// SPDX-License-Identifier: BSD-2-Clause
/* output.c - the image to the framebuffer (SCREEN_*_GET), or as an ASCII PPM on serial:
 * P3 (netpbm's ppm(5)), at most 70 characters a line as ppm(5) asks, between the lines
 * "raytrace: PPM begin" and "raytrace: PPM end". ASCII because the console writes "\n"
 * as "\r\n", which a binary P6 would not survive. */
#include <stdio.h>
#include "baremetal.h"
#include "output.h"

#define PIXELS_A_LINE 5   /* "255 255 255 " x 5 = 60 characters */

static void to_framebuffer(const uint8_t *rgb, uint32_t w, uint32_t h)
{
	volatile uint32_t *fb = (volatile uint32_t *)b_system(SCREEN_LFB_GET, 0, 0);
	uint64_t sx = b_system(SCREEN_X_GET, 0, 0), sy = b_system(SCREEN_Y_GET, 0, 0);
	uint64_t pitch = b_system(SCREEN_PPSL_GET, 0, 0);
	uint64_t scale = sx / w < sy / h ? sx / w : sy / h;

	if (!scale)
		scale = 1;   /* a screen smaller than the image: its top left part */
	uint64_t ox = sx > w * scale ? (sx - w * scale) / 2 : 0, oy = sy > h * scale ? (sy - h * scale) / 2 : 0;
	fflush(stdout);   /* what was printed before goes to every console */
	b_system(CONSOLE_SET, b_system(CONSOLE_GET, 0, 0) & ~(uint64_t)B_CONSOLE_LFB, 0);
	for (uint64_t y = 0; y < h * scale && oy + y < sy; y++)
		for (uint64_t x = 0; x < w * scale && ox + x < sx; x++) {
			const uint8_t *p = rgb + ((y / scale) * w + x / scale) * 3;
			fb[(oy + y) * pitch + ox + x] = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];   /* XRGB */
		}
	printf("raytrace: image on the framebuffer (%lux%lu, scaled %lux at %lu,%lu); "
	       "the console goes on without it\n", sx, sy, scale, ox, oy);
}

static void to_serial(const uint8_t *rgb, uint32_t w, uint32_t h)
{
	uint64_t was = b_system(CONSOLE_GET, 0, 0);

	printf("raytrace: no framebuffer, the image as a PPM on serial\n");
	fflush(stdout);
	if (!(b_system(CONSOLE_SET, B_CONSOLE_SERIAL, 0) & B_CONSOLE_SERIAL)) {
		b_system(CONSOLE_SET, was, 0);
		return;   /* no COM1 either */
	}
	printf("raytrace: PPM begin\nP3\n%u %u\n255\n", w, h);
	for (uint64_t i = 0; i < (uint64_t)w * h; i++)
		printf("%u %u %u%c", rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2],
		       (i + 1) % PIXELS_A_LINE && i + 1 < (uint64_t)w * h ? ' ' : '\n');
	printf("raytrace: PPM end\n");
	fflush(stdout);
	b_system(CONSOLE_SET, was, 0);
}

int image_on_screen(void)
{
	return b_system(SCREEN_LFB_GET, 0, 0) && b_system(SCREEN_BPP_GET, 0, 0) == 32;
}

void show_image(const uint8_t *rgb, uint32_t w, uint32_t h, int screen)
{
	if (screen)
		to_framebuffer(rgb, w, h);
	else
		to_serial(rgb, w, h);
}
