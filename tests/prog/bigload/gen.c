// SPDX-License-Identifier: BSD-2-Clause
/* gen.c - host tool: writes N MiB of the pattern (pattern.h) to stdout, for big.S. */
#include <stdio.h>
#include <stdlib.h>
#include "pattern.h"

int main(int argc, char **argv)
{
	if (argc != 2 || atoi(argv[1]) <= 0) {
		fprintf(stderr, "usage: gen MIB > big.bin\n");
		return 2;
	}
	uint64_t n = (uint64_t)atoi(argv[1]) << 20;
	for (uint64_t i = 0; i < n; i++)
		if (putchar(big_pattern(i)) == EOF)
			return 1;
	return fflush(stdout) ? 1 : 0;
}
