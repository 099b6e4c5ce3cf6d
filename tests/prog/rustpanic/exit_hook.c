// SPDX-License-Identifier: BSD-2-Clause
/* exit_hook.c - the C side of rustpanic: an on_exit handler, registered by a
 * constructor, prints the status exit() was called with. */
#include <stdlib.h>
#include "baremetal.h"

static void report(int status, void *arg)
{
	char line[] = "rustpanic: exit hook: status 000\n";
	unsigned v = (unsigned)status;

	(void)arg;
	for (int i = 31; i >= 29; i--, v /= 10)
		line[i] = (char)('0' + v % 10);
	b_output(line, sizeof(line) - 1);
}

__attribute__((constructor)) static void setup(void)
{
	on_exit(report, 0);
}
