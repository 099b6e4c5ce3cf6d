// SPDX-License-Identifier: BSD-2-Clause
/* crt0.c - program entry: the first byte of every app (lib/app.ld puts .text.start
 * first). Clears .bss, runs main and returns to the kernel. */
extern char __bss_start[], __bss_end[];
int main(void);

__attribute__((section(".text.start"), used)) int _start(void)
{
	for (char *p = __bss_start; p < __bss_end; p++)
		*(volatile char *)p = 0;
	return main();
}
