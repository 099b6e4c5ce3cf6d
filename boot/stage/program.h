/* SPDX-License-Identifier: BSD-2-Clause */
/* program.h - a program for program memory, placed by the shared stage. */
#ifndef STAGE_PROGRAM_H
#define STAGE_PROGRAM_H

#include <stdint.h>

/* Copies file bytes from src (identity-mapped, page-aligned) to PROGRAM_VIRT and zeroes
 * up to mem; program memory must already be mapped (paging_build) and hold mem bytes. */
void program_place(const void *src, uint64_t file, uint64_t mem);

#endif
