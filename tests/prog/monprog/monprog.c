// SPDX-License-Identifier: BSD-2-Clause
/* monprog.c - programs the Monitor runs in tests/system/test_monitor.py, one per mode
 * letter of MONPROG-MODE:X (patched by the host):
 *   F  faults (ud2) after a line: the Monitor must come back
 *   T  leaves a timer callback running that counts into `ticks`, prints its address
 *   C  leaves everything a program may change: b_output replaced by a routine that
 *      drops it, every console off, keyboard and network callbacks that swallow keys,
 *      and interrupts off
 *   M  mallocs 1 MiB blocks until malloc fails, writing each block's first and last
 *      byte: ENOMEM, and the heap ends below the per-core stacks (lib/sys_mem.c). The
 *      program has BALLAST MiB of .bss, more than FREE_MEMORY's rounding to whole MiB
 *      hides: a heap that ended at _end + FREE_MEMORY would reach into the stacks. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "baremetal.h"
#include "bootinfo.h"

#define INFO        ((const volatile struct bootinfo *)0x5000)
#define PROGRAM     0xFFFF800000000000ull
#define BLOCK       (1u << 20)
#define TICKS_SEEN  5
#define WAIT_MS_MAX 10000
#define BALLAST     4

static volatile char ballast[BALLAST << 20];   /* volatile: kept though only written */

static volatile char mode[] = "MONPROG-MODE:X";
static volatile uint64_t ticks;

static void tick(void)
{
	ticks++;
}

static void swallow_key(uint64_t key)
{
	(void)key;
}

static void on_frame(void)
{
}

/* A b_output that drops everything (BareMetal's register convention: it keeps all). */
void null_output(void);
__asm__(".text\n.globl null_output\nnull_output:\n\tret\n");

static int leave_timer(void)
{
	if (b_system(CALLBACK_TIMER, (uint64_t)(uintptr_t)tick, 1000)) {
		printf("monprog: CALLBACK_TIMER refused\n");
		return 1;
	}
	for (int ms = 0; ticks < TICKS_SEEN && ms < WAIT_MS_MAX; ms++)
		b_system(DELAY, 1000, 0);
	printf("monprog: timer ticks=%s counter at %lx\n", ticks >= TICKS_SEEN ? "running" : "none",
	       (unsigned long)(uintptr_t)&ticks);
	return 0;
}

static int leave_everything(void)
{
	printf("monprog: changing the consoles and callbacks\n");
	fflush(stdout);
	b_system(CALLBACK_KEYBOARD, (uint64_t)(uintptr_t)swallow_key, 0);
	b_system(CALLBACK_NETWORK, (uint64_t)(uintptr_t)on_frame, 0);
	b_system(STDOUT_SET, (uint64_t)(uintptr_t)null_output, 0);
	b_system(CONSOLE_SET, 0, 0);
	__asm__ volatile("cli");
	return 0;
}

static int malloc_all(void)
{
	uint64_t limit = PROGRAM + INFO->program_size + (b_system(FREE_MEMORY, 0, 0) << 20);
	uintptr_t top = 0;
	unsigned long n = 0;
	char *p;

	ballast[sizeof(ballast) - 1] = 1;
	errno = 0;
	while ((p = malloc(BLOCK)) != NULL) {
		p[0] = 1;
		p[BLOCK - 1] = 1;
		if ((uintptr_t)p + BLOCK > top)
			top = (uintptr_t)p + BLOCK;
		n++;
	}
	int err = errno;
	printf("monprog: malloc %s after %lu MiB of %lu free, heap top %s the stacks\n",
	       err == ENOMEM ? "ENOMEM" : "no ENOMEM", n, (unsigned long)b_system(FREE_MEMORY, 0, 0),
	       top && top <= limit ? "below" : "past");
	return 0;
}

int main(void)
{
	switch (mode[13]) {
	case 'F':
		printf("monprog: about to fault\n");
		fflush(stdout);
		__asm__ volatile("ud2");
		return 1;
	case 'T':
		return leave_timer();
	case 'C':
		return leave_everything();
	case 'M':
		return malloc_all();
	default:
		printf("monprog: mode %c\n", mode[13]);
		return 0;
	}
}
