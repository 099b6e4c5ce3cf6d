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
#define NVME_CMD_US     30000000  /* a command not done in 30 s is given up (and reset): Linux's
                                   * default I/O timeout; QEMU under load can take seconds */
#define NVME_NSLIST_MAX 1024      /* NSIDs in one CNS 02h page */

struct nvme_queue {
	struct nvme_sqe *sq;
	volatile struct nvme_cqe *cq;
	uint64_t sq_db, cq_db;        /* doorbell addresses in BAR0 */
	uint16_t mask, tail, head;    /* mask: entries - 1, a power of two */
	uint16_t sq_head;             /* the controller's SQ head, from the last completion */
	uint32_t phase;               /* NVME_CQE_PHASE_BIT as a new completion at head has it */
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
	uint64_t cdw01[2];            /* CDW0-1 of a read, a write: opcode and NSID (4.2) */
	uint32_t lba_shift;           /* a 4096-byte sector is 1 << lba_shift LBAs */
};

/* Takes completion entry e, q's head (its phase tag was q's): the controller's SQ head
 * from it, head one on (the phase flips at the wrap) and the CQ head doorbell. */
static inline __attribute__((always_inline)) void nvme_pop(struct nvme_queue *q,
							   volatile struct nvme_cqe *e, uint16_t head)
{
	head = (head + 1) & q->mask;

	q->sq_head = e->sqhd;
	q->head = head;
	if (!head)
		q->phase ^= NVME_CQE_PHASE_BIT;
	mmio_write32(q->cq_db, 0, head);
	barrier();
}

/* Submits the command written at q's tail slot (its CID the slot's index: unique while
 * it is in flight, 4.2); next is the slot after it, not the controller's SQ head (else the
 * SQ is full). */
static inline __attribute__((always_inline)) void nvme_submit(struct nvme_queue *q, uint16_t next)
{
	q->tail = next;
	barrier();
	mmio_write32(q->sq_db, 0, next);
}

/* Polls q for the completion of command cid: 0, -EIO (the controller's status was not
 * success) or -ETIMEDOUT. Late completions of commands given up before are consumed on
 * the way, so head, tail and phase stay in step with the controller whatever happened
 * before. */
static int nvme_reap(struct nvme_queue *q, uint16_t cid)
{
	struct poll_clock pc = { 0 };

	for (;;) {
		volatile struct nvme_cqe *e = &q->cq[q->head];
		uint32_t dw3 = READ_ONCE(e->dw3);
		/* the entry's phase tag flips when the controller's DMA has written it */
		if ((dw3 & NVME_CQE_PHASE_BIT) != q->phase) {
			if (poll_clock_tick(&pc) && poll_clock_expired(&pc, NVME_CMD_US))
				return -ETIMEDOUT;
			continue;
		}
		nvme_pop(q, e, q->head);
		if (NVME_CQE_CID(dw3) == cid)
			return NVME_CQE_STATUS(dw3) ? -EIO : 0;
	}
}

static int nvme_admin(struct nvme_ctrl *c, uint8_t opc, uint32_t nsid, void *prp1,
		      uint32_t cdw10, uint32_t cdw11)
{
	struct nvme_queue *q = &c->admin;
	uint16_t cid = q->tail, next = (cid + 1) & q->mask;

	if (next == q->sq_head)   /* the SQ is full: the controller stopped fetching */
		return -EBUSY;
	q->sq[cid] = (struct nvme_sqe){ .opc = opc, .cid = cid, .nsid = nsid,
					.prp1 = (uintptr_t)prp1, .cdw10 = cdw10, .cdw11 = cdw11 };
	nvme_submit(q, next);
	return nvme_reap(q, cid);
}

static int nvme_start(struct nvme_ctrl *c);

/* The end of an I/O command the first look did not see done (cid -EBUSY: not
 * submitted, the SQ is full). A command that timed out may still be running and DMA into
 * or out of a buffer the caller reuses, so the controller is reset: that ends every
 * command in flight. */
static __attribute__((noinline)) int nvme_io_wait(struct nvme_ctrl *c, int cid)
{
	int r = cid;

	if (cid >= 0) {
		cpu_pause();   /* the first look found nothing: pause, as every wait does */
		r = nvme_reap(&c->io, cid);
	}
	if ((r == -ETIMEDOUT || r == -EBUSY) && nvme_start(c))
		c->failed = true;
	return r;
}

/* One I/O command over PRP1/PRP2, written straight into its slot as 5 of its 8
 * quadwords (4.2): CDW0 (opcode, CID = the slot), NSID; PRP1, PRP2; CDW10-11 = SLBA;
 * CDW12 = NLB - 1, CDW13 0. The other three (CDW2-3, MPTR, CDW14-15) stay 0: the I/O
 * SQ is zeroed at every reset and only this writes it. The completion's first look is
 * here, phase tag and CID in one compare; anything else is nvme_io_wait's, a tail call:
 * no register lives across a call, so the common path saves none. */
static inline __attribute__((always_inline)) int nvme_io(struct nvme_ns *ns, uint64_t sector,
							  uint32_t count, uint64_t prp1,
							  uint64_t prp2, bool wr)
{
	struct nvme_ctrl *c = ns->c;
	struct nvme_queue *q = &c->io;
	/* read before the slot's stores, which may alias anything */
	uint16_t cid = q->tail, next = (cid + 1) & q->mask;
	uint32_t shift = ns->lba_shift;
	nvme_qword *w = (nvme_qword *)&q->sq[cid];   /* SQ slots are 64-byte aligned */

	if (next == q->sq_head)   /* the SQ is full: the controller stopped fetching */
		return nvme_io_wait(c, -EBUSY);
	w[0] = ns->cdw01[wr] | (uint32_t)cid << 16;
	w[3] = prp1;
	w[4] = prp2;
	w[5] = sector << shift;
	w[6] = (count << shift) - 1;
	nvme_submit(q, next);
	uint16_t head = q->head;
	volatile struct nvme_cqe *e = &q->cq[head];
	uint32_t dw3 = READ_ONCE(e->dw3);
	if ((dw3 & (NVME_CQE_PHASE_BIT | 0xFFFF)) != (q->phase | cid))
		return nvme_io_wait(c, cid);
	nvme_pop(q, e, head);
	return NVME_CQE_STATUS(dw3) ? -EIO : 0;
}

/* nvme_rw's general case: the PRP list (nvme_prp.c). */
static __attribute__((noinline)) int nvme_rw_list(struct nvme_ns *ns, uint64_t sector,
						  uint32_t count, const struct nvs_seg *seg,
						  uint32_t nseg, bool wr)
{
	uint64_t prp1, prp2;
	int r = nvme_prp_segs(seg, nseg, &prp1, &prp2, ns->c->page, NVME_PRP_LIST_MAX);

	return r ? r : nvme_io(ns, sector, count, prp1, prp2, wr);
}

/* Moves count (<= max_io, nvs_dev.max_io) sectors in one command, under the controller's
 * lock (nvs.c holds it: nvs_dev.lock); a failure ends it. One run within two pages (any
 * 4 KiB sector, dword aligned) is PRP1 and PRP2 the second page (4.3). */
static int nvme_rw(struct nvs_dev *d, uint64_t sector, uint32_t count, const struct nvs_seg *seg,
		   uint32_t nseg, bool wr)
{
	struct nvme_ns *ns = container_of(d, struct nvme_ns, dev);
	uint64_t prp1 = seg[0].phys, end = (prp1 & (NVME_PAGE - 1)) + seg[0].len;

	if (ns->c->failed)
		return -EIO;
	if (nseg == 1 && end <= 2 * NVME_PAGE) {   /* dword aligned, not empty: nvs.h */
		uint64_t prp2 = end > NVME_PAGE ? (prp1 | (NVME_PAGE - 1)) + 1 : 0;
		return nvme_io(ns, sector, count, prp1, prp2, wr);
	}
	return nvme_rw_list(ns, sector, count, seg, nseg, wr);
}

/* Waits for CSTS.RDY == rdy: 0, -EIO (fatal status, or the device is gone) or -ETIMEDOUT. */
static int nvme_wait_ready(uint64_t regs, uint32_t rdy, uint64_t timeout_us)
{
	uint64_t start = time_us();
	for (bool late = false;; late = time_us() - start > timeout_us) {   /* util.h */
		uint32_t s = mmio_read32(regs, NVME_REG_CSTS);
		if (s == 0xFFFFFFFF || (rdy && (s & NVME_CSTS_CFS)))
			return -EIO;
		if ((s & NVME_CSTS_RDY) == rdy)
			return 0;
		if (late)
			return -ETIMEDOUT;
		cpu_pause();
	}
}

/* An empty queue, its entries zeroed: the next completion at entry 0 carries phase
 * tag 1. */
static void nvme_queue_reset(struct nvme_queue *q)
{
	memset(q->sq, 0, NVME_PAGE);
	memset((void *)q->cq, 0, NVME_PAGE);
	q->tail = q->head = q->sq_head = 0;
	q->phase = NVME_CQE_PHASE_BIT;
}

/* depth: a power of two */
static int nvme_queue_init(struct nvme_queue *q, uint64_t regs, uint32_t qid, uint16_t depth,
			   uint32_t stride)
{
	q->sq = kmem_alloc(NVME_PAGE, NVME_PAGE);
	q->cq = kmem_alloc(NVME_PAGE, NVME_PAGE);
	q->mask = depth - 1;
	q->sq_db = regs + NVME_REG_DB + 2 * qid * stride;
	q->cq_db = q->sq_db + stride;
	return q->sq && q->cq ? 0 : -ENOMEM;
}

/* Resets the controller (3.1.6, 7.3.2: every command in flight ends, the I/O queues are
 * gone) and brings up the admin queue and the polled I/O queue pair on the memory
 * allocated at probe. 0, or -EIO / -ETIMEDOUT with the controller left disabled. */
static int nvme_start(struct nvme_ctrl *c)
{
	uint64_t regs = c->regs;
	uint32_t qsize = (uint32_t)c->io.mask << 16 | 1;   /* 0-based size, QID 1 */
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
		ns->cdw01[0] = NVME_CMD_READ | (uint64_t)list[i] << 32;
		ns->cdw01[1] = NVME_CMD_WRITE | (uint64_t)list[i] << 32;
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
	uint16_t io_depth = NVME_QDEPTH;   /* a power of two, at most MQES + 1 (>= 2) */
	while (io_depth > NVME_CAP_MQES(cap) + 1u)
		io_depth /= 2;
	c = kmem_alloc(sizeof(*c), 64);
	pages = kmem_alloc(2 * NVME_PAGE, NVME_PAGE);   /* PRP list / Identify, NSID list */
	if (!c || !pages)
		return -ENOMEM;
	c->regs = regs;
	c->ready_us = (uint64_t)(NVME_CAP_TO(cap) ? NVME_CAP_TO(cap) : 1) * 500000;
	c->page = pages;
	r = nvme_queue_init(&c->admin, regs, 0, NVME_QDEPTH, stride);
	if (!r)
		r = nvme_queue_init(&c->io, regs, 1, io_depth, stride);
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
