// SPDX-License-Identifier: BSD-2-Clause
/* hello.c - the smallest program: one line through the C library's printf. */
#include <stdio.h>

int main(void)
{
	printf("Hello from a BareMetal-C program!\n");
	return 0;
}
