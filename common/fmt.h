/* SPDX-License-Identifier: BSD-2-Clause */
/* fmt.h - a small printf for the loader and the kernel, with one output hook (log_write)
 * each image provides. */
#ifndef FMT_H
#define FMT_H

#include <stdarg.h>
#include <stddef.h>
#include "common/string.h"   /* most callers use both */

/* Formats into buf (always NUL-terminated when size > 0); returns the length it wanted.
 * Knows %s %c %d %u %x %p %% with an optional 0 flag, width and l/ll. */
size_t fmt_vsnprintf(char *buf, size_t size, const char *f, va_list ap);
/* Where kprintf's text goes: COM1 in the loader, every console in the kernel. */
void log_write(const char *s, size_t n);
/* Formats (as fmt_vsnprintf, at most 255 bytes) to log_write. */
void kprintf(const char *f, ...) __attribute__((format(printf, 1, 2)));

#endif
