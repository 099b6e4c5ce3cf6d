// SPDX-License-Identifier: BSD-2-Clause
/* hello.c - the smallest program: one line through b_output. */
#include "baremetal.h"

int main(void)
{
	static const char msg[] = "Hello from a BareMetal-C program!\n";

	b_output(msg, sizeof(msg) - 1);
	return 0;
}
