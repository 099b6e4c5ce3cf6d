// SPDX-License-Identifier: BSD-2-Clause
/* acpi.c - the RSDP, tables checked before use and the RSDT/XSDT walk (ACPI 6.4 5.2.5-
 * 5.2.8): the loader's parser (boot/stage/acpi.c) and the kernel's power code start here.
 * Pure code over acpi_map(): tests/unit/test_acpi.c feeds it synthetic, malformed tables. */
#include <stddef.h>
#include "common/acpi.h"
#include "common/string.h"

static uint8_t sum8(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	while (n--)
		s += *p++;
	return s;
}

/* (p is a pointer, not a physical address: it is never passed back to acpi_map.) */
bool acpi_rsdp_valid(const void *p)
{
	const struct acpi_rsdp *r = p;

	if (memcmp(r->signature, "RSD PTR ", 8) != 0 || sum8(p, ACPI_RSDP_V1_LEN) != 0)
		return false;
	if (r->revision < 2)
		return true;
	if (r->length < sizeof(struct acpi_rsdp) || r->length > ACPI_RSDP_MAX_LEN)
		return false;
	return sum8(p, r->length) == 0;
}

const struct acpi_rsdp *acpi_map_rsdp(uint64_t phys)
{
	const struct acpi_rsdp *r = acpi_map(phys, ACPI_RSDP_V1_LEN);
	uint32_t len = ACPI_RSDP_V1_LEN;

	if (!r)
		return NULL;
	if (r->revision >= 2) {
		if (!(r = acpi_map(phys, sizeof(struct acpi_rsdp))))
			return NULL;
		len = r->length;
		if (len < sizeof(struct acpi_rsdp) || len > ACPI_RSDP_MAX_LEN)
			return NULL;
	}
	r = acpi_map(phys, len);
	return r && acpi_rsdp_valid(r) ? r : NULL;
}

const uint8_t *acpi_map_table(uint64_t phys, uint32_t min_len)
{
	const struct acpi_sdt_header *h = phys ? acpi_map(phys, ACPI_SDT_HEADER_LEN) : NULL;

	if (!h || h->length < ACPI_SDT_HEADER_LEN || h->length < min_len || h->length > ACPI_SDT_MAX_LEN)
		return NULL;
	const uint8_t *t = acpi_map(phys, h->length);
	if (!t || sum8(t, h->length) != 0)
		return NULL;
	return t;
}

const uint8_t *acpi_map_sdt(uint64_t phys, uint32_t *entry_size, uint32_t *count)
{
	const uint8_t *t = acpi_map_table(phys, ACPI_SDT_HEADER_LEN);

	if (!t)
		return NULL;
	if (!memcmp(t, "XSDT", 4))
		*entry_size = 8;
	else if (!memcmp(t, "RSDT", 4))
		*entry_size = 4;
	else
		return NULL;
	*count = (acpi_rd32(t + 4) - ACPI_SDT_HEADER_LEN) / *entry_size;
	return t;
}

const uint8_t *acpi_find_table(uint64_t sdt_phys, const char sig[4], uint32_t min_len)
{
	uint32_t size, count;
	const uint8_t *sdt = acpi_map_sdt(sdt_phys, &size, &count);

	for (uint32_t i = 0; sdt && i < count; i++) {
		uint64_t phys = acpi_sdt_entry(sdt, size, i);
		const struct acpi_sdt_header *h = acpi_map(phys, ACPI_SDT_HEADER_LEN);
		if (h && !memcmp(h->signature, sig, 4))
			return acpi_map_table(phys, min_len);
	}
	return NULL;
}

uint64_t acpi_fadt_dsdt(const uint8_t *fadt, uint32_t len)
{
	uint64_t x = len >= ACPI_FADT_X_DSDT + 8 ? acpi_rd64(fadt + ACPI_FADT_X_DSDT) : 0;
	return x ? x : acpi_rd32(fadt + ACPI_FADT_DSDT);
}
