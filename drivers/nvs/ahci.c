// SPDX-License-Identifier: BSD-2-Clause
/* ahci.c - SATA disks behind an AHCI 1.3.1 HBA: HBA reset (10.4.3), port bring-up (10.1.2,
 * 10.3), one command slot issued and polled through PxCI (3.3.14), non-queued error
 * recovery (6.2.2.1); IDENTIFY DEVICE, READ/WRITE DMA EXT (ACS-3). No interrupts. Tested
 * on QEMU 7.2's ICH9 AHCI (q35, 8086:2922), skipping its ATAPI CD, BIOS and UEFI boots:
 *   qemu-system-x86_64 -machine q35 -cdrom baremetal.iso
 *     -drive if=none,id=d0,format=raw,file=disk.img -device ide-hd,drive=d0,bus=ide.0 */
#include "drivers/nvs/ahci_regs.h"
#include "drivers/nvs/nvs.h"
#include "drivers/bus/pcidev.h"
#include "kernel/driver.h"
#include "drivers/util.h"
#include "common/errno.h"
#include "common/fmt.h"
#include "common/x86.h"

#define AHCI_RESET_US 1000000   /* GHC.HR clears within 1 s (10.4.3) */
#define AHCI_LINK_US  10000     /* Phy up after the reset's COMRESET, for all ports */
#define AHCI_STOP_US  500000    /* PxCMD.CR, PxCMD.FR clear within 500 ms (10.1.2) */
#define AHCI_READY_US 3000000   /* the device's first D2H FIS: not busy, signature known */
#define AHCI_IO_US    30000000  /* one command: 30 s, as NVMe's (nvme.c) */

/* One port's DMA structures and its drive, in one kmem piece (1 KiB aligned) */
struct ahci_port {
	struct ahci_cmd_header cl[32];   /* command list; slot 0 only */
	uint8_t fis[256];                /* received FIS area */
	struct ahci_cmd_table ct;        /* slot 0's command table */
	uint16_t id[256];                /* IDENTIFY DEVICE data */
	struct nvs_dev nvs;
	uint64_t regs;                   /* ABAR + AHCI_PORT(n) */
	uint8_t shift;                   /* log2(device sectors per NVS_SECTOR) */
};
_Static_assert(offsetof(struct ahci_port, fis) % 256 == 0, "FIS area alignment");
_Static_assert(offsetof(struct ahci_port, ct) % 128 == 0, "command table alignment");
_Static_assert(NVS_MAX_IO * NVS_SECTOR <= AHCI_PRD_MAX, "one PRD per piece");
_Static_assert(AHCI_PRDS >= NVS_SEG_MAX, "a PRD for every piece");
_Static_assert(NVS_MAX_IO * NVS_SECTOR / 512 < 65536, "16-bit sector count");

/* Polls until (register & mask) == want: 0, or -ETIMEDOUT once time_us() passes end
 * (a deadline: the ports' link waits share one). */
static int ahci_wait(uint64_t base, uint32_t off, uint32_t mask, uint32_t want, uint64_t end)
{
	uint64_t now = time_us();
	return poll_until(MMIO32(base, off), mask, want, end > now ? end - now : 0);
}

/* Clears PxCMD bit and waits for the engine it runs to stop: 0 or -ETIMEDOUT. */
static int ahci_halt(uint64_t r, uint32_t bit, uint32_t running)
{
	mmio_write32(r, AHCI_PxCMD, mmio_read32(r, AHCI_PxCMD) & ~bit);
	return ahci_wait(r, AHCI_PxCMD, running, 0, time_us() + AHCI_STOP_US);
}

/* Puts the port in the idle state (10.3.2): 0 or -ETIMEDOUT. */
static int ahci_stop(uint64_t r)
{
	int err = ahci_halt(r, AHCI_CMD_ST, AHCI_CMD_CR);
	return err ? err : ahci_halt(r, AHCI_CMD_FRE, AHCI_CMD_FR);
}

/* After a failed command (6.2.2.1): stop the command list, COMRESET (10.4.2) only if the
 * engine will not stop or the device stays busy, clear the errors, start again. */
static void ahci_recover(uint64_t r)
{
	if (ahci_halt(r, AHCI_CMD_ST, AHCI_CMD_CR) ||
	    mmio_read32(r, AHCI_PxTFD) & (AHCI_TFD_BSY | AHCI_TFD_DRQ)) {
		uint32_t sctl = mmio_read32(r, AHCI_PxSCTL) & ~AHCI_SCTL_DET;
		uint64_t end = time_us() + AHCI_READY_US;
		mmio_write32(r, AHCI_PxSCTL, sctl | AHCI_SCTL_DET_COMRESET);
		delay_us(1000);
		mmio_write32(r, AHCI_PxSCTL, sctl);
		ahci_wait(r, AHCI_PxSSTS, AHCI_SSTS_DET, AHCI_DET_PRESENT, end);
		mmio_write32(r, AHCI_PxSERR, ~0u);
		ahci_wait(r, AHCI_PxTFD, AHCI_TFD_BSY | AHCI_TFD_DRQ, 0, end);
	}
	mmio_write32(r, AHCI_PxSERR, ~0u);
	mmio_write32(r, AHCI_PxIS, ~0u);
	mmio_write32(r, AHCI_PxCMD, mmio_read32(r, AHCI_PxCMD) | AHCI_CMD_ST);
}

/* Runs one ATA command in slot 0 and polls it to completion: count device sectors from
 * lba, to or from the nseg physical pieces at seg (even addresses and lengths: PRD bit 0
 * is reserved and DBC counts whole words, 4.2.3). 0, -EIO (the device or HBA reported an
 * error) or -ETIMEDOUT; the port is recovered for the next command either way. */
static int ahci_exec(struct ahci_port *p, uint8_t cmd, uint64_t lba, uint32_t count,
		     const struct nvs_seg *seg, uint32_t nseg)
{
	uint64_t r = p->regs;
	int err = 0;

	/* only what changes: the FIS type, flags and device and the header's CTBA are set by
	 * ahci_port_init, the reserved fields stay 0 */
	struct ahci_fis_h2d *f = &p->ct.cfis;
	f->command = cmd;
	f->lba0 = lba;
	f->lba1 = lba >> 8;
	f->lba2 = lba >> 16;
	f->lba3 = lba >> 24;
	f->lba4 = lba >> 32;
	f->lba5 = lba >> 40;
	f->count_lo = count;
	f->count_hi = count >> 8;
	for (uint32_t i = 0; i < nseg; i++) {
		struct ahci_prd *d = &p->ct.prdt[i];
		d->dba = (uint32_t)seg[i].phys;
		d->dbau = (uint32_t)(seg[i].phys >> 32);
		d->dbc = seg[i].len - 1;
	}
	p->cl[0].flags = sizeof(struct ahci_fis_h2d) / 4 | AHCI_HDR_PRDTL(nseg) |
			 (cmd == ATA_WRITE_DMA_EXT ? AHCI_HDR_W : 0);
	p->cl[0].prdbc = 0;
	mmio_write32(r, AHCI_PxIS, ~0u);
	barrier();   /* the command is in memory before the HBA looks */
	mmio_write32(r, AHCI_PxCI, 1);
	/* an error leaves PxCI set (6.2.2.1): PxIS says so, checked with the clock */
	struct poll_clock pc = { 0 };
	while (mmio_read32(r, AHCI_PxCI) & 1) {
		if (!poll_clock_tick(&pc))
			continue;
		if (mmio_read32(r, AHCI_PxIS) & AHCI_IS_ERRORS)
			break;
		if (poll_clock_expired(&pc, AHCI_IO_US)) {
			err = -ETIMEDOUT;
			break;
		}
	}
	if (!err && (mmio_read32(r, AHCI_PxIS) & AHCI_IS_ERRORS ||
		     mmio_read32(r, AHCI_PxTFD) & (AHCI_TFD_ERR | AHCI_TFD_DF)))
		err = -EIO;
	barrier();   /* the data is read after the HBA is done */
	if (err)
		ahci_recover(r);
	return err;
}

static int ahci_rw(struct nvs_dev *d, uint64_t sector, uint32_t count, const struct nvs_seg *seg,
		   uint32_t nseg, bool wr)
{
	struct ahci_port *p = d->priv;
	return ahci_exec(p, wr ? ATA_WRITE_DMA_EXT : ATA_READ_DMA_EXT, sector << p->shift,
			 count << p->shift, seg, nseg);
}

/* IDENTIFY DEVICE into p->nvs: 0, an ahci_exec error, or -ENODEV for an empty drive or
 * a logical sector size that does not divide 4096 bytes. */
static int ahci_identify(struct ahci_port *p)
{
	const uint16_t *id = p->id;
	char *m = p->nvs.model;
	uint32_t lss = 512;
	int shift = 3;
	const struct nvs_seg seg = { (uintptr_t)p->id, sizeof(p->id) };   /* kmem: identity */
	int err = ahci_exec(p, ATA_IDENTIFY, 0, 0, &seg, 1);

	if (err)
		return err;
	uint64_t n = id[ATA_ID_LBA28] | (uint64_t)id[ATA_ID_LBA28 + 1] << 16;
	if (id[ATA_ID_CMDSET2] & ATA_CMDSET2_LBA48)
		n = id[ATA_ID_LBA48] | (uint64_t)id[ATA_ID_LBA48 + 1] << 16 |
		    (uint64_t)id[ATA_ID_LBA48 + 2] << 32 | (uint64_t)id[ATA_ID_LBA48 + 3] << 48;
	if ((id[ATA_ID_SECSIZE] & (ATA_SECSIZE_VALID_MASK | ATA_SECSIZE_LSS)) ==
	    (ATA_SECSIZE_VALID | ATA_SECSIZE_LSS))
		lss = 2 * (id[ATA_ID_LSS] | (uint32_t)id[ATA_ID_LSS + 1] << 16);
	while (shift >= 0 && (uint32_t)NVS_SECTOR >> shift != lss)
		shift--;
	if (shift < 0 || !(n >> shift))
		return -ENODEV;
	p->shift = (uint8_t)shift;
	p->nvs = (struct nvs_dev){ .type = "ahci", .sectors = n >> shift, .rw = ahci_rw,
				   .priv = p, .align = 1 };
	for (int i = 0; i < ATA_ID_MODEL_LEN; i += 2) {
		m[i] = (char)(id[ATA_ID_MODEL + i / 2] >> 8);
		m[i + 1] = (char)id[ATA_ID_MODEL + i / 2];
	}
	return 0;
}

/* Brings up the device on port registers r with p's structures (10.1.2, 10.3.1): 0 when
 * it is a SATA disk that answered IDENTIFY; otherwise the caller stops the port. */
static int ahci_port_init(struct ahci_port *p, uint64_t r)
{
	int err = ahci_stop(r);

	if (err)
		return err;
	p->regs = r;
	p->cl[0].ctba = (uint32_t)(uintptr_t)&p->ct;
	p->cl[0].ctbau = (uint32_t)((uintptr_t)&p->ct >> 32);
	p->ct.cfis.type = AHCI_FIS_H2D;
	p->ct.cfis.flags = AHCI_FIS_CMD;
	p->ct.cfis.device = AHCI_DEV_LBA;
	mmio_write32(r, AHCI_PxCLB, (uint32_t)(uintptr_t)p->cl);
	mmio_write32(r, AHCI_PxCLBU, (uint32_t)((uintptr_t)p->cl >> 32));
	mmio_write32(r, AHCI_PxFB, (uint32_t)(uintptr_t)p->fis);
	mmio_write32(r, AHCI_PxFBU, (uint32_t)((uintptr_t)p->fis >> 32));
	mmio_write32(r, AHCI_PxSERR, ~0u);
	mmio_write32(r, AHCI_PxIS, ~0u);
	mmio_write32(r, AHCI_PxCMD, mmio_read32(r, AHCI_PxCMD) | AHCI_CMD_FRE);
	/* PxTFD reads 0x7F (DRQ) until the device's first D2H FIS, which also sets PxSIG. */
	err = ahci_wait(r, AHCI_PxTFD, AHCI_TFD_BSY | AHCI_TFD_DRQ, 0, time_us() + AHCI_READY_US);
	if (err)
		return err;
	if (mmio_read32(r, AHCI_PxSIG) != AHCI_SIG_ATA)
		return -ENODEV;
	mmio_write32(r, AHCI_PxCMD, mmio_read32(r, AHCI_PxCMD) | AHCI_CMD_ST);
	return ahci_identify(p);
}

static bool ahci_match(const struct pci_dev *d)
{
	return d->class_code == AHCI_CLASS;
}

/* Resets the HBA and registers every SATA disk, in port order: 0, or -ENODEV (no memory
 * BAR5), -ETIMEDOUT (the reset did not finish), -ENOMEM, -ENOSPC. */
static int ahci_probe(struct pci_dev *d)
{
	const struct pci_bar *bar = &d->bar[AHCI_ABAR];
	uint64_t abar = bar->base, link;
	struct ahci_port *p = 0;   /* kept for the next port when a port holds no disk */
	uint32_t pi;

	if (!abar || bar->io)
		return -ENODEV;
	pci_enable(d);
	mmio_write32(abar, AHCI_GHC, AHCI_GHC_AE);
	mmio_write32(abar, AHCI_GHC, AHCI_GHC_AE | AHCI_GHC_HR);
	if (ahci_wait(abar, AHCI_GHC, AHCI_GHC_HR, 0, time_us() + AHCI_RESET_US))
		return -ETIMEDOUT;
	mmio_write32(abar, AHCI_GHC, AHCI_GHC_AE);
	pi = mmio_read32(abar, AHCI_PI);
	for (int n = 0; n < AHCI_MAX_PORTS; n++)   /* staggered spin-up HBAs wait for SUD */
		if (pi >> n & 1)
			mmio_write32(abar + AHCI_PORT(n), AHCI_PxCMD,
				     mmio_read32(abar + AHCI_PORT(n), AHCI_PxCMD) | AHCI_CMD_SUD | AHCI_CMD_POD);
	link = time_us() + AHCI_LINK_US;
	for (int n = 0; n < AHCI_MAX_PORTS; n++) {
		uint64_t r = abar + AHCI_PORT(n);
		if (!(pi >> n & 1) || ahci_wait(r, AHCI_PxSSTS, AHCI_SSTS_DET, AHCI_DET_PRESENT, link))
			continue;
		if (!p && !(p = kmem_alloc(sizeof(*p), 1024)))
			return -ENOMEM;
		int err = ahci_port_init(p, r);
		if (err) {
			if (err != -ENODEV)   /* a device that answered wrongly, not an empty port */
				kprintf("ahci: port %d error %d\n", n, err);
			if (ahci_stop(r))
				p = 0;   /* the HBA may still write there */
			continue;
		}
		if ((err = nvs_register(&p->nvs)))
			return err;
		p = 0;
	}
	return 0;
}

static const struct pci_driver ahci_driver = { "ahci", ahci_match, ahci_probe };
PCI_DRIVER(ahci_driver);
