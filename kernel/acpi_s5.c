// SPDX-License-Identifier: BSD-2-Clause
/* acpi_s5.c - \_S5 from the DSDT (ACPI 6.4, 7.4.2 and the AML grammar of 20.2): the
 * name, then PackageOp, PkgLength, NumElements and two integer data objects. Pure code:
 * tests/unit/test_acpi_s5.c feeds it AML as iasl and QEMU emit it. */
#include "kernel/acpi_s5.h"
#include "common/errno.h"

#define AML_ZERO     0x00
#define AML_ONE      0x01
#define AML_NAME     0x08
#define AML_BYTE     0x0A
#define AML_WORD     0x0B
#define AML_DWORD    0x0C
#define AML_PACKAGE  0x12
#define AML_ONES     0xFF

/* One integer data object at p (ByteConst and the constant opcodes); its length, or 0. */
static int integer(const uint8_t *p, const uint8_t *end, uint8_t *v)
{
	if (p >= end)
		return 0;
	switch (p[0]) {
	case AML_ZERO: *v = 0; return 1;
	case AML_ONE: *v = 1; return 1;
	case AML_ONES: *v = 0xFF; return 1;
	case AML_BYTE: if (p + 2 > end) return 0; *v = p[1]; return 2;
	case AML_WORD: if (p + 3 > end) return 0; *v = p[1]; return 3;
	case AML_DWORD: if (p + 5 > end) return 0; *v = p[1]; return 5;
	default: return 0;
	}
}

int acpi_s5_parse(const uint8_t *aml, uint32_t len, uint8_t *slp_typa, uint8_t *slp_typb)
{
	if (!aml)
		return -ENOENT;
	const uint8_t *end = aml + len;
	for (const uint8_t *p = aml; p + 4 <= end; p++) {
		if (p[0] != '_' || p[1] != 'S' || p[2] != '5' || p[3] != '_')
			continue;
		/* A definition, not a reference: NameOp before the name (maybe with '\'). */
		if (!(p > aml && (p[-1] == AML_NAME || (p[-1] == '\\' && p > aml + 1 && p[-2] == AML_NAME))))
			continue;
		const uint8_t *q = p + 4;
		if (q >= end || *q++ != AML_PACKAGE || q >= end)
			return -EBADMSG;
		q += 1 + (*q >> 6);           /* PkgLength: bits 7:6 count the extra bytes */
		if (q >= end)
			return -EBADMSG;
		q++;                          /* NumElements */
		int n = integer(q, end, slp_typa);
		if (!n)
			return -EBADMSG;
		q += n;
		if (!integer(q, end, slp_typb))
			*slp_typb = 0;         /* some firmware lists one value only */
		return 0;
	}
	return -ENOENT;
}
