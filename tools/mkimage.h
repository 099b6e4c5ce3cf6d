/* SPDX-License-Identifier: BSD-2-Clause */
/* mkimage.h - what the pieces of tools/mkimage share: whole files in memory and
 * little-endian fields (tools/mkimage_io.c), and the disk writer (tools/mkdisk.c). */
#ifndef TOOLS_MKIMAGE_H
#define TOOLS_MKIMAGE_H

#include <stddef.h>
#include <stdint.h>

#define SECTOR       512
#define BOOTFILE_LBA 16     /* the BIOS boot file on the disk (the MBR reads it) */

struct blob {
	uint8_t *data;
	size_t size;
};

/* The file at path, 1..max bytes: 0, or -1 after a message on stderr. */
int load(const char *path, size_t max, struct blob *b);
int save(const char *path, const uint8_t *data, size_t size);
void put32(uint8_t *p, uint32_t v);
uint32_t get32(const uint8_t *p);

/* mkimage disk: the raw disk with its BMFS area and files (tools/mkdisk.c). */
struct disk_spec {
	const char *out, *mbr, *boot, *esp;
	const char **files;   /* host paths, stored by their base names */
	int nfiles;
	uint64_t min_bytes;   /* at least this big (a multiple of 2 MiB) */
};
int mkdisk(const struct disk_spec *d);

#endif
