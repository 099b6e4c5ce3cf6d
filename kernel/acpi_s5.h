/* SPDX-License-Identifier: BSD-2-Clause */
/* acpi_s5.h - the \_S5 sleep type from a DSDT's AML, without an interpreter. */
#ifndef ACPI_S5_H
#define ACPI_S5_H

#include <stdint.h>

/* Finds "Name(_S5_, Package(){a, b, ...})" in aml and returns 0 with SLP_TYPa/b, or
 * -ENOENT when there is none, -EBADMSG when it is not a package of integers. */
int acpi_s5_parse(const uint8_t *aml, uint32_t len, uint8_t *slp_typa, uint8_t *slp_typb);

#endif
