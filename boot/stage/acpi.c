// SPDX-License-Identifier: BSD-2-Clause
/* acpi.c - the loader's reading of MADT, HPET, MCFG and FADT (ACPI 6.4 chapter 5.2) and
 * the BIOS search for the RSDP; the RSDP, the RSDT/XSDT and every table are checked
 * before use by common/acpi.c. Pure code over acpi_map(): the host tests feed it
 * synthetic tables, including malformed ones. */
#include <stddef.h>
#include "boot/stage/acpi.h"
#include "common/acpi.h"
#include "common/errno.h"
#include "common/string.h"

/* MADT interrupt controller structure types (ACPI 6.4 5.2.12) */
#define MADT_LAPIC          0
#define MADT_IOAPIC         1
#define MADT_ISO            2
#define MADT_LAPIC_OVERRIDE 5
#define MADT_X2APIC         9
#define MADT_ENABLED        1u
#define MADT_ONLINE_CAPABLE 2u

/* Fixed offsets inside tables */
#define SDT_REVISION_OFF    8
#define MADT_LAPIC_ADDR_OFF 36
#define MADT_ENTRIES_OFF    44
#define HPET_ADDR_OFF       44       /* Generic Address Structure at 40, address at +4 */
#define HPET_MIN_TICK_OFF   53
#define MCFG_ENTRIES_OFF    44
#define FADT_BOOT_ARCH_REV  3        /* IAPC_BOOT_ARCH is defined from FADT revision 3 (ACPI 2.0) */

static uint64_t scan(uint64_t start, uint64_t len)
{
	for (uint64_t a = start; a + 20 <= start + len; a += 16)
		if (acpi_map_rsdp(a))
			return a;
	return 0;
}

uint64_t acpi_find_rsdp_bios(void)
{
	const uint16_t *ebda_seg = acpi_map(0x40E, 2);
	uint64_t r = 0;

	if (ebda_seg && *ebda_seg)
		r = scan((uint64_t)*ebda_seg << 4, 1024);
	return r ? r : scan(0xE0000, 0x20000);
}

static void parse_madt(const uint8_t *t, struct acpi_info *ai)
{
	uint32_t len = acpi_rd32(t + 4);

	ai->lapic = acpi_rd32(t + MADT_LAPIC_ADDR_OFF);
	for (uint32_t off = MADT_ENTRIES_OFF; off + 2 <= len;) {
		const uint8_t *e = t + off;
		uint8_t type = e[0], elen = e[1];

		if (elen < 2 || off + elen > len)
			break;   /* malformed: stop rather than walk off the table */
		switch (type) {
		case MADT_LAPIC:
			if (elen >= 8 && (acpi_rd32(e + 4) & MADT_ENABLED) && ai->cpu_count < ACPI_MAX_CPUS)
				ai->apic_ids[ai->cpu_count++] = e[3];
			break;
		case MADT_X2APIC:
			if (elen >= 16 && (acpi_rd32(e + 8) & MADT_ENABLED) && ai->cpu_count < ACPI_MAX_CPUS)
				ai->apic_ids[ai->cpu_count++] = acpi_rd32(e + 4);
			break;
		case MADT_IOAPIC:
			if (elen >= 12 && ai->ioapic_count < BOOTINFO_MAX_IOAPIC) {
				struct bootinfo_ioapic *io = &ai->ioapic[ai->ioapic_count++];
				io->id = e[2];
				io->address = acpi_rd32(e + 4);
				io->gsi_base = acpi_rd32(e + 8);
				io->reserved = 0;
			}
			break;
		case MADT_ISO:
			if (elen >= 10 && ai->iso_count < BOOTINFO_MAX_INTSOURCE) {
				struct bootinfo_intsource *s = &ai->iso[ai->iso_count++];
				s->bus = e[2];
				s->source = e[3];
				s->gsi = acpi_rd32(e + 4);
				s->flags = acpi_rd16(e + 8);
			}
			break;
		case MADT_LAPIC_OVERRIDE:
			if (elen >= 12)
				ai->lapic = acpi_rd64(e + 4);
			break;
		}
		off += elen;
	}
}

static void parse_table(uint64_t phys, struct acpi_info *ai)
{
	const struct acpi_sdt_header *h = acpi_map(phys, ACPI_SDT_HEADER_LEN);
	const uint8_t *t;

	if (!h) {
		ai->tables_rejected++;
		return;
	}
	if (!memcmp(h->signature, "APIC", 4)) {
		if ((t = acpi_map_table(phys, MADT_ENTRIES_OFF)))
			parse_madt(t, ai);
	} else if (!memcmp(h->signature, "HPET", 4)) {
		if ((t = acpi_map_table(phys, 56))) {
			ai->hpet = acpi_rd64(t + HPET_ADDR_OFF);
			ai->hpet_min_tick = acpi_rd16(t + HPET_MIN_TICK_OFF);
		}
	} else if (!memcmp(h->signature, "MCFG", 4)) {
		if ((t = acpi_map_table(phys, MCFG_ENTRIES_OFF))) {
			uint32_t len = acpi_rd32(t + 4);
			for (uint32_t off = MCFG_ENTRIES_OFF; off + 16 <= len && ai->mcfg_count < BOOTINFO_MAX_PCIE; off += 16) {
				struct bootinfo_pcie *m = &ai->mcfg[ai->mcfg_count++];
				m->base = acpi_rd64(t + off);
				m->segment = acpi_rd16(t + off + 8);
				m->start_bus = t[off + 10];
				m->end_bus = t[off + 11];
				m->reserved = 0;
			}
		}
	} else if (!memcmp(h->signature, "FACP", 4)) {
		if ((t = acpi_map_table(phys, ACPI_FADT_PM1B_CNT + 4))) {
			uint32_t len = acpi_rd32(t + 4);
			ai->have_fadt = true;
			/* An older FADT (QEMU's pc machine has revision 1) holds a reserved byte
			 * there: the machine is a PC-AT, with legacy devices and an 8042. */
			ai->iapc_boot_arch = t[SDT_REVISION_OFF] >= FADT_BOOT_ARCH_REV && len >= ACPI_FADT_BOOT_ARCH + 2 ?
				acpi_rd16(t + ACPI_FADT_BOOT_ARCH) : IAPC_BOOT_ARCH_PCAT;
		}
	} else {
		return;
	}
	if (!t)
		ai->tables_rejected++;
}

int acpi_parse(uint64_t rsdp_phys, struct acpi_info *ai)
{
	memset(ai, 0, sizeof(*ai));

	const struct acpi_rsdp *r = acpi_map_rsdp(rsdp_phys);
	if (!r)
		return -EINVAL;

	bool x = r->revision >= 2 && r->xsdt;
	uint64_t sdt = x ? r->xsdt : r->rsdt;
	uint32_t size, count;
	const uint8_t *t = acpi_map_sdt(sdt, &size, &count);
	if (!t || size != (x ? 8u : 4u))
		return -EINVAL;

	ai->sdt = sdt;
	ai->xsdt = x;
	for (uint32_t i = 0; i < count; i++)
		parse_table(acpi_sdt_entry(t, size, i), ai);
	return 0;
}
