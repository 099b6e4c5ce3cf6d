/* SPDX-License-Identifier: BSD-2-Clause */
/* lfb.h - a text console on the linear framebuffer (32 bpp) with the build's 8x16 font. */
#ifndef LFB_H
#define LFB_H

#include <stdbool.h>
#include <stddef.h>
#include "include/bootinfo.h"

/* Clears the framebuffer described by the information table; false without one. */
bool lfb_init(const struct bootinfo *bi);
void lfb_write(const char *s, size_t n);

#endif
