// SPDX-License-Identifier: BSD-2-Clause
/* fault.c - a program that divides by zero: the kernel must print its crash report. */
#include "baremetal.h"

int main(void)
{
	volatile uint64_t zero = 0;

	b_output("dividing by zero\n", 17);
	__asm__ volatile("mov $0x1234, %%r15\n\t"
			 "xor %%edx, %%edx\n\t"
			 "mov $1, %%eax\n\t"
			 "divq %0" : : "m"(zero) : "rax", "rdx", "r15");
	b_output("still running\n", 14);
	return 0;
}
