// SPDX-License-Identifier: BSD-2-Clause
/* net.c - the network part of the fuzz, on interface 0 and interfaces that do not
 * exist: hostile b_net_tx (lengths 0..huge, unreadable frames) and b_net_rx calls,
 * tagged frames the host checks byte for byte and in order, and the host's tagged frames
 * checked here. At the end NET_STATS must account for every call and every frame the
 * host sent: received here or counted as dropped. Frames (EtherType 0x88B5):
 *   guest: ff*6, MAC, 88b5, "FZTX", seq (le32), byte i = seq * 31 + i * 7, 60 + seq * 977 % 1455 bytes
 *   host:  MAC, peer, 88b5, "FZRX", seq (le32), byte i = seq * 13 + i * 3, 60 + seq * 389 % 1455 bytes
 *   guest: ff*6, MAC, 88b5, "FZEND", tagged frames (le64), then struct b_net_stats. */
#include "fuzz.h"

#define MAX_FRAME 1514ULL
#define ETH_HDR   14

static uint64_t tx_calls0, tagged, rx_got, rx_last = ~0ULL;

uint64_t net_tx_calls0(void) { return tx_calls0; }
uint64_t net_rx_got(void) { return rx_got; }

static uint64_t frame_head(uint8_t *f, const char *tag)
{
	for (int i = 0; i < 6; i++) {
		f[i] = 0xFF;
		f[6 + i] = (uint8_t)(env.mac >> (40 - 8 * i));
	}
	f[12] = 0x88;
	f[13] = 0xB5;
	uint64_t n = 0;
	for (; tag[n]; n++)
		f[ETH_HDR + n] = (uint8_t)tag[n];
	return ETH_HDR + n;
}

static uint64_t tagged_len(uint64_t seq) { return 60 + seq * 977 % 1455; }

/* The next tagged frame. */
static void tx_tagged(void)
{
	uint8_t *f = (uint8_t *)PM_TX;
	uint64_t seq = tagged++, n = tagged_len(seq), h = frame_head(f, "FZTX");
	for (int i = 0; i < 4; i++)
		f[h + i] = (uint8_t)(seq >> (8 * i));
	for (uint64_t i = h + 4; i < n; i++)
		f[i] = (uint8_t)(seq * 31 + i * 7);
	tx_calls0++;
	api(SLOT_NET_TX, 0, 0, rnd(), n, 0, (uint64_t)(uintptr_t)f, rnd());
}

static uint64_t hostile_iface(void)
{
	static const uint64_t v[] = { 1, 2, 7, 8, 255, 1ULL << 32, 1ULL << 63, ~0ULL };
	return pct(50) ? PICK(v) : (env.nifaces + rndn(8)) | (pct(50) ? 1ULL << (32 + rndn(32)) : 0);
}

void net_tx_call(void)
{
	if (env.nifaces && pct(25)) {
		tx_tagged();
		return;
	}
	static const uint64_t lens[] = { 0, MAX_FRAME + 1, MAX_FRAME + 2, 1518, 1522, 4096,
		65535, 65536, 1ULL << 32, 1ULL << 52, ~0ULL };
	uint64_t iface = !env.nifaces || pct(30) ? hostile_iface() : 0;
	uint64_t len = pct(50) ? PICK(lens) : pct(50) ? 1 + rndn(MAX_FRAME) : rnd();
	int ok;
	/* readable frames come from anywhere but the tagged frame buffer */
	uint64_t src = in_ptr(len < MAX_FRAME ? len : MAX_FRAME, &ok);
	tx_calls0 += iface == 0;
	api(SLOT_NET_TX, 0, 1, rnd(), len, iface, src, rnd());
}

static void rx_check(const uint8_t *f, uint64_t len)
{
	if (len < 60 || len > MAX_FRAME) {
		bad("b_net_rx returned a frame of a bad length");
		return;
	}
	if (f[12] != 0x88 || f[13] != 0xB5 || f[14] != 'F' || f[15] != 'Z' || f[16] != 'R' ||
	    f[17] != 'X') {
		bad("b_net_rx returned a frame the host did not send");
		return;
	}
	uint64_t seq = f[18] | (uint64_t)f[19] << 8 | (uint64_t)f[20] << 16 | (uint64_t)f[21] << 24;
	if (rx_last != ~0ULL && seq <= rx_last)
		bad("b_net_rx returned a frame again or out of order");
	rx_last = seq;
	if (len != 60 + seq * 389 % 1455) {
		bad("b_net_rx returned a frame of the wrong length");
		return;
	}
	for (uint64_t i = 22; i < len; i++) {
		if (f[i] != (uint8_t)(seq * 13 + i * 3)) {
			bad("b_net_rx returned a frame with wrong bytes");
			return;
		}
	}
}

void net_rx_call(void)
{
	uint64_t iface = !env.nifaces || pct(40) ? hostile_iface() : 0;
	api(SLOT_NET_RX, R(RCX) | R(RDI), 1, rnd(), rnd(), iface, rnd(), rnd());
	uint64_t len = fz_out[RCX];
	if (iface != 0) {
		if (len)
			bad("b_net_rx returned a frame on a missing interface");
		return;
	}
	if (len) {
		rx_got++;
		rx_check((const uint8_t *)(uintptr_t)fz_out[RDI], len);
	}
}

/* Every frame the host sent received or dropped, the counters exact, then FZEND. */
void net_finish(void)
{
	struct b_net_stats *st = (struct b_net_stats *)PM_MISC;
	if (!env.nifaces)
		return;
	uint64_t start = b_system(TIMECOUNTER, 0, 0), deadline = 20 * env.hz;
	for (;;) {
		void *f;
		uint64_t len = b_net_rx(&f, 0);
		if (len) {
			rx_got++;
			rx_check(f, len);
			continue;
		}
		b_system(NET_STATS, (uint64_t)(uintptr_t)st, 0);
		if (rx_got + st->rx_dropped >= fz_config.rx_frames ||
		    b_system(TIMECOUNTER, 0, 0) - start > deadline)
			break;
	}
	say("# net tx_calls=");
	sayu(tx_calls0);
	say(" tagged=");
	sayu(tagged);
	say(" tx_frames=");
	sayu(st->tx_frames);
	say(" tx_errors=");
	sayu(st->tx_errors);
	say(" rx_got=");
	sayu(rx_got);
	say(" rx_frames=");
	sayu(st->rx_frames);
	say(" rx_dropped=");
	sayu(st->rx_dropped);
	say("\n");
	if (st->tx_frames + st->tx_errors != tx_calls0)
		bad("NET_STATS: tx frames and errors do not add up to the calls");
	if (st->rx_frames != rx_got)
		bad("NET_STATS: rx frames differ from the frames b_net_rx returned");
	if (rx_got + st->rx_dropped != fz_config.rx_frames)
		bad("frames the host sent are neither received nor counted as dropped");
	uint8_t *f = (uint8_t *)PM_TX;
	uint64_t h = frame_head(f, "FZEND");
	for (int i = 0; i < 8; i++)
		f[h + i] = (uint8_t)(tagged >> (8 * i));
	uint8_t *s = (uint8_t *)st;
	for (uint64_t i = 0; i < sizeof(*st); i++)
		f[h + 8 + i] = s[i];
	b_net_tx(f, 128, 0);
}
