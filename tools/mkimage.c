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
 *   mkimage disk -o disk.img -m mbr.bin -b bios.bin -e esp.img
 *       raw disk: MBR, the BIOS boot file (El Torito stub + payload) at LBA 16, the FAT
 *       EFI system partition at LBA 2048 or at the next 1 MiB after a larger boot file;
 *       partition 1 = ESP (0xEF), partition 2 = the boot file (0xDA, active, for BIOSes
 *       that want one).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "include/app_header.h"

#define SECTOR        512
#define BOOTFILE_LBA  16
#define ESP_LBA       2048
#define SLOT          32768
#define APP_MAX       65536
#define MBR_COUNT_OFF 430
#define MBR_LBA_OFF   432
#define MBR_PART_OFF  446
#define LD_MAGIC      0x4C434D42u   /* 'BMCL' */
#define LD_FLAG_VBE   1u
#define LD_PROG_OFF   0x20          /* boot/stage/layout.h: prog_file, prog_mem, prog_entry */
#define PROGRAM_VIRT  0xFFFF800000000000ULL
#define PROG_MAX      (1ULL << 32)  /* stage2 reads below 4 GiB */

struct blob {
	uint8_t *data;
	size_t size;
};

static int load(const char *path, size_t max, struct blob *b)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "mkimage: %s: %s\n", path, strerror(errno));
		return -1;
	}
	b->data = malloc(max + 1);
	b->size = b->data ? fread(b->data, 1, max + 1, f) : 0;
	fclose(f);
	if (!b->data || b->size == 0) {
		fprintf(stderr, "mkimage: %s: empty or unreadable\n", path);
		return -1;
	}
	if (b->size > max) {
		fprintf(stderr, "mkimage: %s is over %zu bytes\n", path, max);
		return -1;
	}
	return 0;
}

static int save(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		fprintf(stderr, "mkimage: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

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

static void partition(uint8_t *e, uint8_t status, uint8_t type, uint32_t lba, uint32_t sectors)
{
	e[0] = status;
	e[1] = 0xFE; e[2] = 0xFF; e[3] = 0xFF;           /* CHS unused: LBA only */
	e[4] = type;
	e[5] = 0xFE; e[6] = 0xFF; e[7] = 0xFF;
	put32(e + 8, lba);
	put32(e + 12, sectors);
}

static int disk(const char *out, const char *mpath, const char *bpath, const char *epath)
{
	struct blob m, b, e;
	if (load(mpath, SECTOR, &m) || load(bpath, 2 * SLOT + PROG_MAX, &b) ||
	    load(epath, 1ULL << 33, &e))
		return 1;
	/* the ESP at 1 MiB, or at the first 1 MiB boundary after a larger boot file */
	size_t boot_sectors = (b.size + SECTOR - 1) / SECTOR;
	uint32_t esp_lba = ESP_LBA;
	if (BOOTFILE_LBA + boot_sectors > ESP_LBA)
		esp_lba = (uint32_t)((BOOTFILE_LBA + boot_sectors + ESP_LBA - 1) / ESP_LBA * ESP_LBA);
	size_t esp = (e.size + SECTOR - 1) / SECTOR * SECTOR;
	size_t total = (size_t)esp_lba * SECTOR + esp;
	uint8_t *img = calloc(1, total);
	if (!img)
		return 1;
	memcpy(img, m.data, SECTOR);
	memset(img + MBR_PART_OFF, 0, 64);
	partition(img + MBR_PART_OFF, 0x00, 0xEF, esp_lba, (uint32_t)(esp / SECTOR));
	partition(img + MBR_PART_OFF + 16, 0x80, 0xDA, BOOTFILE_LBA, (uint32_t)boot_sectors);
	memcpy(img + BOOTFILE_LBA * SECTOR, b.data, b.size);
	memcpy(img + (size_t)esp_lba * SECTOR, e.data, e.size);
	return save(out, img, total) ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *m = NULL, *l = NULL, *k = NULL, *a = NULL, *p = NULL, *b = NULL, *e = NULL;
	int opt, vbe = 0, flat_program = 0;

	if (argc < 2)
		goto usage;
	const char *cmd = argv[1];
	optind = 2;
	while ((opt = getopt(argc, argv, "o:m:l:k:a:p:b:e:vA")) != -1) {
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
		default: goto usage;
		}
	}
	if (!out)
		goto usage;
	if (!strcmp(cmd, "payload") && l && k)
		return payload(out, l, k, a, flat_program, vbe);
	if (!strcmp(cmd, "mbr") && m && p)
		return mbr(out, m, p);
	if (!strcmp(cmd, "disk") && m && b && e)
		return disk(out, m, b, e);
usage:
	fprintf(stderr, "usage: mkimage payload -o OUT -l loader.sys -k kernel.sys [-a prog.app [-A]] [-v]\n"
			"       mkimage mbr -o OUT -m mbr.bin -p payload.sys\n"
			"       mkimage disk -o OUT -m mbr.bin -b bios.bin -e esp.img\n");
	return 2;
}
