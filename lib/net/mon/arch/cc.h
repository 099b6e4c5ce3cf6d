/* SPDX-License-Identifier: BSD-2-Clause */
/* arch/cc.h - lwIP's compiler and platform port for the Monitor's freestanding build
 * (lib/net/mon/lwipopts.h): gcc on x86-64, little-endian, gcc's own headers only (no
 * C library). Assertions are compiled out to keep the payload small (LWIP_NOASSERT);
 * lwIP's LWIP_ERROR checks stay. */
#ifndef BM_MON_LWIP_ARCH_CC_H
#define BM_MON_LWIP_ARCH_CC_H

#include <stdint.h>
#include <stddef.h>

#define BYTE_ORDER LITTLE_ENDIAN
#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_LIMITS_H   1
#define LWIP_NO_UNISTD_H   1
#define LWIP_NO_CTYPE_H    1
#define LWIP_TIMEVAL_PRIVATE 0
typedef long ssize_t;
#define SSIZE_MAX 0x7FFFFFFFFFFFFFFFL

/* printf formats appear only in debug messages, which this build has none of */
#define X8_F  "x"
#define U16_F "u"
#define S16_F "d"
#define X16_F "x"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "lu"

#define LWIP_NOASSERT 1
#define LWIP_PLATFORM_DIAG(x)   do { } while (0)
#define LWIP_PLATFORM_ASSERT(x) do { } while (0)

uint32_t mon_net_rand(void);
#define LWIP_RAND() mon_net_rand()

#endif
