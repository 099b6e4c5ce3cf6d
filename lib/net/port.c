/* SPDX-License-Identifier: BSD-2-Clause */
/* port.c - lwIP's platform hooks (arch/cc.h): diagnostics and assertions on the
 * console, random numbers, and sys_now from the kernel's TIMECOUNTER. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "baremetal.h"
#include <errno.h>
#include "lwip/err.h"
#include "lwip/sys.h"
#include "netif_bm.h"

void bm_lwip_diag(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

_Noreturn void bm_lwip_assert(const char *msg, const char *file, int line)
{
	printf("lwip: assertion \"%s\" failed at %s:%d\n", msg, file, line);
	fflush(stdout);
	exit(70);
}

/* RDRAND where the CPU has it (CPUID.1:ECX bit 30), else xorshift seeded by the TSC:
 * DNS ids and ports, TCP initial sequence numbers. */
uint32_t bm_lwip_rand(void)
{
	static int have_rdrand = -1;
	static uint64_t state;
	if (have_rdrand < 0) {
		uint32_t a = 1, b, c, d;
		__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
		have_rdrand = (c >> 30) & 1;
	}
	if (have_rdrand) {
		for (int i = 0; i < 10; i++) {
			uint32_t v;
			unsigned char ok;
			__asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
			if (ok)
				return v;
		}
	}
	if (state == 0)
		state = b_system(TSC, 0, 0) | 1;
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (uint32_t)(state >> 16);
}

/* Milliseconds since the first call; 32 bits wrap after 49 days, as lwIP expects. */
u32_t sys_now(void)
{
	static uint64_t per_ms, start;
	if (per_ms == 0) {
		uint64_t hz = b_system(TIMECOUNTER_HZ, 0, 0);
		per_ms = hz >= 1000 ? hz / 1000 : 1;
		start = b_system(TIMECOUNTER, 0, 0);
	}
	return (u32_t)((b_system(TIMECOUNTER, 0, 0) - start) / per_ms);
}

/* lwIP's err_t as a positive errno (api/err.c's table is built only with sockets). */
int bm_errno(err_t e)
{
	switch (e) {
	case ERR_OK:         return 0;
	case ERR_MEM:        return ENOMEM;
	case ERR_BUF:        return ENOBUFS;
	case ERR_TIMEOUT:    return ETIMEDOUT;
	case ERR_RTE:        return EHOSTUNREACH;
	case ERR_INPROGRESS: return EINPROGRESS;
	case ERR_VAL:        return EINVAL;
	case ERR_WOULDBLOCK: return EWOULDBLOCK;
	case ERR_USE:        return EADDRINUSE;
	case ERR_ALREADY:    return EALREADY;
	case ERR_ISCONN:     return EISCONN;
	case ERR_CONN:       return ENOTCONN;
	case ERR_IF:         return ENODEV;
	case ERR_ABRT:       return ECONNABORTED;
	case ERR_RST:        return ECONNRESET;
	case ERR_CLSD:       return ENOTCONN;
	case ERR_ARG:        return EINVAL;
	default:             return EIO;
	}
}

uint64_t bm_net_us(void)
{
	static uint64_t hz;
	if (hz == 0)
		hz = b_system(TIMECOUNTER_HZ, 0, 0);
	uint64_t t = b_system(TIMECOUNTER, 0, 0);
	return hz ? t / hz * 1000000 + t % hz * 1000000 / hz : 0;
}
