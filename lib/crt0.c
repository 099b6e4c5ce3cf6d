// SPDX-License-Identifier: BSD-2-Clause
/* crt0.c - program entry: the first byte of every app (lib/app.ld puts .text.start
 * first). Clears .bss (BareMetal's Monitor does not), saves a return context, runs the
 * constructors of .init_array in order, main, and returns main's status to the kernel.
 * Built twice: bare (LIBC=none), where the destructors of .fini_array run after main;
 * and with -DBMC_LIBC for the C library, where exit() runs atexit and __cxa_atexit
 * handlers, then .fini_array (registered first, so it runs last, as glibc does), flushes
 * stdio and calls _exit, which comes back here (lib/sys_exit.c). */
#include "crt0.h"
#ifdef BMC_LIBC
#include <stdlib.h>
#endif

extern char __bss_start[], __bss_end[];
typedef void (*init_fn)(void);
extern init_fn __init_array_start[], __init_array_end[];
extern init_fn __fini_array_start[], __fini_array_end[];
int main(int argc, char **argv);

void *__bmc_exit_ctx[5];   /* __builtin_setjmp's buffer: frame, label, stack pointer */
int __bmc_exit_status;

static char *argv0[] = { "app", 0 };

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

/* Outside _start: __builtin_setjmp needs its caller's frame intact (GCC manual,
 * "Nonlocal Gotos"), and this one returns only through __builtin_longjmp or here. */
static __attribute__((noinline)) void run_program(void)
{
#ifdef BMC_LIBC
	atexit(run_fini_array);
	run_init_array();
	exit(main(1, argv0));
#else
	run_init_array();
	__bmc_exit_status = main(1, argv0);
	run_fini_array();
#endif
}

__attribute__((section(".text.start"), used)) int _start(void)
{
	for (char *p = __bss_start; p < __bss_end; p++)
		*(volatile char *)p = 0;
	if (__builtin_setjmp(__bmc_exit_ctx) == 0)
		run_program();
	return __bmc_exit_status;
}
