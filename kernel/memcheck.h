/* SPDX-License-Identifier: BSD-2-Clause */
/* memcheck.h - the pointer rule (README "Pointers"): what the kernel may read through a
 * program's pointer (anything mapped), write through it (only the program's memory), and
 * call (only code in the payload area or program memory). */
#ifndef MEMCHECK_H
#define MEMCHECK_H

#include <stdbool.h>
#include <stdint.h>

bool mem_range_ok(const void *p, uint64_t len);
bool mem_prog_ok(const void *p, uint64_t len);
bool mem_code_ok(uint64_t fn);
/* After vm_stacks_init: the RAM ranges mem_prog_ok allows, from the memory map. */
void memcheck_init(void);

#endif
