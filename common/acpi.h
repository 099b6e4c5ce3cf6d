/* SPDX-License-Identifier: BSD-2-Clause */
/* acpi.h - ACPI table validation and lookup, shared by the loader and the kernel (ACPI 6.4
 * 5.2.5-5.2.9): the RSDP, a table checked (length, checksum) before use, the RSDT/XSDT
 * walk, the FADT fields both read. Pure code over acpi_map(), which each image provides. */
#ifndef COMMON_ACPI_H
#define COMMON_ACPI_H

#include <stdbool.h>
#include <stdint.h>

#define ACPI_SDT_HEADER_LEN 36
#define ACPI_SDT_MAX_LEN    (1u << 20)   /* no firmware table is this large; refuse wild lengths */
#define ACPI_RSDP_V1_LEN    20           /* the revision 0 RSDP, covered by the first checksum */
#define ACPI_RSDP_MAX_LEN   4096

struct acpi_rsdp {
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
_Static_assert(sizeof(struct acpi_rsdp) == 36, "RSDP");

struct acpi_sdt_header {
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
_Static_assert(sizeof(struct acpi_sdt_header) == ACPI_SDT_HEADER_LEN, "SDT header");

/* FADT fields (ACPI 6.4 5.2.9, table 5.9) */
#define ACPI_FADT_DSDT        40
#define ACPI_FADT_PM1A_CNT    64
#define ACPI_FADT_PM1B_CNT    68
#define ACPI_FADT_BOOT_ARCH   109
#define ACPI_FADT_FLAGS       112
#define ACPI_FADT_RESET_REG   116   /* Generic Address Structure: space id, ..., address at +4 */
#define ACPI_FADT_RESET_VALUE 128
#define ACPI_FADT_X_DSDT      140

/* Fields at any alignment (tables pack them); x86 and the host tests are little-endian. */
static inline uint16_t acpi_rd16(const uint8_t *p)
{
	uint16_t v;
	__builtin_memcpy(&v, p, 2);
	return v;
}
static inline uint32_t acpi_rd32(const uint8_t *p)
{
	uint32_t v;
	__builtin_memcpy(&v, p, 4);
	return v;
}
static inline uint64_t acpi_rd64(const uint8_t *p)
{
	uint64_t v;
	__builtin_memcpy(&v, p, 8);
	return v;
}

/* Maps len bytes of physical memory for reading; NULL when that range cannot be read.
 * The loader maps identity; the kernel checks the range; host tests map a buffer. */
const void *acpi_map(uint64_t phys, uint64_t len);

/* Checks an RSDP candidate (signature, checksums, length); p must be readable for 20
 * bytes, or for its length when its revision is 2 or later. */
bool acpi_rsdp_valid(const void *p);
/* The RSDP at phys mapped for its whole length and checked; NULL if it is not valid. */
const struct acpi_rsdp *acpi_map_rsdp(uint64_t phys);
/* The table at phys mapped whole after checking its header: NULL if phys is 0, the
 * table is unreadable, shorter than min_len, longer than ACPI_SDT_MAX_LEN or its
 * checksum is wrong. */
const uint8_t *acpi_map_table(uint64_t phys, uint32_t min_len);
/* The n-th table address an RSDT (entry_size 4) or XSDT (8) lists; n < the count. */
static inline uint64_t acpi_sdt_entry(const uint8_t *sdt, uint32_t entry_size, uint32_t n)
{
	const uint8_t *e = sdt + ACPI_SDT_HEADER_LEN + n * entry_size;
	return entry_size == 8 ? acpi_rd64(e) : acpi_rd32(e);
}
/* Maps and checks the RSDT or XSDT at phys; sets *entry_size (4 or 8) and *count. NULL
 * if it is neither or fails acpi_map_table. */
const uint8_t *acpi_map_sdt(uint64_t phys, uint32_t *entry_size, uint32_t *count);
/* The first table with signature sig that the RSDT/XSDT at sdt lists, checked as by
 * acpi_map_table(.., min_len); NULL if there is none or it fails the check. */
const uint8_t *acpi_find_table(uint64_t sdt, const char sig[4], uint32_t min_len);
/* The DSDT address a FADT of len bytes gives: X_DSDT when present and set, else DSDT. */
uint64_t acpi_fadt_dsdt(const uint8_t *fadt, uint32_t len);

#endif
