// SPDX-License-Identifier: BSD-2-Clause
/* e1000.c - Intel 8254x (e1000) and 82574L (e1000e) gigabit NICs with legacy descriptors,
 * polled, no interrupts: reset (SDM 14), MAC from RAL0/RAH0 or the EEPROM (EERD), one RX
 * ring read frame by frame and given back in batches (SDM 14.4), one TX ring fed the
 * program's frames where they lie (SDM 14.5, intel_ring.c). The models differ in EERD's layout and two
 * 82574 bits. Tested on QEMU 7.2's e1000 (82540EM, 8086:100E; also 82545EM, 82544GC)
 * and e1000e (82574L, 8086:10D3), q35 and pc, -netdev dgram and stream:
 *   qemu-system-x86_64 -netdev stream,id=n0,... -device e1000,netdev=n0 (or e1000e)
 * Memory: 260 KiB of kmem per NIC. */
#include "drivers/net/e1000_regs.h"
#include "drivers/net/intel_ring.h"
#include "drivers/bus/pcidev.h"
#include "kernel/driver.h"
#include "drivers/util.h"
#include "common/errno.h"
#include "common/fmt.h"
#include "common/x86.h"

#define E1000_RESET_US  100000   /* CTRL.RST clears within 1 us on 8254x, less than 1 ms on 82574 */
#define E1000_EEPROM_US 10000    /* one EERD read */
/* QEMU's e1000 (not e1000e) drops every frame it had queued beyond the free descriptors
 * when RDT moves, counting them in MPC; one read of its -netdev stream socket queues up
 * to 68 KiB of frames (~90 of mixed sizes). Hence 128 descriptors, handed back in one
 * batch when the ring has been read empty rather than one by one. */
#define E1000_RXN       128
#define E1000_TXN       16

/* One NIC: rings, buffers and state, in one kmem piece */
struct e1000 {
	struct intel_rx_desc rx[E1000_RXN];
	struct intel_tx_desc tx[E1000_TXN];
	uint8_t rxbuf[E1000_RXN][INTEL_BUF];
	struct intel_ring ring;
	uint32_t mpc;        /* MPC's last value when it does not clear on read */
};
_Static_assert(sizeof(((struct e1000 *)0)->rx) % 128 == 0, "RDLEN multiple of 128");
_Static_assert(sizeof(((struct e1000 *)0)->tx) % 128 == 0, "TDLEN multiple of 128");
_Static_assert(E1000_TXN >= INTEL_TX_MIN && !(E1000_TXN & (E1000_TXN - 1)), "TX ring");

static int e1000_link(struct net_dev *n)
{
	return !!(mmio_read32(((struct e1000 *)n->priv)->ring.regs, E1000_STATUS) & E1000_STATUS_LU);
}

/* Frames missed for lack of descriptors (MPC) and too long (ROC). MPC is read to clear
 * on the silicon (SDM 13.7), a plain counter in QEMU's e1000: two reads tell which. */
static uint64_t e1000_dropped(struct net_dev *n)
{
	struct e1000 *e = n->priv;
	uint64_t r = e->ring.regs, roc = mmio_read32(r, E1000_ROC);
	uint32_t v = mmio_read32(r, E1000_MPC), w = mmio_read32(r, E1000_MPC);

	if (w < v || w < e->mpc) {   /* cleared by the first read */
		e->mpc = 0;
		return roc + v + w;
	}
	v = w - e->mpc;
	e->mpc = w;
	return roc + v;
}

static bool e1000_is_e(const struct pci_dev *d)
{
	return d->device == 0x10D3;   /* 82574L */
}

static bool e1000_match(const struct pci_dev *d)
{
	/* 82540EM, 82545EM, 82544GC (QEMU's e1000 models), 82574L */
	return d->vendor == 0x8086 && (d->device == 0x100E || d->device == 0x100F ||
				       d->device == 0x100C || e1000_is_e(d));
}

/* Resets the NIC, reads its MAC, and brings up both rings: 0, or -ENODEV (no memory
 * BAR0), -ETIMEDOUT (reset or EEPROM), -ENOMEM, -ENOSPC. */
static int e1000_probe(struct pci_dev *d)
{
	uint64_t r = d->bar[0].base;
	bool ee = e1000_is_e(d);
	struct e1000 *e;

	if (!r || d->bar[0].io)
		return -ENODEV;
	pci_enable(d);
	mmio_write32(r, E1000_IMC, ~0u);
	mmio_write32(r, E1000_CTRL, mmio_read32(r, E1000_CTRL) | E1000_CTRL_RST);
	delay_us(1000);
	if (poll_until(MMIO32(r, E1000_CTRL), E1000_CTRL_RST, 0, E1000_RESET_US))
		return -ETIMEDOUT;
	mmio_write32(r, E1000_IMC, ~0u);
	mmio_read32(r, E1000_ICR);
	if (!(e = kmem_alloc(sizeof(*e), 4096)))
		return -ENOMEM;
	e->ring = (struct intel_ring){
		.net = { .type = ee ? "e1000e" : "e1000", .link = e1000_link,
			 .dropped = e1000_dropped, .priv = e },
		.rx = e->rx, .tx = e->tx, .rxbuf = e->rxbuf, .regs = r,
		.rdt = E1000_RDT, .tdt = E1000_TDT,
		.rxn = E1000_RXN, .txn = E1000_TXN };
	intel_ring_init(&e->ring);

	uint32_t ral = mmio_read32(r, E1000_RAL0), rah = mmio_read32(r, E1000_RAH0);
	if (!(rah & E1000_RAH_AV)) {   /* no address loaded: words 0-2 of the EEPROM */
		uint16_t w[3];
		for (uint32_t i = 0; i < 3; i++) {
			mmio_write32(r, E1000_EERD, i << (ee ? E1000E_EERD_ADDR : E1000_EERD_ADDR) |
				     E1000_EERD_START);
			uint32_t done = ee ? E1000E_EERD_DONE : E1000_EERD_DONE;
			if (poll_until(MMIO32(r, E1000_EERD), done, done, E1000_EEPROM_US))
				return -ETIMEDOUT;
			w[i] = (uint16_t)(mmio_read32(r, E1000_EERD) >> 16);
		}
		ral = w[0] | (uint32_t)w[1] << 16;
		rah = w[2];
	}
	for (int i = 0; i < 4; i++)
		e->ring.net.mac[i] = (uint8_t)(ral >> 8 * i);
	e->ring.net.mac[4] = (uint8_t)rah;
	e->ring.net.mac[5] = (uint8_t)(rah >> 8);
	mmio_write32(r, E1000_RAL0, ral);
	mmio_write32(r, E1000_RAH0, (rah & 0xFFFF) | E1000_RAH_AV);
	for (uint32_t i = 0; i < E1000_MTA_N; i++)
		mmio_write32(r, E1000_MTA + 4 * i, 0);
	if (ee) {
		mmio_write32(r, E1000_GCR, mmio_read32(r, E1000_GCR) | E1000E_GCR_B22);
		mmio_write32(r, E1000_TXDCTL, mmio_read32(r, E1000_TXDCTL) | E1000E_TXDCTL_B22);
	}
	mmio_write32(r, E1000_CTRL, mmio_read32(r, E1000_CTRL) | E1000_CTRL_SLU);

	mmio_write32(r, E1000_RDBAL, (uint32_t)(uintptr_t)e->rx);
	mmio_write32(r, E1000_RDBAH, (uint32_t)((uintptr_t)e->rx >> 32));
	mmio_write32(r, E1000_RDLEN, sizeof(e->rx));
	mmio_write32(r, E1000_RDH, 0);
	mmio_write32(r, E1000_RDT, E1000_RXN - 1);   /* the last one is the empty spare */
	mmio_write32(r, E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_MPE | E1000_RCTL_BAM | E1000_RCTL_BSIZE_2048 |
		     E1000_RCTL_SECRC);

	mmio_write32(r, E1000_TDBAL, (uint32_t)(uintptr_t)e->tx);
	mmio_write32(r, E1000_TDBAH, (uint32_t)((uintptr_t)e->tx >> 32));
	mmio_write32(r, E1000_TDLEN, sizeof(e->tx));
	mmio_write32(r, E1000_TDH, 0);
	mmio_write32(r, E1000_TDT, 0);
	mmio_write32(r, E1000_TIPG, E1000_TIPG_COPPER);
	mmio_write32(r, E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP | E1000_TCTL_CT |
		     E1000_TCTL_COLD);
	return net_register(&e->ring.net);
}

static const struct pci_driver e1000_driver = { "e1000", e1000_match, e1000_probe };
PCI_DRIVER(e1000_driver);
