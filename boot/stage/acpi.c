// SPDX-License-Identifier: BSD-2-Clause
/* acpi.c - RSDP, RSDT/XSDT, MADT, HPET, MCFG and FADT, every table checked before use
 * (ACPI 6.4 chapter 5.2). Pure code over acpi_map(): the host tests feed it synthetic
 * tables, including malformed ones. */
#include <stddef.h>
#include "boot/stage/acpi.h"
#include "common/errno.h"
#include "common/fmt.h"

#define SDT_HEADER_LEN 36
#define SDT_MAX_LEN    (1u << 20)   /* no firmware table is this large; refuse wild lengths */

struct rsdp {
	char signature[8];
	uint8_t checksum;
	char oem[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;             /* revision >= 2 from here on */
	uint64_t xsdt;
	uint8_t ext_checksum;
	uint8_t reserved[3];
} __attribute__((packed));
_Static_assert(sizeof(struct rsdp) == 36, "RSDP");

struct sdt_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem[6];
	char oem_table[8];
	uint32_t oem_revision;
	uint32_t creator;
	uint32_t creator_revision;
} __attribute__((packed));
_Static_assert(sizeof(struct sdt_header) == SDT_HEADER_LEN, "SDT header");

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
#define FADT_DSDT_OFF       40
#define FADT_PM1A_CNT_OFF   64
#define FADT_PM1B_CNT_OFF   68
#define FADT_BOOT_ARCH_OFF  109
#define FADT_BOOT_ARCH_REV  3        /* IAPC_BOOT_ARCH is defined from FADT revision 3 (ACPI 2.0) */
#define FADT_X_DSDT_OFF     140

static uint8_t sum8(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	while (n--)
		s += *p++;
	return s;
}

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)rd16(p) | (uint32_t)rd16(p + 2) << 16; }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

/* p must be readable for the whole RSDP: 20 bytes, or its length for revision >= 2.
 * (p is a pointer, not a physical address: it is never passed back to acpi_map.) */
bool acpi_rsdp_valid(const void *p)
{
	const struct rsdp *r = p;

	if (memcmp(r->signature, "RSD PTR ", 8) != 0 || sum8(p, 20) != 0)
		return false;
	if (r->revision < 2)
		return true;
	if (r->length < sizeof(struct rsdp) || r->length > 4096)
		return false;
	return sum8(p, r->length) == 0;
}

/* Maps the RSDP at phys for its whole length and checks it; NULL if it is not valid. */
static const struct rsdp *map_rsdp(uint64_t phys)
{
	const struct rsdp *r = acpi_map(phys, 20);
	uint32_t len = 20;

	if (!r)
		return NULL;
	if (r->revision >= 2) {
		if (!(r = acpi_map(phys, sizeof(struct rsdp))))
			return NULL;
		len = r->length;
		if (len < sizeof(struct rsdp) || len > 4096)
			return NULL;
	}
	r = acpi_map(phys, len);
	return r && acpi_rsdp_valid(r) ? r : NULL;
}

static uint64_t scan(uint64_t start, uint64_t len)
{
	for (uint64_t a = start; a + 20 <= start + len; a += 16)
		if (map_rsdp(a))
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

/* Maps a whole table after checking its header: NULL if it is unreadable, its length
 * is impossible or its checksum is wrong. */
static const uint8_t *map_table(uint64_t phys, uint32_t min_len)
{
	const struct sdt_header *h = acpi_map(phys, SDT_HEADER_LEN);

	if (!h || h->length < SDT_HEADER_LEN || h->length < min_len || h->length > SDT_MAX_LEN)
		return NULL;
	const uint8_t *t = acpi_map(phys, h->length);
	if (!t || sum8(t, h->length) != 0)
		return NULL;
	return t;
}

static void parse_madt(const uint8_t *t, struct acpi_info *ai)
{
	uint32_t len = rd32(t + 4);

	ai->lapic = rd32(t + MADT_LAPIC_ADDR_OFF);
	for (uint32_t off = MADT_ENTRIES_OFF; off + 2 <= len;) {
		const uint8_t *e = t + off;
		uint8_t type = e[0], elen = e[1];

		if (elen < 2 || off + elen > len)
			break;   /* malformed: stop rather than walk off the table */
		switch (type) {
		case MADT_LAPIC:
			if (elen >= 8 && (rd32(e + 4) & MADT_ENABLED) && ai->cpu_count < ACPI_MAX_CPUS)
				ai->apic_ids[ai->cpu_count++] = e[3];
			break;
		case MADT_X2APIC:
			if (elen >= 16 && (rd32(e + 8) & MADT_ENABLED) && ai->cpu_count < ACPI_MAX_CPUS)
				ai->apic_ids[ai->cpu_count++] = rd32(e + 4);
			break;
		case MADT_IOAPIC:
			if (elen >= 12 && ai->ioapic_count < BOOTINFO_MAX_IOAPIC) {
				struct bootinfo_ioapic *io = &ai->ioapic[ai->ioapic_count++];
				io->id = e[2];
				io->address = rd32(e + 4);
				io->gsi_base = rd32(e + 8);
				io->reserved = 0;
			}
			break;
		case MADT_ISO:
			if (elen >= 10 && ai->iso_count < BOOTINFO_MAX_INTSOURCE) {
				struct bootinfo_intsource *s = &ai->iso[ai->iso_count++];
				s->bus = e[2];
				s->source = e[3];
				s->gsi = rd32(e + 4);
				s->flags = rd16(e + 8);
			}
			break;
		case MADT_LAPIC_OVERRIDE:
			if (elen >= 12)
				ai->lapic = rd64(e + 4);
			break;
		}
		off += elen;
	}
}

static void parse_table(uint64_t phys, struct acpi_info *ai)
{
	const struct sdt_header *h = acpi_map(phys, SDT_HEADER_LEN);
	const uint8_t *t;

	if (!h) {
		ai->tables_rejected++;
		return;
	}
	if (!memcmp(h->signature, "APIC", 4)) {
		if ((t = map_table(phys, MADT_ENTRIES_OFF)))
			parse_madt(t, ai);
	} else if (!memcmp(h->signature, "HPET", 4)) {
		if ((t = map_table(phys, 56))) {
			ai->hpet = rd64(t + HPET_ADDR_OFF);
			ai->hpet_min_tick = rd16(t + HPET_MIN_TICK_OFF);
		}
	} else if (!memcmp(h->signature, "MCFG", 4)) {
		if ((t = map_table(phys, MCFG_ENTRIES_OFF))) {
			uint32_t len = rd32(t + 4);
			for (uint32_t off = MCFG_ENTRIES_OFF; off + 16 <= len && ai->mcfg_count < BOOTINFO_MAX_PCIE; off += 16) {
				struct bootinfo_pcie *m = &ai->mcfg[ai->mcfg_count++];
				m->base = rd64(t + off);
				m->segment = rd16(t + off + 8);
				m->start_bus = t[off + 10];
				m->end_bus = t[off + 11];
				m->reserved = 0;
			}
		}
	} else if (!memcmp(h->signature, "FACP", 4)) {
		if ((t = map_table(phys, FADT_PM1B_CNT_OFF + 4))) {
			uint32_t len = rd32(t + 4);
			ai->have_fadt = true;
			ai->dsdt = rd32(t + FADT_DSDT_OFF);
			ai->pm1a_cnt = rd32(t + FADT_PM1A_CNT_OFF);
			ai->pm1b_cnt = rd32(t + FADT_PM1B_CNT_OFF);
			/* An older FADT (QEMU's pc machine has revision 1) holds a reserved byte
			 * there: the machine is a PC-AT, with legacy devices and an 8042. */
			ai->iapc_boot_arch = t[SDT_REVISION_OFF] >= FADT_BOOT_ARCH_REV && len >= FADT_BOOT_ARCH_OFF + 2 ?
				rd16(t + FADT_BOOT_ARCH_OFF) : IAPC_BOOT_ARCH_PCAT;
			if (len >= FADT_X_DSDT_OFF + 8 && rd64(t + FADT_X_DSDT_OFF))
				ai->dsdt = rd64(t + FADT_X_DSDT_OFF);
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

	const struct rsdp *r = map_rsdp(rsdp_phys);
	if (!r)
		return -EINVAL;

	bool x = r->revision >= 2 && r->xsdt;
	uint64_t sdt = x ? r->xsdt : r->rsdt;
	const uint8_t *t = map_table(sdt, SDT_HEADER_LEN);
	if (!t || memcmp(t, x ? "XSDT" : "RSDT", 4) != 0)
		return -EINVAL;

	ai->sdt = sdt;
	ai->xsdt = x;
	uint32_t len = rd32(t + 4), step = x ? 8 : 4;
	for (uint32_t off = SDT_HEADER_LEN; off + step <= len; off += step)
		parse_table(x ? rd64(t + off) : rd32(t + off), ai);
	return 0;
}
