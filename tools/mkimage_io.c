// SPDX-License-Identifier: BSD-2-Clause
/* mkimage_io.c - whole files in memory and little-endian fields, for tools/mkimage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tools/mkimage.h"

int load(const char *path, size_t max, struct blob *b)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "mkimage: %s: %s\n", path, strerror(errno));
		return -1;
	}
	b->data = malloc(max + 1);
	b->size = b->data ? fread(b->data, 1, max + 1, f) : 0;
	fclose(f);
	if (!b->data || b->size == 0) {
		fprintf(stderr, "mkimage: %s: empty or unreadable\n", path);
		return -1;
	}
	if (b->size > max) {
		fprintf(stderr, "mkimage: %s is over %zu bytes\n", path, max);
		return -1;
	}
	return 0;
}

int save(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		fprintf(stderr, "mkimage: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

