/* SPDX-License-Identifier: BSD-2-Clause */
/* isn.c - TCP initial sequence numbers as RFC 6528 3 asks: ISN = M + F(localip,
 * localport, remoteip, remoteport, secretkey), M a clock ticking every 4 us and F
 * SipHash-2-4 (a keyed pseudorandom function) under a key drawn once from LWIP_RAND.
 * lwIP's own (6510 plus the ticks so far) can be guessed by anyone, and with it a blind
 * peer can forge segments of another's connection (RFC 6528 1). */
#include <string.h>
#include "lwip/arch.h"
#include "lwip/ip_addr.h"
#include "bm_hooks.h"
#include "netif_bm.h"

static uint64_t key[2];
static int have_key;

static uint64_t rotl(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

#define SIPROUND do { \
	v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32); \
	v2 += v3; v3 = rotl(v3, 16); v3 ^= v2; \
	v0 += v3; v3 = rotl(v3, 21); v3 ^= v0; \
	v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32); \
} while (0)

/* SipHash-2-4 of n bytes (n a multiple of 8 here). */
static uint64_t siphash(const uint8_t *m, size_t n)
{
	uint64_t v0 = 0x736f6d6570736575ull ^ key[0], v1 = 0x646f72616e646f6dull ^ key[1];
	uint64_t v2 = 0x6c7967656e657261ull ^ key[0], v3 = 0x7465646279746573ull ^ key[1];
	for (size_t i = 0; i < n; i += 8) {
		uint64_t w;
		memcpy(&w, m + i, 8);
		v3 ^= w;
		SIPROUND;
		SIPROUND;
		v0 ^= w;
	}
	uint64_t last = (uint64_t)(n & 0xFF) << 56;
	v3 ^= last;
	SIPROUND;
	SIPROUND;
	v0 ^= last;
	v2 ^= 0xFF;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

static void put_addr(uint8_t *out, const ip_addr_t *a)
{
	memset(out, 0, 16);
	if (IP_IS_V6(a))
		memcpy(out, ip_2_ip6(a)->addr, 16);
	else
		memcpy(out, &ip_2_ip4(a)->addr, 4);
}

u32_t bm_tcp_isn(const ip_addr_t *local, u16_t lport, const ip_addr_t *remote, u16_t rport)
{
	if (!have_key) {
		for (int i = 0; i < 4; i++)
			key[i / 2] = key[i / 2] << 32 | LWIP_RAND();
		have_key = 1;
	}
	uint8_t m[40] = { 0 };
	put_addr(m, local);
	put_addr(m + 16, remote);
	memcpy(m + 32, &lport, 2);
	memcpy(m + 34, &rport, 2);
	return (u32_t)(bm_net_us() / 4) + (u32_t)siphash(m, sizeof(m));
}
