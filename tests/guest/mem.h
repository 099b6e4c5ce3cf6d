/* SPDX-License-Identifier: BSD-2-Clause */
/* mem.h - memcpy and memset for guest programs, which have no libc but get calls to them
 * from gcc for copies and fills. Include once per program. */
#ifndef GUEST_MEM_H
#define GUEST_MEM_H

#include <stdint.h>

__attribute__((optimize("no-tree-loop-distribute-patterns")))
void *memcpy(void *d, const void *s, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		((uint8_t *)d)[i] = ((const uint8_t *)s)[i];
	return d;
}

__attribute__((optimize("no-tree-loop-distribute-patterns")))
void *memset(void *d, int c, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		((uint8_t *)d)[i] = (uint8_t)c;
	return d;
}

#endif
