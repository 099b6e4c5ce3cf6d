/* SPDX-License-Identifier: BSD-2-Clause */
/* bmfs.h - BMFS, the BareMetal File System, on disk (facts from ReturnInfinity/BMFS,
 * "BareMetal File System.md" and its bmfs tool v1.2.4): the disk in 2 MiB blocks; block
 * 0 holds the boot sector, the marker "BMFS" at byte 1024 (a 512-byte area, the rest
 * zero) and the directory at byte 4096 (64 records of 64 bytes); files are contiguous
 * runs of blocks from block 1; the last block is reserved. Shared by tools/bmfs, lib/ and
 * the tests. */
#ifndef BMFS_H
#define BMFS_H

#include <stdint.h>

#define BMFS_BLOCK        (2ULL << 20)   /* bytes */
#define BMFS_MARKER_OFF   1024           /* "BMFS", NUL-padded to 512 bytes */
#define BMFS_MARKER_LEN   512
#define BMFS_DIR_OFF      4096
#define BMFS_DIR_LEN      4096
#define BMFS_ENTRIES      64
#define BMFS_NAME_MAX     31             /* + NUL in 32 bytes */
#define BMFS_MIN_DISK     (3 * BMFS_BLOCK)
/* first byte of a record's name */
#define BMFS_NAME_END     0x00           /* this record and every one after it are unused */
#define BMFS_NAME_DELETED 0x01           /* a deleted record: skip it */

struct bmfs_entry {
	char name[32];                   /* NUL-terminated ASCII */
	uint64_t start_block;            /* first 2 MiB block */
	uint64_t reserved_blocks;        /* blocks it owns */
	uint64_t size;                   /* bytes of data */
	uint64_t unused;
} __attribute__((packed));

_Static_assert(sizeof(struct bmfs_entry) == 64, "BMFS directory record");
_Static_assert(BMFS_ENTRIES * sizeof(struct bmfs_entry) == BMFS_DIR_LEN, "BMFS directory");

#endif
