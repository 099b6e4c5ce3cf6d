/* SPDX-License-Identifier: BSD-2-Clause */
/* shim.c - the kernel as lib/net sees it, for the fuzzer (net_fuzz.c): b_net_rx hands out
 * the one frame the fuzzer set, padded to 60 bytes as the kernel pads (README
 * "Network"); b_net_tx checks each frame lwIP sends and discards it; the TIMECOUNTER is
 * a millisecond counter the fuzzer advances; NET_STATUS is the MAC 52:54:00:12:34:56.
 * NET_FUZZ_TRACE=1 in the environment prints every frame sent (to replay an input). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "baremetal.h"
#include "shim.h"

#define FRAME_MIN 60
#define FRAME_MAX 1514

uint64_t shim_now_ms;
uint64_t shim_tx_frames;
static uint64_t rand_state = 0x9E3779B97F4A7C15ull;
static uint8_t rx_frame[FRAME_MAX];
static uint64_t rx_len;

#define SHIM_CHECK(cond) do { if (!(cond)) { fprintf(stderr, "net_fuzz: sent frame: %s " \
	"(%s:%d)\n", #cond, __FILE__, __LINE__); abort(); } } while (0)

void shim_set_frame(const uint8_t *frame, size_t len)
{
	if (len == 0 || len > FRAME_MAX) {
		rx_len = 0;             /* none, or one the NIC drops (counted, never returned) */
		return;
	}
	memcpy(rx_frame, frame, len);
	if (len < FRAME_MIN)
		memset(rx_frame + len, 0, FRAME_MIN - len);
	rx_len = len < FRAME_MIN ? FRAME_MIN : len;
}

uint64_t b_net_rx(void **frame, uint64_t iface)
{
	uint64_t len = iface == 0 ? rx_len : 0;
	rx_len = 0;
	if (frame)
		*frame = len ? rx_frame : NULL;
	return len;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The IPv4 header checksum (RFC 1071) over n bytes: 0xFFFF folded when it is right. */
static uint16_t sum16(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		s += be16(p + i);
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	return (uint16_t)s;
}

/* What lwIP sends must be a frame the NIC takes, with consistent IP headers. */
void b_net_tx(const void *frame, uint64_t len, uint64_t iface)
{
	const uint8_t *f = frame;
	SHIM_CHECK(iface == 0 && f != NULL);
	SHIM_CHECK(len >= 14 && len <= FRAME_MAX);
	shim_tx_frames++;
	if (getenv("NET_FUZZ_TRACE") != NULL) {      /* what the stack answers, in hex */
		fprintf(stderr, "net_fuzz: tx %3llu ", (unsigned long long)len);
		for (uint64_t i = 0; i < len; i++)
			fprintf(stderr, "%02x", f[i]);
		fputc('\n', stderr);
	}
	uint16_t type = be16(f + 12);
	if (type == 0x0800) {
		SHIM_CHECK(len >= 14 + 20);
		unsigned ihl = (f[14] & 0xF) * 4u;
		SHIM_CHECK(f[14] >> 4 == 4 && ihl >= 20 && 14 + ihl <= len);
		SHIM_CHECK(be16(f + 16) >= ihl && 14u + be16(f + 16) <= len);
		SHIM_CHECK(sum16(f + 14, ihl) == 0xFFFF);
	} else if (type == 0x86DD) {
		SHIM_CHECK(len >= 14 + 40 && f[14] >> 4 == 6);
		SHIM_CHECK(14u + 40u + be16(f + 18) <= len);
	}
}

uint64_t b_system(uint64_t function, uint64_t var1, uint64_t var2)
{
	switch (function) {
	case NET_STATUS:
		return var2 == 0 ? 0x525400123456ull : 0;
	case TIMECOUNTER:
		return shim_now_ms;
	case TIMECOUNTER_HZ:
		return 1000;
	case TSC:
		return shim_now_ms * 1000000;
	case NET_STATS:
		if (var1 != 0)
			memset((void *)(uintptr_t)var1, 0, sizeof(struct b_net_stats));
		return var2 == 0 ? 0 : (uint64_t)-22;
	default:
		return (uint64_t)-22;
	}
}

/* lwIP's LWIP_RAND (arch/cc.h): xorshift, part of the restored state, so that every
 * run of an input draws the same ports and ids. port.c's own (RDRAND) is renamed away
 * in this build. */
uint32_t bm_lwip_rand(void)
{
	rand_state ^= rand_state << 13;
	rand_state ^= rand_state >> 7;
	rand_state ^= rand_state << 17;
	return (uint32_t)(rand_state >> 16);
}
