/* SPDX-License-Identifier: BSD-2-Clause */
/* callbacks.h - the program's callbacks on this core's APIC timer (api/callbacks.c). */
#ifndef CALLBACKS_H
#define CALLBACKS_H

#include <stdint.h>

/* Sets this core's callback in slot (a struct cpu field) to fn, 0 for none; period_us is
 * CALLBACK_TIMER's (0: 1 ms). Starts or stops the timer; 0 or a negative errno. */
uint64_t callback_set(uint64_t *slot, uint64_t fn, uint64_t period_us);
/* VEC_TIMER's handler (kernel/irq.h): the callbacks due on this tick. */
void callbacks_run(void);

#endif
