/* SPDX-License-Identifier: BSD-2-Clause */
/* init.h - the drivers' bring-up, kernel/main.c's one call into drivers/ after the
 * console (console_init). */
#ifndef DRIVERS_INIT_H
#define DRIVERS_INIT_H

#include <stdint.h>

/* The PS/2 keyboard (its interrupt to bsp_apic_id), then every PCI device's driver;
 * reports a machine without drives or network interfaces. */
void drivers_init(uint8_t bsp_apic_id);

#endif
