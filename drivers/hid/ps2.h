/* SPDX-License-Identifier: BSD-2-Clause */
/* ps2.h - the PS/2 keyboard. */
#ifndef PS2_H
#define PS2_H

#include <stdint.h>

/* Sets up the 8042 and the keyboard and routes IRQ 1 to the BSP; 0 or -ENODEV (no
 * controller), -ETIMEDOUT, -EIO (no keyboard). */
int ps2_init(uint8_t bsp_apic_id);
/* The IRQ 1 handler's work: turns the waiting bytes into keys. */
void ps2_interrupt(void);

#endif
