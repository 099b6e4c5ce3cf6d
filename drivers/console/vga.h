/* SPDX-License-Identifier: BSD-2-Clause */
/* vga.h - VGA text mode 80x25 at 0xB8000: scrolling, hardware cursor, the build's font. */
#ifndef VGA_H
#define VGA_H

#include <stdbool.h>
#include <stddef.h>

/* Clears the screen, loads the console font into the character generator; false when the
 * screen is not in a text mode we drive. */
bool vga_init(void);
void vga_write(const char *s, size_t n);

#endif
