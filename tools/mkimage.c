// SPDX-License-Identifier: BSD-2-Clause
/* mkimage.c - the pieces of the boot images (the layout is in README.md):
 *
 *   mkimage payload -o payload.sys -l loader.sys -k kernel.sys [-a prog.app [-A]] [-v]
 *       loader in a 32 KiB slot (its header patched with the sizes), kernel in a 32 KiB
 *       slot, then the program: what both firmware paths load. A program that starts
 *       with the header of include/app_header.h (make app) goes to program memory at
 *       0xFFFF800000000000, any size; -A takes a headerless flat binary linked there
 *       (BareMetal's own programs), entry at its first byte; any other file is a
 *       BareMetal payload of at most 64 KiB for 0x1E0000. -v asks the BIOS path for a
 *       VBE linear framebuffer (1024x768x32).
 *   mkimage mbr -o mbr.bin -m mbr-template.bin -p payload.sys
 *       the MBR with the length the BIOS boot code reads (512-byte sectors) at offset
 *       430: the loader and kernel slots and a payload program; stage2 reads a program
 *       for program memory itself.
 *   mkimage isoinfo -o image.iso -b bios.bin -L lba
 *       writes the El Torito boot-info-table (El Torito 1.0 and mkisofs's
 *       -boot-info-table: primary volume descriptor LBA 16, the boot file's LBA and
 *       length, the checksum of its dwords from offset 64) into the boot file at 2048-byte
 *       block lba of the ISO: xorriso refuses to patch a boot file over 32 MiB itself.
 *   mkimage disk -o disk.img -m mbr.bin -b bios.bin -e esp.img [-s MiB] [-f FILE]...
 *       raw disk, a BMFS disk that boots (tools/mkdisk.c): MBR, BMFS marker and
 *       directory, the BIOS boot file (El Torito stub + payload) at LBA 16, the FAT EFI
 *       system partition at LBA 2048 or at the next 1 MiB after a larger boot file, then
 *       the FILEs as BMFS files; at least MiB big; partition 1 = ESP (0xEF), partition
 *       2 = the boot file (0xDA, active, for BIOSes that want one).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "include/app_header.h"
#include "tools/mkimage.h"

#define SLOT          32768
#define APP_MAX       65536
#define MBR_COUNT_OFF 430
#define MBR_LBA_OFF   432
#define LD_MAGIC      0x4C434D42u   /* 'BMCL' */
#define LD_FLAG_VBE   1u
#define LD_PROG_OFF   0x20          /* boot/stage/layout.h: prog_file, prog_mem, prog_entry */
#define PROGRAM_VIRT  0xFFFF800000000000ULL
#define PROG_MAX      (1ULL << 32)  /* stage2 reads below 4 GiB */

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* The program-memory form: the header's sizes, checked against the file. */
static int program_form(const char *path, const struct blob *app, uint64_t *file, uint64_t *mem,
			uint64_t *entry)
{
	struct app_header h;

	memcpy(&h, app->data, sizeof(h));
	if (h.base != PROGRAM_VIRT || h.file_bytes < sizeof(h) || h.file_bytes > app->size ||
	    h.mem_bytes < h.file_bytes || h.entry < h.base + sizeof(h) ||
	    h.entry >= h.base + h.file_bytes) {
		fprintf(stderr, "mkimage: %s: its program header does not match the file "
			"(base 0x%llx, %llu file bytes of %zu, %llu in memory)\n", path,
			(unsigned long long)h.base, (unsigned long long)h.file_bytes, app->size,
			(unsigned long long)h.mem_bytes);
		return -1;
	}
	*file = h.file_bytes;
	*mem = h.mem_bytes;
	*entry = h.entry;
	return 0;
}

static int payload(const char *out, const char *lpath, const char *kpath, const char *apath,
		   int flat_program, int vbe)
{
	struct blob loader, kernel, app = { NULL, 0 };
	uint64_t file = 0, mem = 0, entry = 0;

	if (load(lpath, SLOT, &loader) || load(kpath, SLOT, &kernel) ||
	    (apath && load(apath, PROG_MAX, &app)))
		return 1;
	if (loader.size < 64 || get32(loader.data + 4) != LD_MAGIC) {
		fprintf(stderr, "mkimage: %s has no loader header\n", lpath);
		return 1;
	}
	if (flat_program) {
		file = mem = app.size;
		entry = PROGRAM_VIRT;
	} else if (app.size >= sizeof(struct app_header) &&
		   get64(app.data + offsetof(struct app_header, magic)) == APP_HEADER_MAGIC) {
		if (program_form(apath, &app, &file, &mem, &entry))
			return 1;
	} else if (app.size > APP_MAX) {
		fprintf(stderr, "mkimage: %s is over %d bytes and has no program header "
			"(make app), so it is a payload for 0x1E0000\n", apath, APP_MAX);
		return 1;
	}
	size_t body = file ? file : app.size;
	size_t size = 2 * SLOT + (body + SECTOR - 1) / SECTOR * SECTOR;
	uint8_t *p = calloc(1, size);
	if (!p)
		return 1;
	memcpy(p, loader.data, loader.size);
	put32(p + 8, (uint32_t)kernel.size);
	put32(p + 12, file ? 0 : (uint32_t)app.size);
	put32(p + 24, vbe ? LD_FLAG_VBE : 0);
	put64(p + LD_PROG_OFF, file);
	put64(p + LD_PROG_OFF + 8, mem);
	put64(p + LD_PROG_OFF + 16, entry);
	memcpy(p + SLOT, kernel.data, kernel.size);
	if (body)
		memcpy(p + 2 * SLOT, app.data, body);
	return save(out, p, size) ? 1 : 0;
}

static int mbr(const char *out, const char *mpath, const char *ppath)
{
	struct blob m, p;

	if (load(mpath, SECTOR, &m) || load(ppath, 2 * SLOT + PROG_MAX, &p))
		return 1;
	if (m.size != SECTOR || m.data[510] != 0x55 || m.data[511] != 0xAA) {
		fprintf(stderr, "mkimage: %s is not a 512-byte boot sector\n", mpath);
		return 1;
	}
	if (p.size < 2 * SLOT) {
		fprintf(stderr, "mkimage: %s is not a payload\n", ppath);
		return 1;
	}
	/* the loader and kernel slots and a payload program; not a program-memory one */
	uint32_t sectors = (uint32_t)((2 * SLOT + get32(p.data + 12) + SECTOR - 1) / SECTOR);
	m.data[MBR_COUNT_OFF] = sectors & 0xFF;
	m.data[MBR_COUNT_OFF + 1] = (uint8_t)(sectors >> 8);
	memset(m.data + MBR_LBA_OFF, 0, 8);
	put32(m.data + MBR_LBA_OFF, BOOTFILE_LBA);
	return save(out, m.data, SECTOR) ? 1 : 0;
}

static int isoinfo(const char *out, const char *bpath, const char *lba_arg)
{
	struct blob b;
	char *end;
	unsigned long long lba = strtoull(lba_arg, &end, 0);

	if (*end || !lba || load(bpath, 2 * SLOT + PROG_MAX, &b) || b.size < 2048)
		return 1;
	uint8_t info[16];
	uint32_t sum = 0;
	for (size_t i = 64; i + 4 <= b.size; i += 4)
		sum += get32(b.data + i);
	put32(info, 16);
	put32(info + 4, (uint32_t)lba);
	put32(info + 8, (uint32_t)b.size);
	put32(info + 12, sum);
	FILE *f = fopen(out, "r+b");
	if (!f || fseeko(f, (off_t)lba * 2048 + 8, SEEK_SET) || fwrite(info, 1, 16, f) != 16 ||
	    fclose(f)) {
		fprintf(stderr, "mkimage: %s: %s\n", out, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *lba = NULL, *m = NULL, *l = NULL, *k = NULL, *a = NULL, *p = NULL, *b = NULL, *e = NULL;
	int opt, vbe = 0, flat_program = 0, nfiles = 0;
	const char **files = calloc((size_t)argc, sizeof(*files));
	unsigned long long min_mib = 0;
	char *end;

	if (argc < 2)
		goto usage;
	const char *cmd = argv[1];
	optind = 2;
	while ((opt = getopt(argc, argv, "o:m:l:k:a:p:b:e:vAL:f:s:")) != -1) {
		switch (opt) {
		case 'o': out = optarg; break;
		case 'm': m = optarg; break;
		case 'l': l = optarg; break;
		case 'k': k = optarg; break;
		case 'a': a = optarg; break;
		case 'p': p = optarg; break;
		case 'b': b = optarg; break;
		case 'e': e = optarg; break;
		case 'v': vbe = 1; break;
		case 'A': flat_program = 1; break;
		case 'L': lba = optarg; break;
		case 'f': files[nfiles++] = optarg; break;
		case 's':
			min_mib = strtoull(optarg, &end, 0);
			if (*end || min_mib > (1ULL << 30))
				goto usage;
			break;
		default: goto usage;
		}
	}
	if (!out)
		goto usage;
	if (!strcmp(cmd, "payload") && l && k)
		return payload(out, l, k, a, flat_program, vbe);
	if (!strcmp(cmd, "mbr") && m && p)
		return mbr(out, m, p);
	if (!strcmp(cmd, "disk") && m && b && e) {
		struct disk_spec d = { out, m, b, e, files, nfiles, min_mib << 20 };
		return mkdisk(&d);
	}
	if (!strcmp(cmd, "isoinfo") && b && lba)
		return isoinfo(out, b, lba);
usage:
	fprintf(stderr, "usage: mkimage payload -o OUT -l loader.sys -k kernel.sys [-a prog.app [-A]] [-v]\n"
			"       mkimage mbr -o OUT -m mbr.bin -p payload.sys\n"
			"       mkimage disk -o OUT -m mbr.bin -b bios.bin -e esp.img [-s MiB] [-f FILE]...\n"
			"       mkimage isoinfo -o OUT.iso -b bios.bin -L lba\n");
	return 2;
}
