// SPDX-License-Identifier: BSD-2-Clause
/* kpack_main.c - kpack IN OUT: packs IN (tools/kpack.h) and checks the result unpacks to
 * IN again with the reference decoder before writing OUT. */
#include "tools/kpack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: kpack IN OUT\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	static uint8_t in[1 << 20], back[1 << 20];
	size_t n = fread(in, 1, sizeof(in), f);
	int big = !feof(f) || ferror(f);
	fclose(f);
	if (big) {
		fprintf(stderr, "kpack: %s: unreadable or over 1 MiB\n", argv[1]);
		return 1;
	}
	uint8_t *out = malloc(kpack_bound(n));
	if (!out)
		return 1;
	size_t m = kpack(in, n, out);
	if (m > kpack_bound(n) || kunpack(out, m, back, sizeof(back)) != n || memcmp(in, back, n)) {
		fprintf(stderr, "kpack: %s: the packed stream does not unpack to its input\n", argv[1]);
		return 1;
	}
	f = fopen(argv[2], "wb");
	if (!f || fwrite(out, 1, m, f) != m || fclose(f)) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}
