/* SPDX-License-Identifier: BSD-2-Clause */
/* app_header.h - the first 48 bytes of a program linked at BareMetal's program address
 * (make app; lib/app.ld writes them). It starts with a jump to the entry, so a loader
 * that only calls the first byte, as BareMetal's Monitor does, runs it too. tools/mkimage
 * tells the two forms of program apart by this header: with it, the program goes to
 * program memory at `base`; without it, the file is a flat BareMetal payload of at most
 * 64 KiB run at 0x1E0000. Shared by the image writer, the loader and programs. */
#ifndef APP_HEADER_H
#define APP_HEADER_H

#include <stdint.h>

#define APP_HEADER_MAGIC 0x315050412D434D42ULL   /* "BMC-APP1" */

struct app_header {
	uint8_t jump[8];          /* jmp rel32 to entry, 3 nops */
	uint64_t magic;           /* APP_HEADER_MAGIC */
	uint64_t base;            /* link address: 0xFFFF800000000000 */
	uint64_t file_bytes;      /* bytes of the file from base: .text, .rodata, .data */
	uint64_t mem_bytes;       /* bytes from base to the end of .bss (>= file_bytes) */
	uint64_t entry;           /* _start */
} __attribute__((packed));

_Static_assert(sizeof(struct app_header) == 48, "program header");

#endif
