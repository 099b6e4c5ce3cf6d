// SPDX-License-Identifier: BSD-2-Clause
/* net.c - guest side of the network tests (tests/system/test_net.py is the host peer).
 * Prints "# net N mac=xx:xx:xx:xx:xx:xx" per interface and "# ifaces=N"; with none it
 * exits at once (status 33). Otherwise it serves every interface with this protocol, all
 * frames of EtherType 0x88B5, the payload (from byte 14) starting with an ASCII word:
 *   guest -> peer  "HELLO"        once per interface at start, to ff:ff:ff:ff:ff:ff.
 *   peer -> guest  "SEND n"       (decimal) the guest sends n frames, seq 0..n-1, to the
 *                                 requester: frame_len(seq) = 60 + seq * 98 % 1455 bytes,
 *                                 payload "GSEQ", seq (u32 big-endian), then byte i of the
 *                                 frame (i >= 22) = (seq * 7 + i) & 0xFF.
 *   peer -> guest  "STATS"        reply "STATS\0\0\0" + the six NET_STATS counters
 *                                 (tx_frames, tx_bytes, tx_errors, rx_frames, rx_bytes,
 *                                 rx_dropped; u64 little-endian) from payload byte 8.
 *   peer -> guest  "BAD"          b_net_tx with length 1515, length 0 and a NULL frame;
 *                                 reply "BAD\0\0\0\0\0" + u64 tx_errors growth + u64
 *                                 tx_frames growth (expect 3 and 0), also a TAP line.
 *   peer -> guest  "SINK..."      counted (rx stats) and dropped: for bursts.
 *   peer -> guest  "HOLD"         the guest stops reading for one second, then calls
 *                                 NET_CONFIG on that interface; reply "HELD\0\0\0\0" +
 *                                 u64 rx_dropped growth + u64 rx_frames growth.
 *   peer -> guest  "CALLBACK"     the guest stops polling and serves every frame from a
 *                                 CALLBACK_NETWORK callback; reply "CBON".
 *   peer -> guest  "PROBE"        reply "PROBING"; from then on every frame that interface
 *                                 returns, of any EtherType and length, is reported to
 *                                 the requester as "RXFRAME\0" + u64 length + u64 FNV-1a
 *                                 (32-bit) of all its bytes + its first 64 bytes (fewer
 *                                 when shorter, the rest zero), except the commands
 *                                 "STATS" and "ENDPROBE" (reply "PROBED", reports end).
 *   peer -> guest  "PLACES"       the guest sends PLACE_N frames in a row, each from where it
 *                                 lies (no copy): the payload area (.bss, aligned and at an
 *                                 odd address), program memory (aligned, odd, across a page
 *                                 boundary) and its own stack; frame k: payload "PLACE", k,
 *                                 then byte i (i >= 20) = (k * 13 + i) & 0xFF, place_len[k]
 *                                 bytes; then "PLACED".
 *   peer -> guest  "SPLIT"        the guest finds where program memory jumps physically (a
 *                                 page whose physical address does not follow the one
 *                                 before) and sends SPLIT_N frames across it: payload
 *                                 "SPLIT", k, then byte i (i >= 20) = (k * 29 + i) & 0xFF,
 *                                 split_len[k] bytes from split_at[k] bytes before it, each
 *                                 followed by a frame "FILL"; then
 *                                 "SPLITD" + u64 its offset in program memory (0: none, no
 *                                 frames).
 *   peer -> guest  "EXIT"         TAP summary and isa-debug-exit.
 *   anything else of 0x88B5       echoed back unchanged but for the swapped MACs.
 * Other EtherTypes are ignored. Replies leave on the interface the request came in on.
 * Frames leave through send(): a copy in one of two buffers per interface, alternating,
 * so that txf may change at once while b_net_tx's device still reads the frame it was
 * given until the next b_net_tx on that interface returns (README "Network"). */
#include "baremetal.h"
#include "../tap.h"
#include "../mem.h"

#define ETH_TYPE  0x88B5
#define MAX_IF    8


static uint8_t txf[1536], rxcopy[1536];
static uint8_t out[MAX_IF][2][1536];
static uint8_t place_bss[2][1536] __attribute__((aligned(64)));
#define PLACE_N    6
#define PLACE_PROG 0xFFFF800000200000ULL   /* program memory (the heap: free here) */
static const uint16_t place_len[PLACE_N] = { 1514, 1513, 1514, 999, 1514, 301 };
#define SPLIT_N    3
static const uint16_t split_len[SPLIT_N] = { 1514, 1514, 60 };
static const uint16_t split_at[SPLIT_N] = { 700, 1001, 30 };
static uint8_t outk[MAX_IF];
static volatile int callback_mode;
static uint64_t nifaces;
static uint8_t mac[MAX_IF][6];
static int probing;                 /* PROBE: frames on probe_if are reported */
static uint64_t probe_if;
static uint8_t probe_peer[6];

static int word(const uint8_t *p, uint64_t len, const char *w)
{
	uint64_t n = tap_len(w);
	if (len < 14 + n)
		return 0;
	for (uint64_t i = 0; i < n; i++)
		if (p[14 + i] != (uint8_t)w[i])
			return 0;
	return 1;
}

static void header(const uint8_t *dst, uint64_t i)
{
	for (int k = 0; k < 6; k++) {
		txf[k] = dst[k];
		txf[6 + k] = mac[i][k];
	}
	txf[12] = ETH_TYPE >> 8;
	txf[13] = ETH_TYPE & 0xFF;
}

/* b_net_tx from a buffer left alone until the next b_net_tx on interface i returns */
static void send(const uint8_t *f, uint64_t len, uint64_t i)
{
	uint8_t *o = out[i][outk[i] ^= 1];
	__builtin_memcpy(o, f, len);
	b_net_tx(o, len, i);
}

/* PLACES: every frame built first, then sent in a row; each buffer stays unchanged until
 * the next b_net_tx has returned (the last one is followed by PLACED). */
static void places(const uint8_t *dst, uint64_t i)
{
	uint8_t stack[1536];
	uint8_t *prog = (uint8_t *)PLACE_PROG;
	uint8_t *at[PLACE_N] = { place_bss[0], place_bss[1] + 1, prog, prog + 8192 + 3,
				 prog + 3 * 4096 - 700, stack + 5 };
	for (int k = 0; k < PLACE_N; k++) {
		uint8_t *f = at[k];
		for (int j = 0; j < 6; j++) {
			f[j] = dst[j];
			f[6 + j] = mac[i][j];
		}
		f[12] = ETH_TYPE >> 8;
		f[13] = ETH_TYPE & 0xFF;
		__builtin_memcpy(f + 14, "PLACE", 5);
		f[19] = (uint8_t)k;
		for (int j = 20; j < place_len[k]; j++)
			f[j] = (uint8_t)(k * 13 + j);
	}
	for (int k = 0; k < PLACE_N; k++)
		b_net_tx(at[k], place_len[k], i);
	header(dst, i);   /* while stack[] is still this frame's */
	__builtin_memset(txf + 14, 0, 46);
	__builtin_memcpy(txf + 14, "PLACED", 6);
	send(txf, 60, i);
	__asm__ volatile("" : : "r"(stack) : "memory");
}

/* The physical address of virt by the page tables (1 GiB, 2 MiB and 4 KiB pages), ~0
 * when not mapped. */
static uint64_t guest_phys(uint64_t virt)
{
	uint64_t e;
	__asm__ volatile("mov %%cr3, %0" : "=r"(e));
	for (int shift = 39; shift >= 12; shift -= 9) {
		e = ((const uint64_t *)(e & 0x000FFFFFFFFFF000ULL))[(virt >> shift) & 511];
		if (!(e & 1))
			return ~0ULL;
		if (shift == 12 || (shift < 39 && (e & 0x80))) {
			uint64_t size = 1ULL << shift;
			return (e & 0x000FFFFFFFFFF000ULL & ~(size - 1)) + (virt & (size - 1));
		}
	}
	return ~0ULL;
}

static void put64(uint8_t *p, uint64_t v);

/* SPLIT: the first 2 MiB step of program memory (below FREE_MEMORY) whose physical
 * address does not follow the step before, and frames across it. */
static void split(const uint8_t *dst, uint64_t i)
{
	const uint64_t base = 0xFFFF800000000000ULL, step = 2ULL << 20;
	uint64_t end = base + (b_system(FREE_MEMORY, 0, 0) << 20), jump = 0;
	for (uint64_t v = base + step; v + step <= end; v += step)
		if (guest_phys(v) != guest_phys(v - step) + step) {
			jump = v;
			break;
		}
	for (int k = 0; jump && k < SPLIT_N; k++) {
		uint8_t *f = (uint8_t *)(jump - split_at[k]);
		for (int j = 0; j < 6; j++) {
			f[j] = dst[j];
			f[6 + j] = mac[i][j];
		}
		f[12] = ETH_TYPE >> 8;
		f[13] = ETH_TYPE & 0xFF;
		__builtin_memcpy(f + 14, "SPLIT", 5);
		f[19] = (uint8_t)k;
		for (int j = 20; j < split_len[k]; j++)
			f[j] = (uint8_t)(k * 29 + j);
		b_net_tx(f, split_len[k], i);
		/* the frames overlap: the next is built once this one is done, after one more
		 * b_net_tx returned (this FILL frame) */
		header(dst, i);
		__builtin_memset(txf + 14, 0, 46);
		__builtin_memcpy(txf + 14, "FILL", 4);
		send(txf, 60, i);
	}
	header(dst, i);
	__builtin_memset(txf + 14, 0, 46);
	__builtin_memcpy(txf + 14, "SPLITD", 6);
	put64(txf + 22, jump ? jump - base : 0);
	send(txf, 60, i);
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int k = 0; k < 8; k++)
		p[k] = (uint8_t)(v >> (8 * k));
}

static void stats(uint64_t i, struct b_net_stats *s)
{
	b_system(NET_STATS, (uint64_t)(uintptr_t)s, i);
}

static void hexbyte(uint8_t b)
{
	char s[3] = { "0123456789abcdef"[b >> 4], "0123456789abcdef"[b & 15], 0 };
	tap_puts(s);
}

static void send_seq(uint64_t i, const uint8_t *dst, uint32_t n)
{
	for (uint32_t seq = 0; seq < n; seq++) {
		uint32_t len = 60 + seq * 98 % 1455;
		header(dst, i);
		txf[14] = 'G', txf[15] = 'S', txf[16] = 'E', txf[17] = 'Q';
		for (int k = 0; k < 4; k++)
			txf[18 + k] = (uint8_t)(seq >> (24 - 8 * k));
		for (uint32_t k = 22; k < len; k++)
			txf[k] = (uint8_t)(seq * 7 + k);
		send(txf, len, i);
	}
	tap_puts("# sent ");
	tap_putu(n);
	tap_puts("\n");
}

static uint32_t fnv1a(const uint8_t *p, uint64_t n)
{
	uint32_t h = 2166136261u;
	for (uint64_t k = 0; k < n; k++)
		h = (h ^ p[k]) * 16777619u;
	return h;
}

/* PROBE mode: what b_net_rx gave for one frame, reported to the peer */
static void report(uint64_t i, const uint8_t *f, uint64_t len)
{
	header(probe_peer, i);
	__builtin_memset(txf + 14, 0, 88);
	__builtin_memcpy(txf + 14, "RXFRAME", 7);
	put64(txf + 22, len);
	put64(txf + 30, fnv1a(f, len));
	__builtin_memcpy(txf + 38, f, len < 64 ? len : 64);
	send(txf, 102, i);
}

static void reply(uint64_t i, const uint8_t *dst, const char *w)
{
	header(dst, i);
	__builtin_memset(txf + 14, 0, 46);
	__builtin_memcpy(txf + 14, w, tap_len(w));
	send(txf, 60, i);
}

static void handle(uint64_t i, const uint8_t *f, uint64_t len)
{
	const uint8_t *src = f + 6;
	struct b_net_stats a, b;
	int ours = len >= 14 && (f[12] << 8 | f[13]) == ETH_TYPE;

	if (probing && i == probe_if && !(ours && (word(f, len, "STATS") || word(f, len, "ENDPROBE")))) {
		report(i, f, len);
		return;
	}
	if (!ours)
		return;
	if (word(f, len, "PROBE")) {
		for (int k = 0; k < 6; k++)
			probe_peer[k] = src[k];
		probe_if = i;
		probing = 1;
		reply(i, src, "PROBING");
	} else if (word(f, len, "ENDPROBE")) {
		probing = 0;
		reply(i, src, "PROBED");
	} else if (word(f, len, "SEND ")) {
		uint32_t n = 0;
		for (uint64_t k = 19; k < len && f[k] >= '0' && f[k] <= '9'; k++)
			n = n * 10 + (f[k] - '0');
		send_seq(i, src, n);
	} else if (word(f, len, "STATS")) {
		stats(i, &a);
		header(src, i);
		__builtin_memset(txf + 14, 0, 8);
		__builtin_memcpy(txf + 14, "STATS", 5);
		put64(txf + 22, a.tx_frames);
		put64(txf + 30, a.tx_bytes);
		put64(txf + 38, a.tx_errors);
		put64(txf + 46, a.rx_frames);
		put64(txf + 54, a.rx_bytes);
		put64(txf + 62, a.rx_dropped);
		send(txf, 70, i);
	} else if (word(f, len, "SPLIT")) {
		split(src, i);
	} else if (word(f, len, "PLACES")) {
		places(src, i);
	} else if (word(f, len, "BAD")) {
		stats(i, &a);
		header(src, i);
		b_net_tx(txf, 1515, i);
		b_net_tx(txf, 0, i);
		b_net_tx(0, 60, i);
		stats(i, &b);
		tap_ok(b.tx_errors - a.tx_errors == 3 && b.tx_frames == a.tx_frames,
		       "oversize, empty and NULL frames refused");
		__builtin_memset(txf + 14, 0, 8);
		__builtin_memcpy(txf + 14, "BAD", 3);
		put64(txf + 22, b.tx_errors - a.tx_errors);
		put64(txf + 30, b.tx_frames - a.tx_frames);
		send(txf, 60, i);
	} else if (word(f, len, "HOLD")) {
		stats(i, &a);
		b_system(DELAY, 1000000, 0);        /* frames pile up in the ring meanwhile */
		b_system(NET_CONFIG, 0, i);
		stats(i, &b);
		header(src, i);
		__builtin_memset(txf + 14, 0, 8);
		__builtin_memcpy(txf + 14, "HELD", 4);
		put64(txf + 22, b.rx_dropped - a.rx_dropped);
		put64(txf + 30, b.rx_frames - a.rx_frames);
		send(txf, 60, i);
	} else if (word(f, len, "CALLBACK")) {
		void on_frames(void);
		callback_mode = 1;
		tap_ok(b_system(CALLBACK_NETWORK, (uint64_t)on_frames, 0) == 0, "CALLBACK_NETWORK set");
		header(src, i);
		__builtin_memset(txf + 14, 0, 46);
		__builtin_memcpy(txf + 14, "CBON", 4);
		send(txf, 60, i);
	} else if (word(f, len, "SINK")) {
		/* counted by the kernel, nothing else */
	} else if (word(f, len, "EXIT")) {
		stats(i, &a);
		tap_diag("tx_frames", a.tx_frames);
		tap_diag("rx_frames", a.rx_frames);
		tap_diag("rx_dropped", a.rx_dropped);
		tap_diag("tx_errors", a.tx_errors);
		tap_exit();
	} else {
		__builtin_memcpy(rxcopy, f, len);
		for (int k = 0; k < 6; k++) {
			rxcopy[k] = f[6 + k];
			rxcopy[6 + k] = f[k];
		}
		send(rxcopy, len, i);
	}
}

/* CALLBACK_NETWORK: runs on this core's timer while frames wait; drains them all. */
void on_frames(void)
{
	for (uint64_t i = 0; i < nifaces; i++) {
		void *f;
		uint64_t len;
		while ((len = b_net_rx(&f, i)))
			handle(i, f, len);
	}
}

int main(void)
{
	uint64_t n = 0;
	static const uint8_t bcast[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };

	for (; n < MAX_IF; n++) {
		uint64_t m = b_system(NET_STATUS, 0, n);
		if (!m)
			break;
		tap_puts("# net ");
		tap_putu(n);
		tap_puts(" mac=");
		for (int k = 0; k < 6; k++) {
			mac[n][k] = (uint8_t)(m >> (40 - 8 * k));
			hexbyte(mac[n][k]);
			if (k < 5)
				tap_puts(":");
		}
		tap_puts("\n");
	}
	tap_diag("ifaces", n);
	if (!n) {
		tap_ok(b_system(NET_STATUS, 0, 0) == 0, "no interface: NET_STATUS is 0");
		tap_exit();
	}
	int configured = b_system(NET_CONFIG, 0, n) == (uint64_t)-22;
	for (uint64_t i = 0; i < n; i++)
		configured &= b_system(NET_CONFIG, 0x12340000, i) == 0;
	tap_ok(configured, "NET_CONFIG restarts every interface and refuses a missing one");
	for (uint64_t i = 0; i < n; i++) {
		header(bcast, i);
		__builtin_memset(txf + 14, 0, 46);
		__builtin_memcpy(txf + 14, "HELLO", 5);
		send(txf, 60, i);
	}
	tap_puts("# serving\n");
	nifaces = n;
	for (;;) {
		if (callback_mode) {           /* frames now arrive through on_frames() */
			__asm__ volatile("pause");
			continue;
		}
		for (uint64_t i = 0; i < n; i++) {
			void *f;
			uint64_t len = b_net_rx(&f, i);
			if (len)
				handle(i, f, len);
		}
	}
}
