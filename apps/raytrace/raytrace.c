// SPDX-License-Identifier: BSD-2-Clause
/* raytrace.c - renders the scene of scene.c twice: row by row on the BSP alone, then
 * across every core through the work queue (b_parallel_for over the rows), and prints
 * both times, the rows each core rendered and an FNV-1a checksum of each image (the same
 * whatever the number of cores: every pixel is computed on its own). The image goes to
 * the framebuffer when there is one (at 320x240, scaled up), else as an ASCII PPM (P3,
 * 160x120) on serial between the lines "raytrace: PPM begin" and "raytrace: PPM end". */
#include <stdio.h>
#include "baremetal.h"
#include "output.h"
#include "scene.h"

/* The image's size: small enough for a PPM on serial, twice that on a screen. */
#ifndef RT_SERIAL_W
#define RT_SERIAL_W 160
#define RT_SERIAL_H 120
#endif
#ifndef RT_SCREEN_W
#define RT_SCREEN_W 320
#define RT_SCREEN_H 240
#endif
#define RT_MAX_PIXELS (RT_SCREEN_W * RT_SCREEN_H > RT_SERIAL_W * RT_SERIAL_H ? \
		       RT_SCREEN_W * RT_SCREEN_H : RT_SERIAL_W * RT_SERIAL_H)
#define MAXID 256

struct image {
	uint8_t *rgb;
	uint32_t w, h;
};

static uint8_t serial_rgb[RT_MAX_PIXELS * 3], parallel_rgb[RT_MAX_PIXELS * 3];
static volatile uint64_t rows_by_id[MAXID];

static void render_row(uint64_t y, void *arg)
{
	const struct image *im = arg;
	uint8_t *row = im->rgb + y * im->w * 3;
	for (uint32_t x = 0; x < im->w; x++)
		rt_pixel(x, (uint32_t)y, im->w, im->h, row + x * 3);
	__atomic_add_fetch(&rows_by_id[b_system(SMP_ID, 0, 0) % MAXID], 1, __ATOMIC_RELAXED);
}

static uint64_t fnv1a64(const uint8_t *p, uint64_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (uint64_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t now_us(void)
{
	uint64_t t = b_system(TIMECOUNTER, 0, 0), hz = b_system(TIMECOUNTER_HZ, 0, 0);
	return t / hz * 1000000 + t % hz * 1000000 / hz;
}

static void print_time(uint64_t cores, const char *how, uint64_t us, uint64_t sum)
{
	printf("raytrace: %lu %s %s %lu us, checksum fnv1a64=%016lx\n", cores,
	       cores == 1 ? "core" : "cores", how, us, sum);
}

int main(void)
{
	uint64_t cores = b_system(SMP_NUMCORES, 0, 0);
	int screen = image_on_screen();
	uint32_t w = screen ? RT_SCREEN_W : RT_SERIAL_W, h = screen ? RT_SCREEN_H : RT_SERIAL_H;
	struct image serial = { serial_rgb, w, h }, parallel = { parallel_rgb, w, h };
	uint64_t bytes = (uint64_t)w * h * 3;

	printf("raytrace: %ux%u, %s; %lu %s\n", w, h, RT_SCENE, cores, cores == 1 ? "core" : "cores");

	uint64_t t0 = now_us();
	for (uint64_t y = 0; y < h; y++)
		render_row(y, &serial);
	uint64_t t1 = now_us();
	uint64_t sum1 = fnv1a64(serial_rgb, bytes);
	print_time(1, "(rows on the BSP):", t1 - t0, sum1);

	for (int i = 0; i < MAXID; i++)
		rows_by_id[i] = 0;
	struct b_range rows = { render_row, &parallel, 0, h };
	uint64_t t2 = now_us();
	int64_t err = b_parallel_for(&rows);
	uint64_t t3 = now_us();
	uint64_t sumn = fnv1a64(parallel_rgb, bytes);
	print_time(cores, "(b_parallel_for):", t3 - t2, sumn);

	printf("raytrace: rows by APIC ID:");
	for (int i = 0; i < MAXID; i++)
		if (rows_by_id[i])
			printf(" %d=%lu", i, rows_by_id[i]);
	printf("\nraytrace: speedup %.2f", t3 > t2 ? (double)(t1 - t0) / (double)(t3 - t2) : 0.0);
	if (err)
		printf(", b_parallel_for failed: %ld", err);
	printf("; %s\n", sum1 == sumn && !err ? "images identical" : "IMAGES DIFFER");

	show_image(parallel_rgb, w, h, screen);
	printf("raytrace: done\n");
	return 0;
}
