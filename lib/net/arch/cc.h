/* SPDX-License-Identifier: BSD-2-Clause */
/* arch/cc.h - lwIP's compiler and platform port for BareMetal-C programs: gcc on
 * x86-64, little-endian, newlib's headers. A failed lwIP assertion prints on the
 * console and ends the program (lib/net/port.c). */
#ifndef BM_LWIP_ARCH_CC_H
#define BM_LWIP_ARCH_CC_H

#include <stdint.h>
#include <stddef.h>
#include <errno.h>
#include <sys/types.h>     /* ssize_t, and BYTE_ORDER from newlib's machine/endian.h */

#ifndef BYTE_ORDER
#define BYTE_ORDER LITTLE_ENDIAN
#endif
#define SSIZE_MAX 0x7FFFFFFFFFFFFFFFL   /* lwIP's arch.h: ssize_t is defined */
#define LWIP_NO_INTTYPES_H 0
#define LWIP_TIMEVAL_PRIVATE 0

void bm_lwip_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void bm_lwip_assert(const char *msg, const char *file, int line);
uint32_t bm_lwip_rand(void);

#define LWIP_PLATFORM_DIAG(x)           do { bm_lwip_diag x; } while (0)
#define LWIP_PLATFORM_ASSERT(x)         bm_lwip_assert(x, __FILE__, __LINE__)
#define LWIP_RAND()                     bm_lwip_rand()

#endif
