// SPDX-License-Identifier: BSD-2-Clause
/* nvme.c - NVMe storage (NVMe 1.4: 7.6.1 initialization, 3.1 registers, 4 queues and
 * PRPs, 5 admin and 6 NVM commands): one polled I/O queue pair per controller, interrupts
 * off; every active namespace of 512..4096-byte LBAs without metadata is an nvs drive.
 * Tested on QEMU 7.2's nvme (1b36:0010, "QEMU NVMe Ctrl"), q35 and pc:
 *   qemu-system-x86_64 -machine q35 -cdrom baremetal.iso \
 *     -drive if=none,id=n0,format=raw,file=disk.img -device nvme,drive=n0,serial=bmc1 */
#include "drivers/nvs/nvme_regs.h"
#include "drivers/nvs/nvme_prp.h"
#include "drivers/nvs/nvs.h"
#include "drivers/bus/pcidev.h"
#include "kernel/driver.h"
#include "drivers/util.h"
#include "common/errno.h"
#include "common/fmt.h"
#include "common/x86.h"

#define NVME_QDEPTH     32        /* entries per queue: one page of SQ entries at most */
#define NVME_CMD_US     5000000   /* a command not done in 5 s is given up (and reset) */
#define NVME_NSLIST_MAX 1024      /* NSIDs in one CNS 02h page */

struct nvme_queue {
	struct nvme_sqe *sq;
	volatile struct nvme_cqe *cq;
	uint32_t sq_db, cq_db;        /* doorbell offsets in BAR0 */
	uint16_t depth, tail, head;
	uint16_t sq_head;             /* the controller's SQ head, from the last completion */
	uint16_t cid;
	uint8_t phase;                /* the phase tag a new completion at head carries */
};

struct nvme_ctrl {
	uint64_t regs;
	uint64_t ready_us;            /* CAP.TO: the longest CSTS.RDY transition */
	struct nvme_queue admin, io;
	uint64_t *page;               /* PRP list; the Identify buffer during probe */
	uint32_t max_io;              /* sectors per command (MDTS) */
	bool failed;                  /* a reset after a timeout failed: every I/O is -EIO */
	volatile uint32_t lock;       /* the namespaces' nvs lock: they share the I/O queue */
};

typedef uint64_t nvme_qword __attribute__((may_alias));   /* an SQ entry as 8 quadwords */

struct nvme_ns {
	struct nvs_dev dev;           /* what the nvs class hands back */
	struct nvme_ctrl *c;
	uint32_t nsid;
	uint32_t lba_shift;           /* a 4096-byte sector is 1 << lba_shift LBAs */
};

/* Submits the command written at q's tail slot (slot == &q->sq[q->tail]; its CID is set
 * here) and polls for its completion: 0, -EIO (the controller's status was not success),
 * -EBUSY (the SQ is full: the controller stopped fetching; nothing is submitted) or
 * -ETIMEDOUT. Late completions of commands given up before are consumed on the way, so
 * head, tail and phase stay in step with the controller whatever happened before. */
static inline __attribute__((always_inline)) int nvme_run(struct nvme_ctrl *c, struct nvme_queue *q,
							 struct nvme_sqe *slot)
{
	uint16_t next = q->tail + 1 == q->depth ? 0 : q->tail + 1;

	if (next == q->sq_head)
		return -EBUSY;
	if (++q->cid == 0xFFFF)       /* FFFFh is reserved (NVMe 1.4, 4.2) */
		q->cid = 0;
	uint16_t cid = slot->cid = q->cid;
	q->tail = next;
	barrier();
	mmio_write32(c->regs, q->sq_db, q->tail);

	struct poll_clock pc = { 0 };
	for (;;) {
		volatile struct nvme_cqe *e = &q->cq[q->head];
		uint32_t dw3, phase = (uint32_t)q->phase << 16;
		/* the entry's phase tag flips when the controller's DMA has written it */
		while ((READ_ONCE(e->dw3) & NVME_CQE_PHASE_BIT) != phase)
			if (poll_clock_tick(&pc) && poll_clock_expired(&pc, NVME_CMD_US))
				return -ETIMEDOUT;
		dw3 = READ_ONCE(e->dw3);
		q->sq_head = e->sqhd;
		if (++q->head == q->depth) {
			q->head = 0;
			q->phase ^= 1;
		}
		mmio_write32(c->regs, q->cq_db, q->head);
		barrier();
		if (NVME_CQE_CID(dw3) == cid)
			return NVME_CQE_STATUS(dw3) ? -EIO : 0;
	}
}

static int nvme_admin(struct nvme_ctrl *c, uint8_t opc, uint32_t nsid, void *prp1,
		      uint32_t cdw10, uint32_t cdw11)
{
	struct nvme_sqe *slot = &c->admin.sq[c->admin.tail];
	*slot = (struct nvme_sqe){ .opc = opc, .nsid = nsid, .prp1 = (uintptr_t)prp1,
				   .cdw10 = cdw10, .cdw11 = cdw11 };
	return nvme_run(c, &c->admin, slot);
}

static int nvme_start(struct nvme_ctrl *c);

/* Moves count (<= max_io, nvs_dev.max_io) sectors in one command, under the controller's
 * lock (nvs.c holds it: nvs_dev.lock); a failure ends it. A command that timed out may
 * still be running and DMA into or out of a buffer the caller reuses, so the controller
 * is reset: that ends every command in flight. */
static int nvme_rw(struct nvs_dev *d, uint64_t sector, uint32_t count, const struct nvs_seg *seg,
		   uint32_t nseg, bool wr)
{
	struct nvme_ns *ns = container_of(d, struct nvme_ns, dev);
	struct nvme_ctrl *c = ns->c;
	uint64_t lba = sector << ns->lba_shift, prp1 = 0, prp2 = 0;
	int r = -EIO;

	if (!c->failed)
		r = nvme_prp_segs(seg, nseg, &prp1, &prp2, c->page, NVME_PRP_LIST_MAX);
	if (!r) {
		/* the command straight into its slot, in 8 quadwords (4.2): CDW0 (the CID is
		 * nvme_run's), NSID; CDW2-3, MPTR 0; PRP1, PRP2; CDW10-11 = SLBA; CDW12 = NLB
		 * - 1; CDW13-15 0 */
		uintptr_t slot = (uintptr_t)c->io.sq + c->io.tail * sizeof(struct nvme_sqe);
		nvme_qword *w = (nvme_qword *)slot;   /* SQ slots are 64-byte aligned */
		w[0] = (wr ? NVME_CMD_WRITE : NVME_CMD_READ) | (uint64_t)ns->nsid << 32;
		w[1] = w[2] = 0;
		w[3] = prp1;
		w[4] = prp2;
		w[5] = lba;
		w[6] = (count << ns->lba_shift) - 1;
		w[7] = 0;
		r = nvme_run(c, &c->io, (struct nvme_sqe *)slot);
	}
	if ((r == -ETIMEDOUT || r == -EBUSY) && nvme_start(c))
		c->failed = true;
	return r;
}

/* Waits for CSTS.RDY == rdy: 0, -EIO (fatal status, or the device is gone) or -ETIMEDOUT. */
static int nvme_wait_ready(uint64_t regs, uint32_t rdy, uint64_t timeout_us)
{
	uint64_t start = time_us();
	for (;;) {
		uint32_t s = mmio_read32(regs, NVME_REG_CSTS);
		if (s == 0xFFFFFFFF || (rdy && (s & NVME_CSTS_CFS)))
			return -EIO;
		if ((s & NVME_CSTS_RDY) == rdy)
			return 0;
		if (time_us() - start > timeout_us)
			return -ETIMEDOUT;
		cpu_pause();
	}
}

/* An empty queue: the next completion at entry 0 carries phase 1. */
static void nvme_queue_reset(struct nvme_queue *q)
{
	memset((void *)q->cq, 0, NVME_PAGE);
	q->tail = q->head = q->sq_head = 0;
	q->phase = 1;
}

static int nvme_queue_init(struct nvme_queue *q, uint32_t qid, uint16_t depth, uint32_t stride)
{
	q->sq = kmem_alloc(NVME_PAGE, NVME_PAGE);
	q->cq = kmem_alloc(NVME_PAGE, NVME_PAGE);
	q->depth = depth;
	q->sq_db = NVME_REG_DB + 2 * qid * stride;
	q->cq_db = q->sq_db + stride;
	return q->sq && q->cq ? 0 : -ENOMEM;
}

/* Resets the controller (3.1.6, 7.3.2: every command in flight ends, the I/O queues are
 * gone) and brings up the admin queue and the polled I/O queue pair on the memory
 * allocated at probe. 0, or -EIO / -ETIMEDOUT with the controller left disabled. */
static int nvme_start(struct nvme_ctrl *c)
{
	uint64_t regs = c->regs;
	uint32_t qsize = (uint32_t)(c->io.depth - 1) << 16 | 1;   /* 0-based size, QID 1 */
	int r;

	/* EN 1 -> 0 only once RDY is 1 (3.1.6), then wait for RDY 0. */
	if (mmio_read32(regs, NVME_REG_CC) & NVME_CC_EN)
		nvme_wait_ready(regs, NVME_CSTS_RDY, c->ready_us);
	mmio_write32(regs, NVME_REG_CC, 0);
	r = nvme_wait_ready(regs, 0, c->ready_us);
	if (r)
		return r;
	nvme_queue_reset(&c->admin);
	nvme_queue_reset(&c->io);
	mmio_write32(regs, NVME_REG_AQA, NVME_AQA(NVME_QDEPTH, NVME_QDEPTH));
	mmio_write64(regs, NVME_REG_ASQ, (uintptr_t)c->admin.sq);
	mmio_write64(regs, NVME_REG_ACQ, (uintptr_t)c->admin.cq);
	mmio_write32(regs, NVME_REG_CC, NVME_CC_IOCQES | NVME_CC_IOSQES | NVME_CC_MPS_4K |
		     NVME_CC_CSS_NVM | NVME_CC_EN);
	r = nvme_wait_ready(regs, NVME_CSTS_RDY, c->ready_us);
	if (r)
		goto err_disable;
	mmio_write32(regs, NVME_REG_INTMS, 0xFFFFFFFF);   /* polled: no pin or MSI interrupts */
	r = nvme_admin(c, NVME_ADMIN_CREATE_CQ, 0, (void *)c->io.cq, qsize, NVME_QUEUE_PC);
	if (!r)
		r = nvme_admin(c, NVME_ADMIN_CREATE_SQ, 0, c->io.sq, qsize, 1u << 16 | NVME_QUEUE_PC);
	if (!r)
		return 0;
err_disable:
	mmio_write32(regs, NVME_REG_CC, 0);   /* no DMA from a controller we gave up on */
	return r;
}

/* Identifies the active namespaces (CNS 02h, else NSIDs 1..NN) and registers each usable
 * one, in NSID order. */
static void nvme_add_namespaces(struct nvme_ctrl *c, uint32_t *list, uint32_t nn, const char *model)
{
	if (nvme_admin(c, NVME_ADMIN_IDENTIFY, 0, list, NVME_CNS_NS_LIST, 0))
		for (uint32_t i = 0; i < NVME_NSLIST_MAX; i++)
			list[i] = i < nn ? i + 1 : 0;
	for (uint32_t i = 0; i < NVME_NSLIST_MAX && list[i]; i++) {
		struct nvme_id_ns *id = (struct nvme_id_ns *)c->page;
		int r = nvme_admin(c, NVME_ADMIN_IDENTIFY, list[i], id, NVME_CNS_NS, 0);
		if (r == -ETIMEDOUT) {
			nvme_start(c);   /* a reset ends the command before it can DMA into page */
			return;
		}
		uint32_t f = id->lbaf[id->flbas & 0xF], lbads = NVME_LBAF_LBADS(f);
		if (r || NVME_LBAF_MS(f) || lbads < 9 || lbads > 12 || id->nsze >> (12 - lbads) == 0)
			continue;
		struct nvme_ns *ns = kmem_alloc(sizeof(*ns), 64);
		if (!ns)
			return;
		ns->dev.type = "nvme";
		memcpy(ns->dev.model, model, 41);
		ns->dev.sectors = id->nsze >> (12 - lbads);
		ns->dev.rw = nvme_rw;
		ns->dev.align = 3;   /* PRP entries are dword aligned (4.3) */
		ns->dev.max_io = c->max_io;
		ns->dev.lock = &c->lock;
		ns->c = c;
		ns->nsid = list[i];
		ns->lba_shift = 12 - lbads;
		if (nvs_register(&ns->dev))
			return;
	}
}

static int nvme_probe(struct pci_dev *pd)
{
	const struct pci_bar *bar = &pd->bar[0];
	uint64_t regs = bar->base, cap;
	struct nvme_ctrl *c;
	uint64_t *pages;
	char model[41];
	int r;

	if (bar->io || !regs)
		return -ENODEV;
	pci_enable(pd);
	cap = mmio_read64(regs, NVME_REG_CAP);
	if (cap == ~0ULL || !(cap & NVME_CAP_CSS_NVM) || NVME_CAP_MPSMIN(cap))
		return -ENODEV;             /* no NVM command set, or no 4 KiB pages */
	uint32_t stride = 4u << NVME_CAP_DSTRD(cap);
	uint16_t io_depth = NVME_CAP_MQES(cap) + 1 < NVME_QDEPTH ? NVME_CAP_MQES(cap) + 1 : NVME_QDEPTH;
	c = kmem_alloc(sizeof(*c), 64);
	pages = kmem_alloc(2 * NVME_PAGE, NVME_PAGE);   /* PRP list / Identify, NSID list */
	if (!c || !pages)
		return -ENOMEM;
	c->regs = regs;
	c->ready_us = (uint64_t)(NVME_CAP_TO(cap) ? NVME_CAP_TO(cap) : 1) * 500000;
	c->page = pages;
	r = nvme_queue_init(&c->admin, 0, NVME_QDEPTH, stride);
	if (!r)
		r = nvme_queue_init(&c->io, 1, io_depth, stride);
	if (!r)
		r = nvme_start(c);
	if (r)
		return r;

	struct nvme_id_ctrl *id = (struct nvme_id_ctrl *)pages;
	r = nvme_admin(c, NVME_ADMIN_IDENTIFY, 0, id, NVME_CNS_CTRL, 0);
	if (r)
		goto err_disable;
	memcpy(model, id->mn, sizeof(id->mn));   /* nvs_register trims the padding */
	model[sizeof(id->mn)] = 0;
	c->max_io = id->mdts && id->mdts < 5 ? 1u << id->mdts : NVS_MAX_IO;
	nvme_add_namespaces(c, (uint32_t *)(pages + NVME_PAGE / 8), id->nn, model);
	return 0;

err_disable:
	mmio_write32(regs, NVME_REG_CC, 0);   /* no DMA from a controller we gave up on */
	return r;
}

static bool nvme_match(const struct pci_dev *d)
{
	return d->class_code == NVME_CLASS;
}

static const struct pci_driver nvme_driver = { "nvme", nvme_match, nvme_probe };
PCI_DRIVER(nvme_driver);
