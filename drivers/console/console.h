/* SPDX-License-Identifier: BSD-2-Clause */
/* console.h - the console class: b_output and the kernel log go to every enabled output
 * (COM1, the VGA text screen, the linear framebuffer). */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#define CONSOLE_SERIAL 1u
#define CONSOLE_VGA    2u
#define CONSOLE_LFB    4u

/* Finds the outputs (after serial_init): the framebuffer from the information table, else
 * VGA text mode when the BIOS booted us and a display controller exists. Enables all. */
void console_init(void);
/* Writes to every enabled output, one writer at a time (kernel/outlock.h); '\n' is a new
 * line everywhere. */
void console_write(const char *s, size_t n);
/* CONSOLE_SET: enables the outputs in mask that exist; returns the enabled set. */
uint32_t console_select(uint64_t mask);
uint32_t console_enabled(void);

#endif
