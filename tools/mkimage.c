// SPDX-License-Identifier: BSD-2-Clause
/* mkimage.c - writes the BIOS-bootable raw disk image: our MBR in sector 0, a partition
 * table entry over the payload, and the payload from LBA 16: the loader padded to
 * 32 KiB, the kernel padded to 32 KiB, then the program (up to 64 KiB).
 *
 * usage: mkimage -o out.img -m mbr.bin -l loader.sys -k kernel.sys [-a prog.app] [-s MiB]
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SECTOR        512
#define PAYLOAD_LBA   16
#define LOADER_SLOT   32768
#define KERNEL_MAX    32768
#define APP_MAX       65536
#define MBR_COUNT_OFF 430
#define MBR_LBA_OFF   432
#define MBR_PART_OFF  446
#define LD_MAGIC      0x4C434D42u   /* 'BMCL' */
#define PART_TYPE     0xDA          /* "non-FS data": the payload has no file system */

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

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

int main(int argc, char **argv)
{
	const char *out = NULL, *mbr_path = NULL, *loader_path = NULL, *kernel_path = NULL, *app_path = NULL;
	unsigned long mib = 1;
	int opt;

	while ((opt = getopt(argc, argv, "o:m:l:k:a:s:")) != -1) {
		switch (opt) {
		case 'o': out = optarg; break;
		case 'm': mbr_path = optarg; break;
		case 'l': loader_path = optarg; break;
		case 'k': kernel_path = optarg; break;
		case 'a': app_path = optarg; break;
		case 's': mib = strtoul(optarg, NULL, 0); break;
		default: goto usage;
		}
	}
	if (!out || !mbr_path || !loader_path || !kernel_path || mib == 0)
		goto usage;

	struct blob mbr, loader, kernel, app = { NULL, 0 };
	if (load(mbr_path, SECTOR, &mbr) || load(loader_path, LOADER_SLOT, &loader) ||
	    load(kernel_path, KERNEL_MAX, &kernel) || (app_path && load(app_path, APP_MAX, &app)))
		return 1;
	if (mbr.size != SECTOR || mbr.data[510] != 0x55 || mbr.data[511] != 0xAA) {
		fprintf(stderr, "mkimage: %s is not a 512-byte boot sector\n", mbr_path);
		return 1;
	}
	uint32_t magic;
	memcpy(&magic, loader.data + 4, 4);
	if (loader.size < 32 || magic != LD_MAGIC) {
		fprintf(stderr, "mkimage: %s has no loader header\n", loader_path);
		return 1;
	}

	size_t payload = LOADER_SLOT + KERNEL_MAX + (app.size + SECTOR - 1) / SECTOR * SECTOR;
	size_t total = (size_t)mib << 20;
	if ((size_t)PAYLOAD_LBA * SECTOR + payload > total) {
		fprintf(stderr, "mkimage: %lu MiB is too small for the payload\n", mib);
		return 1;
	}
	uint8_t *img = calloc(1, total);
	if (!img)
		return 1;

	uint32_t sectors = (uint32_t)(payload / SECTOR);
	memcpy(img, mbr.data, SECTOR);
	img[MBR_COUNT_OFF] = sectors & 0xFF;
	img[MBR_COUNT_OFF + 1] = (uint8_t)(sectors >> 8);
	memset(img + MBR_LBA_OFF, 0, 8);
	put32(img + MBR_LBA_OFF, PAYLOAD_LBA);
	uint8_t *part = img + MBR_PART_OFF;
	part[0] = 0x80;                                  /* active: some BIOSes want one */
	part[1] = 0xFE; part[2] = 0xFF; part[3] = 0xFF;  /* CHS unused: LBA only */
	part[4] = PART_TYPE;
	part[5] = 0xFE; part[6] = 0xFF; part[7] = 0xFF;
	put32(part + 8, PAYLOAD_LBA);
	put32(part + 12, sectors);

	uint8_t *p = img + PAYLOAD_LBA * SECTOR;
	memcpy(p, loader.data, loader.size);
	put32(p + 8, (uint32_t)kernel.size);
	put32(p + 12, (uint32_t)app.size);
	memcpy(p + LOADER_SLOT, kernel.data, kernel.size);
	if (app.size)
		memcpy(p + LOADER_SLOT + KERNEL_MAX, app.data, app.size);

	FILE *f = fopen(out, "wb");
	if (!f || fwrite(img, 1, total, f) != total || fclose(f) != 0) {
		fprintf(stderr, "mkimage: %s: %s\n", out, strerror(errno));
		return 1;
	}
	return 0;
usage:
	fprintf(stderr, "usage: mkimage -o out.img -m mbr.bin -l loader.sys -k kernel.sys [-a prog.app] [-s MiB]\n");
	return 2;
}
