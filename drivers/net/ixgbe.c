// SPDX-License-Identifier: BSD-2-Clause
/* ixgbe.c - Intel 82599 (and X540) 10 GbE NICs with legacy descriptors, queue 0 only,
 * polled, no interrupts: reset and the waits after it (DS 4.6.3), MAC from RAL0/RAH0 as
 * the EEPROM loaded it, one RX ring read frame by frame and given back in batches
 * (DS 4.6.7), one TX ring fed the program's frames where they lie (DS 4.6.8, intel_ring.c). The
 * link is whatever the EEPROM's AUTOC brings up; no PHY or SFP+ module setup. QEMU 7.2
 * has no 82599 model: tests/unit/test_ixgbe.c links this file against a register model,
 * in place of ixgbe_mmio.c (this file touches the NIC only through ixgbe_rd/ixgbe_wr and
 * the waits of poll_until, which read BAR0's registers as the model holds them).
 * Memory: 129 KiB of kmem per NIC. */
#include "drivers/net/ixgbe.h"
#include "drivers/net/ixgbe_regs.h"
#include "drivers/net/intel_ring.h"
#include "drivers/bus/pcidev.h"
#include "kernel/driver.h"
#include "drivers/util.h"
#include "common/errno.h"
#include "common/fmt.h"
#include "common/x86.h"

#define IXGBE_WAIT_US   100000   /* reset, EEPROM auto-read, DMA init, queue enables: each
                                  * well under 10 ms (DS 4.6.3, 4.6.7) */
#define IXGBE_SETTLE_US 10000    /* after the reset clears, before touching the NIC (DS 4.6.3.2) */
/* The 82599 keeps frames in its 512 KiB packet buffer while the ring is full and counts
 * MPC only when that overflows, so a smaller ring than e1000's will do; it is handed back
 * in one batch all the same (see e1000.c). */
#define IXGBE_RXN       64
#define IXGBE_TXN       8

/* One NIC: rings, buffers and state, in one kmem piece */
struct ixgbe {
	struct intel_rx_desc rx[IXGBE_RXN];
	struct intel_tx_desc tx[IXGBE_TXN];
	uint8_t rxbuf[IXGBE_RXN][INTEL_BUF];
	struct intel_ring ring;
};
_Static_assert(sizeof(((struct ixgbe *)0)->rx) % 128 == 0, "RDLEN multiple of 128");
_Static_assert(sizeof(((struct ixgbe *)0)->tx) % 128 == 0, "TDLEN multiple of 128");
_Static_assert(IXGBE_TXN >= INTEL_TX_MIN && !(IXGBE_TXN & (IXGBE_TXN - 1)), "TX ring");

static void ixgbe_set(uint64_t r, uint32_t reg, uint32_t bits)
{
	ixgbe_wr(r, reg, ixgbe_rd(r, reg) | bits);
}

static int ixgbe_link(struct net_dev *n)
{
	return !!(ixgbe_rd(((struct ixgbe *)n->priv)->ring.regs, IXGBE_LINKS) & IXGBE_LINKS_UP);
}

/* Frames missed for lack of descriptors (MPC(0)) and too long (ROC); both clear on read
 * (DS 8.2.3.23): each read is the count since the last. */
static uint64_t ixgbe_dropped(struct net_dev *n)
{
	uint64_t r = ((struct ixgbe *)n->priv)->ring.regs;
	return (uint64_t)ixgbe_rd(r, IXGBE_MPC0) + ixgbe_rd(r, IXGBE_ROC);
}

static bool ixgbe_match(const struct pci_dev *d)
{
	/* 82599 SFP+, KX4/KR backplane, CX4... (10FB, 10F8, 10FC), X540-AT2 (1528) */
	return d->vendor == 0x8086 && (d->device == 0x10FB || d->device == 0x10F8 ||
				       d->device == 0x10FC || d->device == 0x1528);
}

/* Resets the NIC, reads its MAC, and brings up both rings: 0, or -ENODEV (no memory
 * BAR0, no MAC address), -ETIMEDOUT (reset, EEPROM, DMA init, a queue enable), -ENOMEM,
 * -ENOSPC. */
static int ixgbe_probe(struct pci_dev *d)
{
	uint64_t r = d->bar[0].base;
	struct ixgbe *x;

	if (!r || d->bar[0].io)
		return -ENODEV;
	pci_enable(d);
	ixgbe_wr(r, IXGBE_EIMC, IXGBE_EIMC_ALL);
	ixgbe_set(r, IXGBE_CTRL, IXGBE_CTRL_RST | IXGBE_CTRL_LRST);
	delay_us(1000);
	if (poll_until(MMIO32(r, IXGBE_CTRL), IXGBE_CTRL_RST | IXGBE_CTRL_LRST, 0, IXGBE_WAIT_US))
		return -ETIMEDOUT;
	delay_us(IXGBE_SETTLE_US);
	ixgbe_wr(r, IXGBE_EIMC, IXGBE_EIMC_ALL);
	ixgbe_rd(r, IXGBE_EICR);
	if (poll_until(MMIO32(r, IXGBE_EEC), IXGBE_EEC_AUTO_RD, IXGBE_EEC_AUTO_RD, IXGBE_WAIT_US) ||
	    poll_until(MMIO32(r, IXGBE_RDRXCTL), IXGBE_RDRXCTL_DMAIDONE, IXGBE_RDRXCTL_DMAIDONE,
		       IXGBE_WAIT_US))
		return -ETIMEDOUT;

	uint32_t ral = ixgbe_rd(r, IXGBE_RAL0), rah = ixgbe_rd(r, IXGBE_RAH0);
	if (!(rah & IXGBE_RAH_AV))
		return -ENODEV;
	if (!(x = kmem_alloc(sizeof(*x), 4096)))
		return -ENOMEM;
	x->ring = (struct intel_ring){
		.net = { .type = "ixgbe", .link = ixgbe_link, .dropped = ixgbe_dropped, .priv = x },
		.rx = x->rx, .tx = x->tx, .rxbuf = x->rxbuf, .regs = r,
		.write = ixgbe_wr, .rdt = IXGBE_RDT0, .tdt = IXGBE_TDT0,
		.rxn = IXGBE_RXN, .txn = IXGBE_TXN };
	intel_ring_init(&x->ring);
	for (int i = 0; i < 4; i++)
		x->ring.net.mac[i] = (uint8_t)(ral >> 8 * i);
	x->ring.net.mac[4] = (uint8_t)rah;
	x->ring.net.mac[5] = (uint8_t)(rah >> 8);

	ixgbe_set(r, IXGBE_HLREG0, IXGBE_HLREG0_TXCRCEN | IXGBE_HLREG0_RXCRCSTRP |
		  IXGBE_HLREG0_TXPADEN);
	ixgbe_set(r, IXGBE_RDRXCTL, IXGBE_RDRXCTL_CRCSTRIP);
	ixgbe_set(r, IXGBE_FCTRL, IXGBE_FCTRL_MPE | IXGBE_FCTRL_BAM);

	ixgbe_wr(r, IXGBE_RDBAL0, (uint32_t)(uintptr_t)x->rx);
	ixgbe_wr(r, IXGBE_RDBAH0, (uint32_t)((uintptr_t)x->rx >> 32));
	ixgbe_wr(r, IXGBE_RDLEN0, sizeof(x->rx));
	ixgbe_wr(r, IXGBE_SRRCTL0, IXGBE_SRRCTL_BSIZE_2K);
	ixgbe_set(r, IXGBE_RXDCTL0, IXGBE_XDCTL_ENABLE);
	if (poll_until(MMIO32(r, IXGBE_RXDCTL0), IXGBE_XDCTL_ENABLE, IXGBE_XDCTL_ENABLE, IXGBE_WAIT_US))
		return -ETIMEDOUT;
	ixgbe_wr(r, IXGBE_RDT0, IXGBE_RXN - 1);   /* after the enable; the last one is the spare */
	ixgbe_set(r, IXGBE_RXCTRL, IXGBE_RXCTRL_RXEN);

	ixgbe_wr(r, IXGBE_TDBAL0, (uint32_t)(uintptr_t)x->tx);
	ixgbe_wr(r, IXGBE_TDBAH0, (uint32_t)((uintptr_t)x->tx >> 32));
	ixgbe_wr(r, IXGBE_TDLEN0, sizeof(x->tx));
	ixgbe_set(r, IXGBE_DMATXCTL, IXGBE_DMATXCTL_TE);   /* before the queue enable */
	ixgbe_set(r, IXGBE_TXDCTL0, IXGBE_XDCTL_ENABLE);
	if (poll_until(MMIO32(r, IXGBE_TXDCTL0), IXGBE_XDCTL_ENABLE, IXGBE_XDCTL_ENABLE, IXGBE_WAIT_US))
		return -ETIMEDOUT;
	return net_register(&x->ring.net);
}

const struct pci_driver ixgbe_driver = { "ixgbe", ixgbe_match, ixgbe_probe };
PCI_DRIVER(ixgbe_driver);
