/* SPDX-License-Identifier: BSD-2-Clause */
/* isn.c - TCP initial sequence numbers as RFC 6528 3 asks: ISN = M + F(localip,
 * localport, remoteip, remoteport, secretkey), M a clock ticking every 4 us and F
 * SipHash-2-4 (siphash.c, a keyed pseudorandom function) under a key drawn once.
 * lwIP's own (6510 plus the ticks so far) can be guessed by anyone, and with it a blind
 * peer can forge segments of another's connection (RFC 6528 1). */
#include <string.h>
#include "baremetal.h"
#include "lwip/arch.h"
#include "lwip/ip_addr.h"
#include "bm_hooks.h"
#include "netif_bm.h"
#include "siphash.h"

static uint64_t key[2];
static int have_key;

/* The key: LWIP_RAND's, which is RDRAND where the CPU has it (port.c). Without RDRAND
 * (QEMU's default CPU) LWIP_RAND is a xorshift whose outputs go on the wire (DHCP xids,
 * DNS ids, local ports) and give its state, so its next outputs, away: the TSC of the
 * moment the key is drawn (the first connection's, which a peer does not know to the
 * cycle) is hashed in. RFC 6528 3 wants the key unknown to an attacker: with neither
 * RDRAND nor another entropy source that is the best a program can do. */
static void make_key(void)
{
	uint64_t r[2], in[3];
	for (int i = 0; i < 2; i++)
		r[i] = (uint64_t)LWIP_RAND() << 32 | LWIP_RAND();
	in[0] = b_system(TSC, 0, 0);
	in[1] = bm_net_us();
	in[2] = 0;
	key[0] = bm_siphash24(r, in, sizeof(in));
	in[2] = 1;
	key[1] = bm_siphash24(r, in, sizeof(in));
	have_key = 1;
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
	if (!have_key)
		make_key();
	uint8_t m[40] = { 0 };
	put_addr(m, local);
	put_addr(m + 16, remote);
	memcpy(m + 32, &lport, 2);
	memcpy(m + 34, &rport, 2);
	return (u32_t)(bm_net_us() / 4) + (u32_t)bm_siphash24(key, m, sizeof(m));
}
