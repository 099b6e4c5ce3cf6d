// SPDX-License-Identifier: BSD-2-Clause
/* redzone.c - device interrupts leave the interrupted code's red zone alone (kernel/
 * isr.asm moves them 128 bytes below RSP): a leaf loop keeps 128 bytes there while a
 * 50 us CALLBACK_TIMER interrupts it a few hundred times; TAP. */
#include "baremetal.h"
#include "../tap.h"

#define TICKS 300

uint64_t redzone_spin(const volatile uint64_t *ticks, uint64_t until);
static volatile uint64_t ticks;

static void tick(void)
{
	ticks++;
}

int main(void)
{
	tap_puts("TAP version 13\n");
	tap_ok(b_system(CALLBACK_TIMER, (uint64_t)tick, 50) == 0, "CALLBACK_TIMER at 50 us");
	uint64_t changed = redzone_spin(&ticks, TICKS);
	b_system(CALLBACK_TIMER, 0, 0);
	tap_diag("ticks", ticks);
	tap_diag("changed", changed);
	tap_ok(changed == 0, "the red zone survived every timer interrupt");
	tap_exit();
}
