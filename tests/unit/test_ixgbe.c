// SPDX-License-Identifier: BSD-2-Clause
/* test_ixgbe.c - drivers/net/ixgbe.c, linked with this file's ixgbe_rd/ixgbe_wr (in
 * place of ixgbe_mmio.c), against a register model of the 82599: just enough of it for
 * the driver's probe, transmit, poll, link and dropped. Reset self-clears (or never, as
 * an option), the EEPROM auto-read and RX DMA init report done, the queue enables read
 * back, RAL0/RAH0 hold the EEPROM's MAC, TDT writes send the descriptors [TDH, TDT) (a
 * frame gathered up to the one with EOP) and write DD back, and a "wire" fills the RX descriptors [RDH, RDT) or counts a miss in
 * MPC(0) (read to clear), and a frame over MODEL_MAX_FRAME in ROC. Host memory stands in
 * for DMA memory: descriptors hold host pointers. The network class (drivers/net/net.c,
 * linked) runs on top, so b_net_rx's frame-length rule is checked on this driver too;
 * its lock's per-core record is found through GS as in the kernel (arch_prctl gives the
 * test one). Each test runs in a child process of its own, so it starts with net.c's
 * interface table empty; net_register is wrapped (ld --wrap) to see the interface the
 * driver registers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <asm/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "drivers/net/ixgbe.h"
#include "drivers/net/ixgbe_regs.h"
#include "drivers/net/intel_desc.h"
#include "drivers/net/net.h"
#include "drivers/bus/pcidev.h"
#include "kernel/kernel.h"
#include "kernel/kmem.h"
#include "common/errno.h"
#include "kernel/percpu.h"

#define RXN      64          /* the driver's ring sizes, as seen through RDLEN/TDLEN */
#define TXN      8
#define LOG_MAX  512
#define TX_MAX   64
#define MODEL_MAX_FRAME 1518   /* longer frames: dropped, counted in ROC */

static const uint8_t model_mac[6] = { 0x00, 0x1B, 0x21, 0x3A, 0x5C, 0x7E };

/* ---- the 82599 model ----------------------------------------------------------------- */

static struct {
	uint32_t reg[0x20000 / 4];
	bool reset_stuck;        /* CTRL.RST never clears */
	bool tx_dead;            /* TDT writes send nothing */
	bool no_auto_rd;         /* EEC.AUTO_RD never sets */
	bool no_dmaidone;        /* RDRXCTL.DMAIDONE never sets */
	int resets;
	struct { uint32_t reg, val; } log[LOG_MAX];   /* every register write, in order */
	int nlog;
	uint8_t tx[TX_MAX][NET_MAX_FRAME];            /* frames "on the wire" */
	uint32_t tx_len[TX_MAX];
	uint8_t tx_cmd[TX_MAX];       /* the last descriptor's */
	uint8_t tx_ndesc[TX_MAX];     /* descriptors the frame took */
	uint32_t gather;              /* bytes of a frame without EOP yet */
	int ntx;
} m;

#define R(off) m.reg[(off) / 4]
/* BAR0 is the model's registers: the driver's waits (poll_until) read them directly */
#define BAR0   ((uint64_t)(uintptr_t)m.reg)

static void model_defaults(void)
{
	uint32_t ctrl = R(IXGBE_CTRL), links = R(IXGBE_LINKS);
	memset(m.reg, 0, sizeof(m.reg));
	R(IXGBE_CTRL) = ctrl & ~(IXGBE_CTRL_RST | IXGBE_CTRL_LRST);
	R(IXGBE_LINKS) = links;
	R(IXGBE_EEC) = m.no_auto_rd ? 0 : IXGBE_EEC_AUTO_RD;
	R(IXGBE_RDRXCTL) = m.no_dmaidone ? 0 : IXGBE_RDRXCTL_DMAIDONE;
	R(IXGBE_HLREG0) = IXGBE_HLREG0_TXCRCEN | IXGBE_HLREG0_RXCRCSTRP | IXGBE_HLREG0_TXPADEN;
	R(IXGBE_SRRCTL0) = IXGBE_SRRCTL_BSIZE_2K;
	R(IXGBE_RAL0) = model_mac[0] | model_mac[1] << 8 | model_mac[2] << 16 |
			(uint32_t)model_mac[3] << 24;
	R(IXGBE_RAH0) = model_mac[4] | model_mac[5] << 8 | IXGBE_RAH_AV;
	R(IXGBE_EICR) = 0x00010000;   /* something pending from before */
}

static void model_init(void)
{
	memset(&m, 0, sizeof(m));
	R(IXGBE_LINKS) = IXGBE_LINKS_UP;
	model_defaults();
}

static void *model_ptr(uint32_t lo_reg, uint32_t hi_reg)
{
	return (void *)(uintptr_t)((uint64_t)R(hi_reg) << 32 | R(lo_reg));
}

static void model_transmit(void)
{
	struct intel_tx_desc *ring = model_ptr(IXGBE_TDBAL0, IXGBE_TDBAH0);
	uint32_t n = R(IXGBE_TDLEN0) / sizeof(*ring);

	if (m.tx_dead || !(R(IXGBE_DMATXCTL) & IXGBE_DMATXCTL_TE) ||
	    !(R(IXGBE_TXDCTL0) & IXGBE_XDCTL_ENABLE) || !n)
		return;
	while (R(IXGBE_TDH0) != R(IXGBE_TDT0)) {
		struct intel_tx_desc *d = &ring[R(IXGBE_TDH0)];
		assert_true(m.ntx < TX_MAX);
		assert_in_range(m.gather + d->len, 1, NET_MAX_FRAME);
		memcpy(m.tx[m.ntx] + m.gather, (void *)(uintptr_t)d->addr, d->len);
		m.gather += d->len;
		m.tx_ndesc[m.ntx]++;
		if (d->cmd & INTEL_TXD_EOP) {
			m.tx_len[m.ntx] = m.gather;
			m.tx_cmd[m.ntx++] = d->cmd;
			m.gather = 0;
		}
		if (d->cmd & INTEL_TXD_RS)
			d->status |= INTEL_TXD_DD;
		R(IXGBE_TDH0) = (R(IXGBE_TDH0) + 1) % n;
	}
}

/* The wire delivers one frame: into the descriptor at RDH, or counted in MPC(0) when
 * the NIC owns no free descriptor. true when stored. */
static bool model_inject(const void *frame, uint32_t len)
{
	struct intel_rx_desc *ring = model_ptr(IXGBE_RDBAL0, IXGBE_RDBAH0);
	uint32_t n = R(IXGBE_RDLEN0) / sizeof(*ring);

	if (len > MODEL_MAX_FRAME) {
		R(IXGBE_ROC)++;
		return false;
	}
	if (!(R(IXGBE_RXCTRL) & IXGBE_RXCTRL_RXEN) || !(R(IXGBE_RXDCTL0) & IXGBE_XDCTL_ENABLE) ||
	    !n || R(IXGBE_RDH0) == R(IXGBE_RDT0)) {
		R(IXGBE_MPC0)++;
		return false;
	}
	assert_int_equal((R(IXGBE_SRRCTL0) >> 25) & 7, 0);   /* legacy descriptors */
	assert_true(len <= (R(IXGBE_SRRCTL0) & 0x1F) * 1024u);
	struct intel_rx_desc *d = &ring[R(IXGBE_RDH0)];
	memcpy((void *)(uintptr_t)d->addr, frame, len);
	d->len = (uint16_t)len;
	d->errors = 0;
	d->status = INTEL_RXD_DD | INTEL_RXD_EOP;
	R(IXGBE_RDH0) = (R(IXGBE_RDH0) + 1) % n;
	return true;
}

uint32_t ixgbe_rd(uint64_t regs, uint32_t reg)
{
	assert_int_equal(regs, BAR0);
	assert_true(reg < sizeof(m.reg) && !(reg & 3));
	uint32_t v = R(reg);
	if (reg == IXGBE_MPC0 || reg == IXGBE_ROC || reg == IXGBE_EICR)   /* read to clear */
		R(reg) = 0;
	return v;
}

void ixgbe_wr(uint64_t regs, uint32_t reg, uint32_t v)
{
	assert_int_equal(regs, BAR0);
	assert_true(reg < sizeof(m.reg) && !(reg & 3));
	assert_true(m.nlog < LOG_MAX);
	m.log[m.nlog].reg = reg;
	m.log[m.nlog++].val = v;
	R(reg) = v;
	if (reg == IXGBE_CTRL && (v & IXGBE_CTRL_RST) && !m.reset_stuck) {
		m.resets++;
		model_defaults();
	} else if (reg == IXGBE_TDT0) {
		model_transmit();
	}
}

/* ---- what the driver takes from the kernel --------------------------------------------- */

static uint64_t clock_us;
static _Alignas(4096) uint8_t arena[1 << 20];
static size_t arena_used;
static struct cpu this_core;   /* %gs:0 for net.c's lock */
static struct net_dev *registered;   /* what the driver gave net_register */
static int enabled;

int __real_net_register(struct net_dev *n);
int __wrap_net_register(struct net_dev *n)
{
	int r = __real_net_register(n);
	if (!r && !registered)
		registered = n;
	return r;
}

uint64_t time_us(void)
{
	return ++clock_us;   /* every look at the clock moves it: waits end */
}

void delay_us(uint64_t us)
{
	clock_us += us;
}

void *kmem_alloc(uint64_t size, uint64_t align)
{
	size_t at = (arena_used + align - 1) & ~(size_t)(align - 1);
	if (at + size > sizeof(arena))
		return NULL;
	arena_used = at + size;
	memset(arena + at, 0, size);
	return arena + at;
}

void pci_enable(const struct pci_dev *d)
{
	assert_int_equal(d->vendor, 0x8086);
	enabled++;
}

void kprintf(const char *f, ...)
{
	(void)f;
}

bool mem_range_ok(const void *p, uint64_t len)
{
	return p && len;
}

bool mem_prog_ok(const void *p, uint64_t len)
{
	return p && len;
}

uint64_t vm_phys(uint64_t va, uint64_t len, uint64_t *phys)
{
	*phys = va;
	return len;
}

/* drivers/net/tx_fast.asm's entries are called only from the kernel's b_net_tx (with their
 * own convention; ixgbe, which writes its tail through ixgbe_wr, has none): never here. */
void net_tx_fast_none(void)
{
	abort();
}

void intel_tx_fast(void)
{
	abort();
}

/* ---- helpers --------------------------------------------------------------------------- */

static struct pci_dev dev;

static int setup(void **state)
{
	(void)state;
	model_init();
	clock_us = 0;
	arena_used = 0;
	registered = NULL;
	this_core.self = &this_core;
	assert_int_equal(syscall(SYS_arch_prctl, ARCH_SET_GS, &this_core), 0);
	enabled = 0;
	dev = (struct pci_dev){ .vendor = 0x8086, .device = 0x10FB,
				.bar[0] = { .base = BAR0, .size = 0x80000, .is64 = true } };
	return 0;
}

static struct net_dev *probe_ok(void)
{
	assert_true(ixgbe_driver.match(&dev));
	assert_int_equal(ixgbe_driver.probe(&dev), 0);
	assert_non_null(registered);
	return registered;
}

/* The log position of the first write to reg with all of bits set (-1 if none), from
 * position from on. */
static int log_find(uint32_t reg, uint32_t bits, int from)
{
	for (int i = from; i < m.nlog; i++)
		if (m.log[i].reg == reg && (m.log[i].val & bits) == bits)
			return i;
	return -1;
}

static void fill(uint8_t *f, uint32_t len, uint32_t seed)
{
	for (uint32_t i = 0; i < len; i++)
		f[i] = (uint8_t)(seed * 131 + i * 7 + (i >> 8));
}

/* ---- tests ----------------------------------------------------------------------------- */

static void test_match(void **state)
{
	(void)state;
	static const uint16_t yes[] = { 0x10FB, 0x10F8, 0x10FC, 0x1528 };
	static const uint16_t no[] = { 0x100E, 0x10D3, 0x10FA, 0x1000, 0xFFFF };
	for (unsigned i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		dev.device = yes[i];
		assert_true(ixgbe_driver.match(&dev));
	}
	for (unsigned i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		dev.device = no[i];
		assert_false(ixgbe_driver.match(&dev));
	}
	dev.device = 0x10FB;
	dev.vendor = 0x8087;
	assert_false(ixgbe_driver.match(&dev));
	assert_string_equal(ixgbe_driver.name, "ixgbe");
}

static void test_probe_registers_mac(void **state)
{
	(void)state;
	struct net_dev *n = probe_ok();
	assert_string_equal(n->type, "ixgbe");
	assert_memory_equal(n->mac, model_mac, 6);
	assert_non_null(n->transmit);
	assert_non_null(n->poll);
	assert_non_null(n->link);
	assert_non_null(n->dropped);
	assert_int_equal(enabled, 1);
	assert_int_equal(m.resets, 1);
	/* the rings as the NIC sees them */
	assert_int_equal(R(IXGBE_RDLEN0), RXN * 16);
	assert_int_equal(R(IXGBE_TDLEN0), TXN * 16);
	assert_int_equal(R(IXGBE_RDBAL0) % 128, 0);
	assert_int_equal(R(IXGBE_TDBAL0) % 128, 0);
	assert_int_equal(R(IXGBE_RDH0), 0);
	assert_int_equal(R(IXGBE_RDT0), RXN - 1);
	assert_int_equal(R(IXGBE_TDH0), 0);
	assert_int_equal(R(IXGBE_TDT0), 0);
	assert_int_equal(R(IXGBE_SRRCTL0), IXGBE_SRRCTL_BSIZE_2K);   /* legacy, 2 KiB */
	assert_true(R(IXGBE_FCTRL) & IXGBE_FCTRL_BAM);
	assert_true(R(IXGBE_RXCTRL) & IXGBE_RXCTRL_RXEN);
	assert_true(R(IXGBE_DMATXCTL) & IXGBE_DMATXCTL_TE);
	assert_true(R(IXGBE_HLREG0) & IXGBE_HLREG0_RXCRCSTRP);
	assert_true(R(IXGBE_RDRXCTL) & IXGBE_RDRXCTL_CRCSTRIP);   /* matches HLREG0 */
	assert_int_equal(R(IXGBE_EICR), 0);   /* pending causes were read away */
}

static void test_no_bar_no_probe(void **state)
{
	(void)state;
	dev.bar[0].base = 0;   /* the kernel decodes BARs without sizing them: 0 is absent */
	assert_int_equal(ixgbe_driver.probe(&dev), -ENODEV);
	dev.bar[0] = (struct pci_bar){ .base = BAR0, .size = 0x20, .io = true };
	assert_int_equal(ixgbe_driver.probe(&dev), -ENODEV);
	assert_int_equal(m.nlog, 0);
	assert_null(registered);
}

static void test_reset_sequence_order(void **state)
{
	(void)state;
	probe_ok();
	int mask0 = log_find(IXGBE_EIMC, IXGBE_EIMC_ALL, 0);
	int rst = log_find(IXGBE_CTRL, IXGBE_CTRL_RST | IXGBE_CTRL_LRST, 0);
	assert_int_equal(mask0, 0);                       /* interrupts masked first */
	assert_int_equal(m.log[mask0].val, 0x7FFFFFFF);
	assert_true(rst > mask0);
	int mask1 = log_find(IXGBE_EIMC, IXGBE_EIMC_ALL, rst + 1);   /* and again after */
	assert_true(mask1 > rst);
	int rdbal = log_find(IXGBE_RDBAL0, 0, 0), tdbal = log_find(IXGBE_TDBAL0, 0, 0);
	assert_true(rdbal > mask1 && tdbal > mask1);
	/* nothing but the masks before the reset; the reset before any ring setup */
	for (int i = 0; i < rst; i++)
		assert_int_equal(m.log[i].reg, IXGBE_EIMC);
	for (int i = 0; i < m.nlog; i++)
		if (i != rst && m.log[i].reg == IXGBE_CTRL)
			fail_msg("CTRL written again at %d", i);
	/* RX: ring, then the queue enable, then RDT, then RXEN */
	int rxd = log_find(IXGBE_RXDCTL0, IXGBE_XDCTL_ENABLE, 0);
	int rdt = log_find(IXGBE_RDT0, 0, 0), rxen = log_find(IXGBE_RXCTRL, IXGBE_RXCTRL_RXEN, 0);
	assert_true(rdbal < rxd && log_find(IXGBE_RDLEN0, 0, 0) < rxd &&
		    log_find(IXGBE_SRRCTL0, 0, 0) < rxd);
	assert_true(rxd < rdt && rdt < rxen);
	/* TX: ring, then DMATXCTL.TE, then the queue enable */
	int te = log_find(IXGBE_DMATXCTL, IXGBE_DMATXCTL_TE, 0);
	int txd = log_find(IXGBE_TXDCTL0, IXGBE_XDCTL_ENABLE, 0);
	assert_true(tdbal < te && log_find(IXGBE_TDLEN0, 0, 0) < te && te < txd);
	/* the settle time after the reset */
	assert_true(clock_us >= 10000 + 1000);
}

static void test_reset_timeout(void **state)
{
	(void)state;
	m.reset_stuck = true;
	assert_int_equal(ixgbe_driver.probe(&dev), -ETIMEDOUT);
	assert_null(registered);
	assert_int_equal(log_find(IXGBE_RDBAL0, 0, 0), -1);
	assert_int_equal(log_find(IXGBE_TDBAL0, 0, 0), -1);
	assert_int_equal(arena_used, 0);   /* nothing allocated */
	assert_true(clock_us >= 100000);   /* it waited the whole timeout */
	assert_true(clock_us < 1000000);
}

/* EEC.AUTO_RD or RDRXCTL.DMAIDONE never set after the reset: -ETIMEDOUT, no rings. */
static void test_after_reset_timeouts(void **state)
{
	(void)state;
	m.no_auto_rd = true;
	assert_int_equal(ixgbe_driver.probe(&dev), -ETIMEDOUT);
	assert_int_equal(m.resets, 1);
	setup(NULL);
	m.no_dmaidone = true;
	assert_int_equal(ixgbe_driver.probe(&dev), -ETIMEDOUT);
	assert_int_equal(m.resets, 1);
	assert_null(registered);
	assert_int_equal(log_find(IXGBE_RDBAL0, 0, 0), -1);
}

static void test_link(void **state)
{
	(void)state;
	struct net_dev *n = probe_ok();
	assert_int_equal(n->link(n), 1);
	R(IXGBE_LINKS) = 0;
	assert_int_equal(n->link(n), 0);
	R(IXGBE_LINKS) = IXGBE_LINKS_UP | 0x30000000;   /* speed bits do not matter */
	assert_int_equal(n->link(n), 1);
	R(IXGBE_LINKS) = ~IXGBE_LINKS_UP;
	assert_int_equal(n->link(n), 0);
}

static void test_transmit_byte_exact(void **state)
{
	(void)state;
	static const uint32_t lens[] = { 60, 61, 64, 100, 127, 128, 512, 1000, 1513, 1514,
					 60, 1514, 333, 60, 1514, 77, 1200, 61, 1499, 60 };
	static uint8_t f[3][NET_MAX_FRAME];
	struct net_dev *n = probe_ok();
	int cnt = (int)(sizeof(lens) / sizeof(lens[0]));
	uint32_t tail = 0;
	for (int i = 0; i < cnt; i++) {   /* more than the ring: it wraps */
		/* three buffers in turn: the device reads each where it lies, after the call */
		uint8_t *b = f[i % 3];
		fill(b, lens[i], (uint32_t)i);
		uint32_t npc = 1 + i % 2;   /* one piece, two pieces */
		struct net_frame fr = { b, lens[i], npc, { { (uintptr_t)b, lens[i] } } };
		if (npc == 2) {
			fr.pc[0].len = lens[i] / 3;
			fr.pc[1] = (struct net_piece){ (uintptr_t)b + fr.pc[0].len, lens[i] - fr.pc[0].len };
		}
		assert_int_equal(n->transmit(n, &fr), 0);
		tail = (tail + npc) % TXN;
		assert_int_equal(m.ntx, i + 1);
		assert_int_equal(m.tx_ndesc[i], npc);
		assert_int_equal(R(IXGBE_TDT0), tail);
		assert_int_equal(R(IXGBE_TDH0), R(IXGBE_TDT0));
	}
	for (int i = 0; i < cnt; i++) {
		fill(f[0], lens[i], (uint32_t)i);
		assert_int_equal(m.tx_len[i], lens[i]);
		assert_memory_equal(m.tx[i], f[0], lens[i]);
		assert_int_equal(m.tx_cmd[i], INTEL_TXD_EOP | INTEL_TXD_IFCS | INTEL_TXD_RS);
	}
}

/* b_net_tx (net.c over this driver): a short frame is copied and zero-padded to 60
 * bytes, a frame elsewhere than program memory copied whole (host memory here). */
static void test_transmit_pads(void **state)
{
	(void)state;
	static uint8_t f[NET_MAX_FRAME];
	probe_ok();
	memset(f, 0xAB, sizeof(f));
	net_tx(f, 42, 0);
	net_tx(f, 1514, 0);
	assert_int_equal(m.ntx, 2);
	assert_int_equal(m.tx_len[0], NET_MIN_FRAME);
	assert_memory_equal(m.tx[0], f, 42);
	for (int i = 42; i < NET_MIN_FRAME; i++)
		assert_int_equal(m.tx[0][i], 0);
	assert_int_equal(m.tx_len[1], 1514);
	assert_memory_equal(m.tx[1], f, 1514);
}

/* A NIC that sends nothing: the first frame is queued, the second too, but the first is
 * not done by the end of that call (1: counted as an error by net.c), and the third is
 * refused, since the ring would then reuse the first one's buffer and descriptors. */
static void test_transmit_timeout(void **state)
{
	(void)state;
	static uint8_t f[NET_MIN_FRAME];
	const struct net_frame fr = { f, sizeof(f), 1, { { (uintptr_t)f, sizeof(f) } } };
	struct net_dev *n = probe_ok();
	m.tx_dead = true;
	assert_int_equal(n->transmit(n, &fr), 0);
	uint64_t t0 = clock_us;
	assert_int_equal(n->transmit(n, &fr), 1);
	assert_true(clock_us - t0 >= 100000);
	t0 = clock_us;
	assert_int_equal(n->transmit(n, &fr), -ETIMEDOUT);
	assert_true(clock_us - t0 >= 100000);
	assert_int_equal(m.ntx, 0);
	assert_int_equal(R(IXGBE_TDT0), 2);
}

static void test_receive_in_order(void **state)
{
	(void)state;
	static const uint32_t lens[] = { 60, 1514, 64, 999, 1513, 60, 200 };
	static uint8_t f[NET_MAX_FRAME];
	struct net_dev *n = probe_ok();
	void *p = NULL;
	int cnt = (int)(sizeof(lens) / sizeof(lens[0]));

	assert_int_equal(n->poll(n, &p), 0);   /* nothing yet */
	assert_null(p);
	for (int i = 0; i < cnt; i++) {
		fill(f, lens[i], 100u + (uint32_t)i);
		assert_true(model_inject(f, lens[i]));
	}
	for (int i = 0; i < cnt; i++) {
		fill(f, lens[i], 100u + (uint32_t)i);
		assert_int_equal(n->poll(n, &p), lens[i]);
		assert_true((uint8_t *)p >= arena && (uint8_t *)p < arena + sizeof(arena));
		assert_memory_equal(p, f, lens[i]);
	}
	assert_int_equal(n->poll(n, &p), 0);
	assert_int_equal(n->poll(n, &p), 0);
	assert_int_equal(n->dropped(n), 0);
}

/* Frames wait in the ring until read; interleaved arrivals and reads keep their order. */
static void test_receive_interleaved(void **state)
{
	(void)state;
	static uint8_t f[NET_MAX_FRAME];
	struct net_dev *n = probe_ok();
	void *p;
	uint32_t in = 0, out = 0;

	for (int round = 0; round < 50; round++) {   /* 50 x up to 5 frames: wraps the ring */
		int k = 1 + round % 5;
		for (int j = 0; j < k; j++, in++) {
			fill(f, 60 + in * 13 % 1455, in);
			assert_true(model_inject(f, 60 + in * 13 % 1455));
		}
		int r = round % 3 == 2 ? 1000 : k - 1;   /* read fewer, then drain */
		for (int j = 0; j < r; j++) {
			uint32_t len = n->poll(n, &p);
			if (!len)
				break;
			fill(f, 60 + out * 13 % 1455, out);
			assert_int_equal(len, 60 + out * 13 % 1455);
			assert_memory_equal(p, f, len);
			out++;
		}
	}
	while (n->poll(n, &p)) {
		fill(f, 60 + out * 13 % 1455, out);
		assert_memory_equal(p, f, 60 + out * 13 % 1455);
		out++;
	}
	assert_int_equal(out, in);
	assert_int_equal(n->dropped(n), 0);
}

static void test_ring_full_drops(void **state)
{
	(void)state;
	static uint8_t f[NET_MAX_FRAME];
	struct net_dev *n = probe_ok();
	void *p;

	for (uint32_t i = 0; i < RXN - 1; i++) {   /* the ring holds RXN - 1 */
		fill(f, 100 + i, i);
		assert_true(model_inject(f, 100 + i));
	}
	for (uint32_t i = 0; i < 5; i++) {
		fill(f, 1514, 0xDEAD + i);
		assert_false(model_inject(f, 1514));
	}
	assert_int_equal(n->dropped(n), 5);
	assert_int_equal(n->dropped(n), 0);   /* read to clear: counted once */
	/* the unread frames were not overwritten */
	for (uint32_t i = 0; i < RXN - 1; i++) {
		fill(f, 100 + i, i);
		assert_int_equal(n->poll(n, &p), 100 + i);
		assert_memory_equal(p, f, 100 + i);
	}
	/* still full until the ring was read empty: the hand-back is one batch */
	assert_false(model_inject(f, 60));
	assert_int_equal(n->poll(n, &p), 0);
	assert_int_equal(n->dropped(n), 1);
	/* after reading, the ring takes frames again, all the way round */
	for (uint32_t i = 0; i < RXN - 1; i++) {
		fill(f, 1514 - i, 500 + i);
		assert_true(model_inject(f, 1514 - i));
	}
	assert_false(model_inject(f, 60));
	for (uint32_t i = 0; i < RXN - 1; i++) {
		fill(f, 1514 - i, 500 + i);
		assert_int_equal(n->poll(n, &p), 1514 - i);
		assert_memory_equal(p, f, 1514 - i);
	}
	assert_int_equal(n->poll(n, &p), 0);
	assert_int_equal(n->dropped(n), 1);
}

/* A descriptor with an error, without EOP or empty comes back as NET_RX_BAD: net_rx
 * drops and counts it and returns the next frame; all are given back with the rest. */
static void test_receive_bad(void **state)
{
	(void)state;
	static uint8_t f[NET_MAX_FRAME];
	struct net_dev *n = probe_ok();
	struct intel_rx_desc *ring = model_ptr(IXGBE_RDBAL0, IXGBE_RDBAH0);
	struct net_stats s;
	void *p;

	for (uint32_t i = 0; i < 4; i++) {
		fill(f, 80 + i, i);
		assert_true(model_inject(f, 80 + i));
	}
	ring[0].errors = 0x80;                 /* RXE */
	ring[1].status &= ~INTEL_RXD_EOP;      /* not the end of a packet */
	ring[2].len = 0;
	assert_int_equal(n->poll(n, &p), NET_RX_BAD);
	assert_int_equal(n->poll(n, &p), NET_RX_BAD);
	assert_int_equal(n->poll(n, &p), NET_RX_BAD);
	assert_int_equal(n->poll(n, &p), 83);
	assert_memory_equal(p, f, 83);
	assert_int_equal(n->poll(n, &p), 0);
	assert_int_equal(R(IXGBE_RDT0), 3);
	for (uint32_t i = 4; i < 8; i++) {
		fill(f, 80 + i, i);
		assert_true(model_inject(f, 80 + i));
	}
	ring[4].errors = 0x80;
	ring[5].errors = 0x80;
	assert_int_equal(net_rx(0, &p), 86);
	fill(f, 86, 6);
	assert_memory_equal(p, f, 86);
	assert_int_equal(net_rx(0, &p), 87);
	assert_int_equal(net_rx(0, &p), 0);
	assert_int_equal(net_get_stats(0, &s), 0);
	assert_int_equal(s.rx_frames, 2);
	assert_int_equal(s.rx_bytes, 86 + 87);
	assert_int_equal(s.rx_dropped, 2);
}

/* b_net_rx's frame-length rule on this NIC: 60..1514 bytes come back; a runt zero-padded
 * to 60 (whatever its buffer held before), a longer frame dropped and counted, whether
 * the ring held it (up to the model's 1518) or the NIC dropped it (ROC). */
static void test_rx_length_rule(void **state)
{
	(void)state;
	static const uint32_t lens[] = { 1, 13, 14, 59, 60, 61, 1513, 1514, 1515, 1518, 1519,
					 1522, 1524, 2000, 9000, 60, 1, 1514 };
	static uint8_t f[9000], want[NET_MAX_FRAME];
	struct net_stats s;
	void *p;
	uint64_t returned = 0, bytes = 0, dropped = 0;
	probe_ok();

	/* every buffer holds an old 1514-byte frame first: padding must not show it */
	for (uint32_t round = 0; round < 2; round++) {
		for (uint32_t i = 0; i < RXN / 2; i++) {
			memset(f, 0xA5, 1514);
			assert_true(model_inject(f, 1514));
		}
		for (uint32_t i = 0; i < RXN / 2; i++)
			assert_int_equal(net_rx(0, &p), 1514);
		assert_int_equal(net_rx(0, &p), 0);
	}
	assert_int_equal(net_get_stats(0, &s), 0);
	uint64_t frames0 = s.rx_frames, bytes0 = s.rx_bytes;
	for (uint32_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		uint32_t len = lens[i];
		fill(f, len, 300 + i);
		bool stored = model_inject(f, len);
		assert_int_equal(stored, len <= MODEL_MAX_FRAME);
		uint64_t got = net_rx(0, &p);
		if (len > NET_MAX_FRAME) {
			assert_int_equal(got, 0);
			dropped++;
			continue;
		}
		uint32_t out = len < NET_MIN_FRAME ? NET_MIN_FRAME : len;
		memset(want, 0, sizeof(want));
		memcpy(want, f, len);
		assert_int_equal(got, out);
		assert_memory_equal(p, want, out);
		returned++;
		bytes += out;
	}
	assert_int_equal(net_rx(0, &p), 0);
	assert_int_equal(net_get_stats(0, &s), 0);
	assert_int_equal(s.rx_frames - frames0, returned);
	assert_int_equal(s.rx_bytes - bytes0, bytes);
	assert_int_equal(s.rx_dropped, dropped);   /* the ring's and ROC's together */
	assert_int_equal(returned + dropped, sizeof(lens) / sizeof(lens[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_match, setup),
		cmocka_unit_test_setup(test_probe_registers_mac, setup),
		cmocka_unit_test_setup(test_no_bar_no_probe, setup),
		cmocka_unit_test_setup(test_reset_sequence_order, setup),
		cmocka_unit_test_setup(test_reset_timeout, setup),
		cmocka_unit_test_setup(test_after_reset_timeouts, setup),
		cmocka_unit_test_setup(test_link, setup),
		cmocka_unit_test_setup(test_transmit_byte_exact, setup),
		cmocka_unit_test_setup(test_transmit_pads, setup),
		cmocka_unit_test_setup(test_transmit_timeout, setup),
		cmocka_unit_test_setup(test_receive_in_order, setup),
		cmocka_unit_test_setup(test_receive_interleaved, setup),
		cmocka_unit_test_setup(test_ring_full_drops, setup),
		cmocka_unit_test_setup(test_receive_bad, setup),
		cmocka_unit_test_setup(test_rx_length_rule, setup),
	};
	/* one child per test: net.c's interface table starts empty in each */
	int failed = 0;
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		int status;
		pid_t pid = fork();
		if (pid == 0)
			_exit(_cmocka_run_group_tests(tests[i].name, &tests[i], 1, NULL, NULL));
		if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			failed++;
	}
	return failed;
}
