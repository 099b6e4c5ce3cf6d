// SPDX-License-Identifier: BSD-2-Clause
/* triple.c - proves the harness catches a triple fault: an empty IDT, then int3. */
#include "baremetal.h"

int main(void)
{
	static const struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) empty = { 0, 0 };

	b_output("triple fault next\n", 18);
	__asm__ volatile("cli; lidt %0; int3" : : "m"(empty));
	return 0;
}
