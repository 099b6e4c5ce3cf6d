// SPDX-License-Identifier: BSD-2-Clause
/* net.c - the network class: interface numbering, argument checks, a lock per interface
 * and the counters, between b_net_tx / b_net_rx and the drivers. */
#include "drivers/net/net.h"
#include "kernel/driver.h"
#include "drivers/lock.h"
#include "common/errno.h"
#include "common/fmt.h"
#include "common/x86.h"

static struct net_dev *ifaces[NET_MAX_IFACES];
static uint32_t nifaces;

int net_register(struct net_dev *n)
{
	if (nifaces == NET_MAX_IFACES)
		return -ENOSPC;
	kprintf("net%u: %s %02x:%02x:%02x:%02x:%02x:%02x\n", nifaces, n->type, n->mac[0],
		n->mac[1], n->mac[2], n->mac[3], n->mac[4], n->mac[5]);
	ifaces[nifaces++] = n;
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
	struct net_dev *n = ifaces[iface];
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
		if (ifaces[i]->pending && ifaces[i]->pending(ifaces[i]))
			return 1;
	return 0;
}

void net_tx(const void *frame, uint64_t len, uint64_t iface)
{
	if (iface >= nifaces)
		return;
	struct net_dev *n = ifaces[iface];
	driver_lock(&n->lock);
	if (!len || len > NET_MAX_FRAME || !mem_range_ok(frame, len)) {
		n->stats.tx_errors++;
	} else {
		uint8_t padded[NET_MIN_FRAME];
		const void *f = frame;
		if (len < NET_MIN_FRAME) {
			memset(padded, 0, sizeof(padded));
			memcpy(padded, frame, len);
			f = padded;
			len = NET_MIN_FRAME;
		}
		if (n->transmit(n, f, (uint32_t)len) == 0) {
			n->stats.tx_frames++;
			n->stats.tx_bytes += len;
		} else {
			n->stats.tx_errors++;
		}
	}
	driver_unlock(&n->lock);
}

uint64_t net_rx(uint64_t iface, void **frame)
{
	if (iface >= nifaces)
		return 0;
	struct net_dev *n = ifaces[iface];
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

uint64_t net_status(uint64_t iface)
{
	if (iface >= nifaces)
		return 0;
	uint64_t v = 0;
	for (int i = 0; i < 6; i++)
		v = v << 8 | ifaces[iface]->mac[i];
	return v;
}

int net_get_stats(uint64_t iface, void *out)
{
	if (iface >= nifaces || !mem_prog_ok(out, sizeof(struct net_stats)))
		return -EINVAL;
	struct net_dev *n = ifaces[iface];
	driver_lock(&n->lock);
	if (n->dropped)
		n->stats.rx_dropped += n->dropped(n);
	memcpy(out, &n->stats, sizeof(n->stats));
	driver_unlock(&n->lock);
	return 0;
}
