// SPDX-License-Identifier: BSD-2-Clause
/* mkimage_io.c - whole files in memory and little-endian fields, for tools/mkimage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "tools/mkimage.h"

/* Allocates what the file holds, not max: a file is checked against max first. */
int load(const char *path, size_t max, struct blob *b)
{
	struct stat st;
	FILE *f = fopen(path, "rb");
	const char *why = NULL;

	b->data = NULL;
	b->size = 0;
	if (!f) {
		fprintf(stderr, "mkimage: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode))
		why = "not a regular file";
	else if (st.st_size == 0)
		why = "empty";
	else if ((uint64_t)st.st_size > max)
		why = "too big";
	else if (!(b->data = malloc((size_t)st.st_size)))
		why = "out of memory";
	else if (fread(b->data, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
		why = "unreadable";
	fclose(f);
	if (why) {
		if (!strcmp(why, "too big"))
			fprintf(stderr, "mkimage: %s is over %zu bytes\n", path, max);
		else
			fprintf(stderr, "mkimage: %s: %s\n", path, why);
		free(b->data);
		b->data = NULL;
		return -1;
	}
	b->size = (size_t)st.st_size;
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

