// SPDX-License-Identifier: BSD-2-Clause
/* hang.c - proves the harness catches a hang: a core that never speaks again. */
#include "baremetal.h"

int main(void)
{
	b_output("hanging now\n", 12);
	for (;;)
		__asm__ volatile("cli; hlt");
}
