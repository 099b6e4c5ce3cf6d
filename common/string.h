/* SPDX-License-Identifier: BSD-2-Clause */
/* string.h - the freestanding memory and string calls (common/string.c), for the loader
 * and the kernel; GCC may emit calls to the first four itself. */
#ifndef COMMON_STRING_H
#define COMMON_STRING_H

#include <stddef.h>

void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
