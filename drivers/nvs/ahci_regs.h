/* SPDX-License-Identifier: BSD-2-Clause */
/* ahci_regs.h - AHCI 1.3.1 HBA registers (3.1 generic host control, 3.3 port registers),
 * the memory-resident command structures (4.2) and the ATA commands and FIS we send
 * (SATA 3.x 10.3.4 Register Host to Device FIS; ACS-3 IDENTIFY DEVICE,
 * READ DMA EXT, WRITE DMA EXT). */
#ifndef AHCI_REGS_H
#define AHCI_REGS_H

#include <stddef.h>
#include <stdint.h>

#define AHCI_CLASS        0x010601   /* mass storage, SATA, AHCI 1.0 programming interface */
#define AHCI_ABAR         5          /* BAR5 holds the HBA's memory registers */

/* Generic host control, offsets from ABAR (3.1) */
#define AHCI_GHC          0x04       /* 32 RW: global HBA control (3.1.2) */
#define AHCI_PI           0x0C       /* 32 RO: ports implemented, one bit per port (3.1.4) */
#define AHCI_GHC_HR       (1u << 0)  /* HBA reset; reads 1 until the reset is done */
#define AHCI_GHC_AE       (1u << 31) /* AHCI enable */

/* Port registers, offsets from AHCI_PORT(n) (3.3) */
#define AHCI_PORT(n)      (0x100 + 0x80 * (uint32_t)(n))
#define AHCI_MAX_PORTS    32
#define AHCI_PxCLB        0x00       /* 32 RW: command list base, 1 KiB aligned (3.3.1) */
#define AHCI_PxCLBU       0x04       /* 32 RW: upper 32 bits (3.3.2) */
#define AHCI_PxFB         0x08       /* 32 RW: received FIS base, 256-byte aligned (3.3.3) */
#define AHCI_PxFBU        0x0C       /* 32 RW: upper 32 bits (3.3.4) */
#define AHCI_PxIS         0x10       /* 32 RWC: interrupt status (3.3.5) */
#define AHCI_PxCMD        0x18       /* 32 RW: command and status (3.3.7) */
#define AHCI_PxTFD        0x20       /* 32 RO: task file data, 7:0 ATA status (3.3.8) */
#define AHCI_PxSIG        0x24       /* 32 RO: signature of the attached device (3.3.9) */
#define AHCI_PxSSTS       0x28       /* 32 RO: SStatus (3.3.10) */
#define AHCI_PxSCTL       0x2C       /* 32 RW: SControl (3.3.11) */
#define AHCI_PxSERR       0x30       /* 32 RWC: SError (3.3.12) */
#define AHCI_PxCI         0x38       /* 32 RW1: command issue, one bit per slot (3.3.14) */

#define AHCI_IS_ERRORS    0x78000000u /* TFES, HBFS, HBDS, IFS: the command failed */
#define AHCI_CMD_ST       (1u << 0)  /* start: process the command list */
#define AHCI_CMD_SUD      (1u << 1)  /* spin-up device (staggered spin-up HBAs) */
#define AHCI_CMD_POD      (1u << 2)  /* power on device (cold presence detection) */
#define AHCI_CMD_FRE      (1u << 4)  /* FIS receive enable */
#define AHCI_CMD_FR       (1u << 14) /* FIS receive DMA engine running */
#define AHCI_CMD_CR       (1u << 15) /* command list DMA engine running */
#define AHCI_TFD_ERR      0x01       /* ATA status: error */
#define AHCI_TFD_DRQ      0x08       /* ATA status: data request */
#define AHCI_TFD_DF       0x20       /* ATA status: device fault */
#define AHCI_TFD_BSY      0x80       /* ATA status: busy */
#define AHCI_SSTS_DET     0x0F       /* device detection */
#define AHCI_DET_PRESENT  3          /* device present, Phy communication established */
#define AHCI_SCTL_DET     0x0F       /* device detection initialization */
#define AHCI_SCTL_DET_COMRESET 1     /* SCTL.DET: send COMRESET while set */
#define AHCI_SIG_ATA      0x00000101u /* SATA disk; ATAPI is 0xEB140101, PM 0x96690101 */
#define AHCI_SIG_NONE     0xFFFFFFFFu /* no D2H register FIS received since reset */

/* Command header, 32 per command list (4.2.2) */
struct ahci_cmd_header {
	uint32_t flags;            /* 4:0 CFL (FIS dwords), 6 W (write), 31:16 PRDTL */
	volatile uint32_t prdbc;   /* bytes transferred, written by the HBA */
	uint32_t ctba, ctbau;      /* command table, 128-byte aligned */
	uint32_t rsv[4];
} __attribute__((packed));
_Static_assert(sizeof(struct ahci_cmd_header) == 32, "AHCI command header");
_Static_assert(offsetof(struct ahci_cmd_header, ctba) == 8, "AHCI CTBA");

#define AHCI_HDR_W        (1u << 6)
#define AHCI_HDR_PRDTL(n) ((uint32_t)(n) << 16)

/* Register FIS, host to device (SATA 10.3.4): 5 dwords */
struct ahci_fis_h2d {
	uint8_t type;              /* AHCI_FIS_H2D */
	uint8_t flags;             /* bit 7: command register update */
	uint8_t command, feature_lo;
	uint8_t lba0, lba1, lba2, device;
	uint8_t lba3, lba4, lba5, feature_hi;
	uint8_t count_lo, count_hi, icc, control;
	uint8_t rsv[4];
} __attribute__((packed));
_Static_assert(sizeof(struct ahci_fis_h2d) == 20, "H2D register FIS");
_Static_assert(offsetof(struct ahci_fis_h2d, count_lo) == 12, "H2D FIS count");

#define AHCI_FIS_H2D      0x27
#define AHCI_FIS_CMD      0x80
#define AHCI_DEV_LBA      0x40       /* device register: LBA addressing */

/* Physical region descriptor, the command table's PRDT (4.2.3) */
struct ahci_prd {
	uint32_t dba, dbau;        /* data base address, word aligned */
	uint32_t rsv;
	uint32_t dbc;              /* 21:0 byte count - 1 (odd: whole words), 31 I */
} __attribute__((packed));
_Static_assert(sizeof(struct ahci_prd) == 16, "AHCI PRD");

#define AHCI_PRD_MAX      (4u << 20) /* bytes per PRD */

/* Command table (4.2.3), with room for AHCI_PRDS PRDs: a transfer's physical pieces */
#define AHCI_PRDS         4
struct ahci_cmd_table {
	struct ahci_fis_h2d cfis;
	uint8_t cfis_rsv[64 - sizeof(struct ahci_fis_h2d)];
	uint8_t acmd[16];
	uint8_t rsv[48];
	struct ahci_prd prdt[AHCI_PRDS];
} __attribute__((packed));
_Static_assert(offsetof(struct ahci_cmd_table, acmd) == 0x40, "AHCI ACMD");
_Static_assert(offsetof(struct ahci_cmd_table, prdt) == 0x80, "AHCI PRDT");

/* ATA commands and IDENTIFY DEVICE data words (ACS-3) */
#define ATA_READ_DMA_EXT  0x25
#define ATA_WRITE_DMA_EXT 0x35
#define ATA_IDENTIFY      0xEC
#define ATA_ID_MODEL      27         /* words 27-46: 40 ASCII characters, swapped pairs */
#define ATA_ID_MODEL_LEN  40
#define ATA_ID_LBA28      60         /* words 60-61: user addressable sectors */
#define ATA_ID_CMDSET2    83         /* bit 10: 48-bit address feature set */
#define ATA_ID_LBA48      100        /* words 100-103 */
#define ATA_ID_SECSIZE    106        /* 15:14 = 01 valid, bit 12: words 117-118 valid */
#define ATA_ID_LSS        117        /* words 117-118: logical sector size in words */
#define ATA_CMDSET2_LBA48 (1u << 10)
#define ATA_SECSIZE_VALID_MASK 0xC000
#define ATA_SECSIZE_VALID 0x4000
#define ATA_SECSIZE_LSS   (1u << 12)

#endif
