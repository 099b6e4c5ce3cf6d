/* SPDX-License-Identifier: BSD-2-Clause */
/* ps2.h - the PS/2 keyboard. */
#ifndef PS2_H
#define PS2_H

#include <stdint.h>

/* Sets up the 8042 and the keyboard and routes IRQ 1 to the BSP; 0 or -ENODEV (no
 * controller), -ETIMEDOUT, -EIO (no keyboard). Sets its VEC_KEYBOARD handler. */
int ps2_init(uint8_t bsp_apic_id);

#endif
