/* SPDX-License-Identifier: BSD-2-Clause */
/* string.h - the string functions lwIP calls in the Monitor's freestanding build
 * (lib/net/mon/string.c). */
#ifndef BM_MON_STRING_H
#define BM_MON_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);

#endif
