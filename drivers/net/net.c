// SPDX-License-Identifier: BSD-2-Clause
/* net.c - the network class: interface numbering, argument checks, a lock per interface
 * and the counters, between b_net_tx / b_net_rx and the drivers. */
#include "drivers/net/net.h"
#include "kernel/driver.h"
#include "drivers/lock.h"
#include "common/errno.h"
#include "common/fmt.h"
#include "common/x86.h"

_Static_assert(APP_ADDR == 0x1E0000 && APP_MAX == 65536 && PROGRAM_VIRT == 0xFFFF800000000000ULL &&
	       __builtin_offsetof(struct vm_direct, phys) == 8, "drivers/net/tx_fast.asm's layout");

/* The interfaces by number, NULL past the last: api/abi.asm's b_net_rx looks here first. */
struct net_dev *net_ifaces[NET_MAX_IFACES];
static uint32_t nifaces;

int net_register(struct net_dev *n)
{
	if (nifaces == NET_MAX_IFACES)
		return -ENOSPC;
	if (!(n->bounce = kmem_alloc(NET_BOUNCE * NET_BOUNCES, 64)))
		return -ENOMEM;
	if (!n->tx_fast)
		n->tx_fast = net_tx_fast_none;
	kprintf("net%u: %s %02x:%02x:%02x:%02x:%02x:%02x\n", nifaces, n->type, n->mac[0],
		n->mac[1], n->mac[2], n->mac[3], n->mac[4], n->mac[5]);
	net_ifaces[nifaces++] = n;
	return 0;
}

uint32_t net_count(void)
{
	return nifaces;
}

int net_config(uint64_t iface)
{
	if (iface >= nifaces)
		return -EINVAL;
	struct net_dev *n = net_ifaces[iface];
	void *f;
	driver_lock(&n->lock);
	while (n->poll(n, &f))
		n->stats.rx_dropped++;
	driver_unlock(&n->lock);
	return 0;
}

int net_pending(void)
{
	for (uint32_t i = 0; i < nifaces; i++)
		if (net_ifaces[i]->pending && net_ifaces[i]->pending(net_ifaces[i]))
			return 1;
	return 0;
}

/* The physical pieces of a frame in program memory (checked by the pointer rule) when
 * the device may read it where it lies; 0 (copy it) past vm.c's runs or in more than
 * NET_PIECES pieces. */
static uint32_t net_pieces(uint64_t a, uint64_t len, struct net_piece *pc)
{
	for (uint32_t i = 0; i < NET_PIECES; i++) {
		uint64_t got = vm_phys(a, len, &pc[i].phys);
		if (!got)
			return 0;
		pc[i].len = got;
		if (got == len)
			return i + 1;
		a += got;
		len -= got;
	}
	return 0;
}

void net_tx(const void *frame, uint64_t len, uint64_t iface)
{
	if (iface >= nifaces)
		return;
	struct net_dev *n = net_ifaces[iface];
	struct net_frame f = { .va = frame, .len = (uint32_t)len };
	uint64_t a = (uint64_t)(uintptr_t)frame;
	bool ok = len && len <= NET_MAX_FRAME;
	/* The device reads a frame where it lies in RAM the program owns: the payload area
	 * (mapped, identity: no pointer rule walk needed; compared so that no end wraps) and
	 * program memory; anything else (kernel memory, MMIO, the identity alias of RAM) and
	 * short frames are copied. */
	if (ok && a >= APP_ADDR && a < APP_ADDR + APP_MAX && len <= APP_ADDR + APP_MAX - a) {
		f.pc[0] = (struct net_piece){ a, len };
		f.npc = len >= NET_MIN_FRAME;
	} else if (ok && (ok = mem_range_ok(frame, len)) && len >= NET_MIN_FRAME && a >= PROGRAM_VIRT) {
		f.npc = net_pieces(a, len, f.pc);
	}
	driver_lock(&n->lock);
	if (ok && !f.npc) {   /* copied (short ones zero-padded to 60) */
		uint8_t *b = n->bounce[n->tx_queued % NET_BOUNCES];
		memcpy(b, frame, len);
		if (len < NET_MIN_FRAME) {
			memset(b + len, 0, NET_MIN_FRAME - len);
			f.len = NET_MIN_FRAME;
		}
		f.va = b;
		f.pc[0] = (struct net_piece){ (uintptr_t)b, f.len };
		f.npc = 1;
	}
	int r = ok ? n->transmit(n, &f) : -EINVAL;
	if (r >= 0) {
		n->tx_queued++;
		n->stats.tx_frames++;
		n->stats.tx_bytes += f.len;
	}
	if (r)
		n->stats.tx_errors++;   /* refused, or the frame before timed out */
	driver_unlock(&n->lock);
}

/* net_rx past its first look, apart so that the empty poll saves no register. */
static __attribute__((noinline)) uint64_t net_rx_take(struct net_dev *n, void **frame)
{
	driver_lock(&n->lock);
	uint8_t *f;
	uint32_t len;
	while ((len = n->poll(n, (void **)&f)) > NET_MAX_FRAME)
		n->stats.rx_dropped++;   /* too long or damaged */
	if (len) {
		if (len < NET_MIN_FRAME) {   /* a runt: padded, as e1000 does and b_net_tx would */
			memset(f + len, 0, NET_MIN_FRAME - len);
			len = NET_MIN_FRAME;
		}
		n->stats.rx_frames++;
		n->stats.rx_bytes += len;
		*frame = f;
	}
	driver_unlock(&n->lock);
	return len;
}

uint64_t net_rx(uint64_t iface, void **frame)
{
	if (iface >= nifaces)
		return 0;
	struct net_dev *n = net_ifaces[iface];
	if ((*n->rx_idle & n->rx_idle_mask) == n->rx_idle_want)
		return 0;   /* the common empty poll: no lock, no call */
	return net_rx_take(n, frame);
}

uint64_t net_status(uint64_t iface)
{
	if (iface >= nifaces)
		return 0;
	uint64_t v = 0;
	for (int i = 0; i < 6; i++)
		v = v << 8 | net_ifaces[iface]->mac[i];
	return v;
}

int net_get_stats(uint64_t iface, void *out)
{
	if (iface >= nifaces || !mem_prog_ok(out, sizeof(struct net_stats)))
		return -EINVAL;
	struct net_dev *n = net_ifaces[iface];
	driver_lock(&n->lock);
	if (n->dropped)
		n->stats.rx_dropped += n->dropped(n);
	memcpy(out, &n->stats, sizeof(n->stats));
	driver_unlock(&n->lock);
	return 0;
}
