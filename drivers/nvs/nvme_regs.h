/* SPDX-License-Identifier: BSD-2-Clause */
/* nvme_regs.h - NVMe controller registers (NVMe 1.4, 3.1), queue entries (4.2, 4.6),
 * the admin and NVM commands the driver sends (5.3, 5.4, 5.15; 6: Read, Write) and the
 * fields of the Identify data it reads (5.15.2). */
#ifndef NVME_REGS_H
#define NVME_REGS_H

#include <stddef.h>
#include <stdint.h>

#define NVME_CLASS         0x010802u  /* mass storage, NVM, NVM Express (PCI class code) */

/* Registers, BAR0 (3.1) */
#define NVME_REG_CAP       0x00   /* 64 RO  controller capabilities (3.1.1) */
#define NVME_REG_VS        0x08   /* 32 RO  version (3.1.2) */
#define NVME_REG_INTMS     0x0C   /* 32 RWS interrupt mask set (3.1.3) */
#define NVME_REG_CC        0x14   /* 32 RW  controller configuration (3.1.5) */
#define NVME_REG_CSTS      0x1C   /* 32 RO  controller status (3.1.6) */
#define NVME_REG_AQA       0x24   /* 32 RW  admin queue attributes (3.1.8) */
#define NVME_REG_ASQ       0x28   /* 64 RW  admin submission queue base (3.1.9) */
#define NVME_REG_ACQ       0x30   /* 64 RW  admin completion queue base (3.1.10) */
#define NVME_REG_DB        0x1000 /* 32 WO  doorbells: SQ y tail at 2y, CQ y head at 2y+1 strides (3.1.24-25) */

#define NVME_CAP_MQES(c)   ((uint32_t)((c) & 0xFFFF))       /* max entries per I/O queue, 0-based */
#define NVME_CAP_TO(c)     ((uint32_t)((c) >> 24) & 0xFF)   /* ready timeout, 500 ms units */
#define NVME_CAP_DSTRD(c)  ((uint32_t)((c) >> 32) & 0xF)    /* doorbell stride: 4 << DSTRD bytes */
#define NVME_CAP_CSS_NVM   (1ULL << 37)                     /* NVM command set supported */
#define NVME_CAP_MPSMIN(c) ((uint32_t)((c) >> 48) & 0xF)    /* smallest page: 4096 << MPSMIN */

#define NVME_CC_EN         (1u << 0)
#define NVME_CC_CSS_NVM    (0u << 4)
#define NVME_CC_MPS_4K     (0u << 7)
#define NVME_CC_IOSQES     (6u << 16)  /* 64-byte submission entries */
#define NVME_CC_IOCQES     (4u << 20)  /* 16-byte completion entries */

#define NVME_CSTS_RDY      (1u << 0)
#define NVME_CSTS_CFS      (1u << 1)   /* controller fatal status */

#define NVME_AQA(sq, cq)   ((uint32_t)((cq) - 1) << 16 | (uint32_t)((sq) - 1))

/* Opcodes: admin (5), NVM (6) */
#define NVME_ADMIN_CREATE_SQ 0x01
#define NVME_ADMIN_CREATE_CQ 0x05
#define NVME_ADMIN_IDENTIFY  0x06
#define NVME_CMD_WRITE       0x01
#define NVME_CMD_READ        0x02

#define NVME_CNS_NS          0x00  /* Identify Namespace, cdw10 */
#define NVME_CNS_CTRL        0x01  /* Identify Controller */
#define NVME_CNS_NS_LIST     0x02  /* active namespace IDs above nsid, ascending, 0-terminated */

#define NVME_QUEUE_PC        (1u << 0)  /* create CQ/SQ cdw11: physically contiguous; IEN (bit 1) off */

/* Submission queue entry (4.2) */
struct nvme_sqe {
	uint8_t opc;
	uint8_t flags;        /* FUSE 1:0, PSDT 7:6: 0 = PRPs */
	uint16_t cid;
	uint32_t nsid;
	uint64_t rsvd2;
	uint64_t mptr;
	uint64_t prp1;
	uint64_t prp2;
	uint32_t cdw10, cdw11, cdw12, cdw13, cdw14, cdw15;
} __attribute__((packed));
_Static_assert(sizeof(struct nvme_sqe) == 64, "SQ entry");
_Static_assert(offsetof(struct nvme_sqe, prp1) == 24, "PRP1");
_Static_assert(offsetof(struct nvme_sqe, cdw10) == 40, "CDW10");

/* Completion queue entry (4.6); dw3: CID 15:0, phase 16, SC 24:17, SCT 27:25 */
struct nvme_cqe {
	uint32_t dw0, dw1;
	uint16_t sqhd, sqid;
	uint32_t dw3;
} __attribute__((packed));
_Static_assert(sizeof(struct nvme_cqe) == 16, "CQ entry");
_Static_assert(offsetof(struct nvme_cqe, dw3) == 12, "CQE dw3");

#define NVME_CQE_CID(dw3)    ((uint16_t)(dw3))
#define NVME_CQE_PHASE(dw3)  (((dw3) >> 16) & 1)
#define NVME_CQE_PHASE_BIT   (1u << 16)
#define NVME_CQE_STATUS(dw3) (((dw3) >> 17) & 0x7FF)   /* SCT:SC; 0 = success */

/* Identify Controller data (CNS 01h), the fields read */
struct nvme_id_ctrl {
	uint16_t vid, ssvid;
	char sn[20];
	char mn[40];          /* model number, ASCII, space padded */
	char fr[8];
	uint8_t rab, ieee[3], cmic;
	uint8_t mdts;         /* max transfer: 2^mdts minimum pages, 0 = no limit */
	uint8_t rsvd78[516 - 78];
	uint32_t nn;          /* highest namespace ID */
} __attribute__((packed));
_Static_assert(offsetof(struct nvme_id_ctrl, mn) == 24, "MN");
_Static_assert(offsetof(struct nvme_id_ctrl, mdts) == 77, "MDTS");
_Static_assert(offsetof(struct nvme_id_ctrl, nn) == 516, "NN");

/* Identify Namespace data (CNS 00h), the fields read; LBA format: MS 15:0, LBADS 23:16 */
struct nvme_id_ns {
	uint64_t nsze, ncap, nuse;
	uint8_t nsfeat, nlbaf;
	uint8_t flbas;        /* 3:0 the LBA format in use */
	uint8_t rsvd27[128 - 27];
	uint32_t lbaf[16];
} __attribute__((packed));
_Static_assert(offsetof(struct nvme_id_ns, flbas) == 26, "FLBAS");
_Static_assert(offsetof(struct nvme_id_ns, lbaf) == 128, "LBAF");

#define NVME_LBAF_MS(f)    ((f) & 0xFFFF)
#define NVME_LBAF_LBADS(f) (((f) >> 16) & 0xFF)

#endif
