/* SPDX-License-Identifier: BSD-2-Clause */
/* randread - 4 KiB random reads (pread, O_DIRECT) on a block device, like
 * tests/guest/nvsbench: N reads (xorshift64 sector numbers) or, when S > 0, as many as fit
 * in S seconds; prints "linux: iops=<reads/s>". Usage: randread DEV N [S] */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fs.h>
#include "common.h"

#define SECTOR 4096

int main(int argc, char **argv)
{
	if (argc < 3)
		die("usage");
	long n = atol(argv[2]);
	double secs = argc > 3 ? atof(argv[3]) : 0;
	int fd = open(argv[1], O_RDONLY | O_DIRECT);
	if (fd < 0)
		die("open");
	uint64_t bytes;
	if (ioctl(fd, BLKGETSIZE64, &bytes) < 0)
		die("BLKGETSIZE64");
	void *buf;
	if (posix_memalign(&buf, SECTOR, SECTOR))
		die("posix_memalign");
	uint64_t sectors = bytes / SECTOR;
	long done = 0;
	double t0 = now_s(), t = t0;
	while (secs > 0 ? t - t0 < secs : done < n) {
		if (pread(fd, buf, SECTOR, (off_t)(rng_next(sectors) * SECTOR)) != SECTOR)
			die("pread");
		done++;
		if (secs > 0 && (done & 63) == 0)
			t = now_s();
	}
	t = now_s();
	printf("linux: reads=%ld\nlinux: iops=%.0f\n", done, done / (t - t0));
	return 0;
}
