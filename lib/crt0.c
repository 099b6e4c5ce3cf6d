// SPDX-License-Identifier: BSD-2-Clause
/* crt0.c - program entry: the first byte of every app (lib/app.ld puts .text.start
 * first). Clears .bss (BareMetal's Monitor does not), runs the constructors of
 * .init_array in order, then main, and returns main's status to the kernel. Built twice:
 * bare (LIBC=none), where the destructors of .fini_array run after main and crt0 has no
 * data of its own; and with -DBMC_LIBC for the C library, where a return context is saved
 * first and exit() runs the atexit and __cxa_atexit handlers, then .fini_array
 * (registered first, so it runs last, as glibc does), flushes stdio and calls _exit,
 * which comes back here (lib/sys_exit.c). */
#include "crt0.h"
#ifdef BMC_LIBC
#include <stdlib.h>
#include "baremetal.h"
#endif

extern char __bss_start[], __bss_end[];
typedef void (*init_fn)(void);
extern init_fn __init_array_start[], __init_array_end[];
extern init_fn __fini_array_start[], __fini_array_end[];
int main(int argc, char **argv);

static void run_init_array(void)
{
	for (init_fn *f = __init_array_start; f < __init_array_end; f++)
		(*f)();
}

/* In reverse order (ELF gABI, "Initialization and Termination Functions"). */
static void run_fini_array(void)
{
	for (init_fn *f = __fini_array_end; f > __fini_array_start; )
		(*--f)();
}

static void clear_bss(void)
{
	for (char *p = __bss_start; p < __bss_end; p++)
		*(volatile char *)p = 0;
}

#ifdef BMC_LIBC
void *__bmc_exit_ctx[5];   /* __builtin_setjmp's buffer: frame, label, stack pointer */
int __bmc_exit_status;
unsigned __bmc_main_core;

/* Outside _start: __builtin_setjmp needs its caller's frame intact (GCC manual,
 * "Nonlocal Gotos"); this one leaves only through exit() and __builtin_longjmp. */
static __attribute__((noinline)) void run_program(void)
{
	char *argv[] = { "app", 0 };

	__bmc_main_core = (unsigned)b_system(SMP_ID, 0, 0) + 1;
	atexit(run_fini_array);
	run_init_array();
	exit(main(1, argv));
}

__attribute__((section(".text.start"), used)) int _start(void)
{
	clear_bss();
	if (__builtin_setjmp(__bmc_exit_ctx) == 0)
		run_program();
	return __bmc_exit_status;
}
#else
__attribute__((section(".text.start"), used)) int _start(void)
{
	char *argv[] = { "app", 0 };
	int status;

	clear_bss();
	run_init_array();
	status = main(1, argv);
	run_fini_array();
	return status;
}
#endif
