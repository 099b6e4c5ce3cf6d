// SPDX-License-Identifier: BSD-2-Clause
/* disk.c - dir and cat, and how the Monitor finds a file. dir prints BareMetal-Monitor's
 * listing (src/monitor.asm: a "BMFS" line, the "#  Name  Size" header, files numbered
 * from 1 with their size in bytes), its columns padded with spaces instead of tabs. */
#include "baremetal.h"
#include "mon.h"
#include "disk.h"

#define CAT_CHUNK 4096
#define APP_SUFFIX ".app"
#define COL_NAME   8
#define COL_SIZE   24

struct bmfs mon_fs;
static char cat_buf[CAT_CHUNK];

int disk_mount(const char *cmd)
{
	int r = bmfs_mount_first(&mon_fs);

	if (r >= 0)
		return 0;
	if (r == -ENODEV) {
		out("No filesystem detected\n");
	} else {
		out(cmd);
		out(r == -EUCLEAN ? ": the disk's BMFS directory is damaged\n" : ": the disk cannot be read\n");
	}
	return -1;
}

static bool has_suffix(const char *s, const char *suffix)
{
	uint64_t n = str_len(s), m = str_len(suffix);

	return n >= m && str_eq(s + n - m, suffix);
}

static void no_file(const char *cmd, const char *arg)
{
	out(cmd);
	out(": no file ");
	out(arg);
	out("\n");
}

int disk_find(const char *cmd, const char *arg, struct bmfs_entry *e)
{
	uint64_t n;
	char name[BMFS_NAME_MAX + 1];

	if (!parse_dec(arg, &n)) {
		if (n < 1 || n > BMFS_ENTRIES || bmfs_nth(&mon_fs, (int)(n - 1), e) < 0) {
			no_file(cmd, arg);
			return -1;
		}
		return 0;
	}
	uint64_t len = str_len(arg);
	if (len > BMFS_NAME_MAX) {
		out(cmd);
		out(": name too long (at most 31 bytes)\n");
		return -1;
	}
	if (bmfs_find(&mon_fs, arg, e) >= 0)
		return 0;
	if (!has_suffix(arg, APP_SUFFIX) && len + str_len(APP_SUFFIX) <= BMFS_NAME_MAX) {
		for (uint64_t i = 0; (name[i] = arg[i]) != 0; i++)
			;
		for (uint64_t i = 0; (name[len + i] = APP_SUFFIX[i]) != 0; i++)
			;
		if (bmfs_find(&mon_fs, name, e) >= 0)
			return 0;
	}
	no_file(cmd, arg);
	return -1;
}

int cmd_dir(int argc, char **argv)
{
	struct bmfs_entry e;
	int n;

	(void)argv;
	if (argc > 1) {
		out("dir: Too many arguments\n");
		return -1;
	}
	if (disk_mount("dir"))
		return -1;
	out("BMFS\n#       Name            Size\n-----------------------------\n");
	for (n = 0; bmfs_nth(&mon_fs, n, &e) == 0; n++) {
		uint64_t num = (uint64_t)n + 1, used = num < 10 ? 1 : num < 100 ? 2 : 3;
		out_dec(num);
		out_pad(used, COL_NAME);
		out(e.name);
		out_pad(COL_NAME + str_len(e.name), COL_SIZE);
		out_dec(e.size);
		out("\n");
	}
	if (!n)
		out("(no files)\n");
	return 0;
}

int cmd_cat(int argc, char **argv)
{
	struct bmfs_entry e;
	char last = '\n';

	if (argc != 2) {
		out(argc < 2 ? "cat: Insufficient argument(s) (cat NAME)\n" : "cat: Too many arguments (cat NAME)\n");
		return -1;
	}
	if (disk_mount("cat") || disk_find("cat", argv[1], &e))
		return -1;
	for (uint64_t off = 0; off < e.size; off += CAT_CHUNK) {
		if (key_stop("cat"))
			return -1;
		int64_t got = bmfs_read(&mon_fs, e.name, off, cat_buf, CAT_CHUNK);
		if (got <= 0) {
			out("\ncat: read error\n");
			return -1;
		}
		out_n(cat_buf, (uint64_t)got);
		last = cat_buf[got - 1];
	}
	if (last != '\n')
		out("\n");
	return 0;
}
