/* SPDX-License-Identifier: BSD-2-Clause */
/* irq.h - the device interrupt table: kernel/idt.c's irq_handler calls the function set
 * for a vector, then sends the EOI. A driver sets its own from its init call. */
#ifndef IRQ_H
#define IRQ_H

#include <stdint.h>

typedef void (*irq_fn)(void);

/* fn runs on every interrupt of vector (0: none). The vector needs its stub and gate
 * (kernel/isr.asm, idt_init): VEC_IOAPIC_TEST, VEC_KEYBOARD, VEC_TIMER, VEC_WAKE. */
void irq_set(uint8_t vector, irq_fn fn);

#endif
