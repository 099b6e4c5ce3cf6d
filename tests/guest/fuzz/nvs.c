// SPDX-License-Identifier: BSD-2-Clause
/* nvs.c - the storage part of the fuzz: hostile b_nvs_read / b_nvs_write calls (each
 * must return 0 and touch nothing), valid reads checked against a shadow of every
 * drive, and fz_config.writes valid writes per drive at seed-derived places, which the
 * host replays (test_fuzz.py, valid_writes) to check the images byte for byte.
 * Contents: qword j of sector s is 0xB0 << 56 | s << 12 | j as the host made it, and
 * 0xC0 << 56 | drive << 52 | w << 32 | s << 12 | j after valid write w (1, 2, ...). */
#include "fuzz.h"

#define MAX_PER_CALL 1024ULL
#define BUF_SIZE     (MAX_PER_CALL * SECTOR + SECTOR)

static uint32_t *const shadow = (uint32_t *)PM_SHADOW;   /* [drive][sector]: w, 0 = host */
static uint64_t done_writes[MAX_DRIVES], valid_reads, read_sectors;
static uint8_t bss_buf[2 * SECTOR + 64];

static inline uint64_t want(uint64_t d, uint64_t s, uint64_t j)
{
	uint64_t w = shadow[d * MAX_SECTORS + s];
	return w ? 0xC0ULL << 56 | d << 52 | (w & 0xFFFFF) << 32 | s << 12 | j
		 : 0xB0ULL << 56 | s << 12 | j;
}

/* Valid write k on drive d of n sectors: where and how many (test_fuzz.py, wparams). */
static void wparams(uint64_t d, uint64_t k, uint64_t n, uint64_t *sector, uint64_t *count)
{
	uint64_t h = mix(fz_config.seed ^ 0x5752495445000000ULL ^ d << 40 ^ k);
	uint64_t r = h & 0xFF, c;
	if (r < 4)
		c = 1 + (h >> 8) % MAX_PER_CALL;
	else if (r < 40)
		c = 1 + (h >> 8) % 64;
	else
		c = 1 + (h >> 8) % 8;
	if (c > n)
		c = n;
	*count = c;
	*sector = (h >> 24) % (n - c + 1);
}

void nvs_init(void)
{
	struct b_nvs_info *info = (struct b_nvs_info *)PM_MISC;
	while (env.ndrives < MAX_DRIVES && b_system(NVS_INFO, env.ndrives, (uint64_t)info)) {
		env.sectors[env.ndrives] = info->sectors < MAX_SECTORS ? info->sectors : MAX_SECTORS;
		say("# drive ");
		sayu(env.ndrives);
		say(" type=");
		say(info->type);
		say(" sectors=");
		sayu(info->sectors);
		say("\n");
		env.ndrives++;
	}
	for (uint64_t i = 0; i < MAX_DRIVES * MAX_SECTORS; i++)
		shadow[i] = 0;
}

static uint64_t valid_count(uint64_t n)
{
	uint64_t c;
	unsigned r = (unsigned)rndn(100);
	c = r < 1 ? 1 + rndn(MAX_PER_CALL) : r < 10 ? 1 + rndn(64) : 1 + rndn(8);
	return c > n ? n : c;
}

static uint64_t hostile_count(void)
{
	static const uint64_t v[] = { 0, MAX_PER_CALL + 1, MAX_PER_CALL + 2, 2048, 4096,
		1ULL << 32, (1ULL << 32) + 1, 1ULL << 52, 1ULL << 63, ~0ULL };
	return pct(80) ? PICK(v) : rnd() | (MAX_PER_CALL + 1);
}

static uint64_t hostile_drive(void)
{
	static const uint64_t v[] = { 8, 99, 255, 256, 1ULL << 32, 1ULL << 63, ~0ULL };
	switch (rndn(4)) {
	case 0:
		return env.ndrives + rndn(2);
	case 1:                 /* a real drive in the low 32 bits */
		return rndn(env.ndrives ? env.ndrives : 1) | 1ULL << (32 + rndn(32));
	case 2:
		return rnd();
	default:
		return PICK(v);
	}
}

static uint64_t hostile_sector(uint64_t n, uint64_t count)
{
	switch (rndn(7)) {
	case 0:
		return n;
	case 1:
		return n + rndn(1 << 20);
	case 2:                 /* the range runs over the end by a sector or more */
		return count <= n ? n - count + 1 + rndn(count) : 0;
	case 3:                 /* the range wraps around 2^64 */
		return ~0ULL - rndn(count ? count : 1) + (count > 1 ? 1 : 0);
	case 4:
		return 1ULL << (32 + rndn(32));
	case 5:
		return n + (1ULL << 32);
	default:
		return rnd();
	}
}

static int args_ok(uint64_t d, uint64_t sector, uint64_t count)
{
	return d < env.ndrives && count && count <= MAX_PER_CALL && sector < env.sectors[d] &&
	       count <= env.sectors[d] - sector;
}

/* Drive, sector and count for a call; valid each with some probability. */
static void gen(uint64_t *d, uint64_t *sector, uint64_t *count)
{
	int dok = env.ndrives && pct(80);
	*d = dok ? rndn(env.ndrives) : hostile_drive();
	uint64_t n = *d < env.ndrives ? env.sectors[*d] : 4096;
	*count = pct(75) ? valid_count(n) : hostile_count();
	*sector = pct(75) && *count <= n ? rndn(n - *count + 1) : hostile_sector(n, *count);
}

static void check(const uint8_t *buf, uint64_t d, uint64_t sector, uint64_t count)
{
	for (uint64_t s = 0; s < count; s++) {
		const uint64_t *q = (const uint64_t *)(buf + s * SECTOR);
		for (uint64_t j = 0; j < SECTOR / 8; j++) {
			if (q[j] != want(d, sector + s, j)) {
				bad("read data differs from the disk");
				say("# drive ");
				sayu(d);
				say(" sector ");
				sayu(sector + s);
				say(" qword ");
				sayu(j);
				say(" got ");
				sayx(q[j]);
				say(" want ");
				sayx(want(d, sector + s, j));
				say("\n");
				return;
			}
		}
	}
}

static void read_into(uint8_t *buf, uint64_t d, uint64_t sector, uint64_t count, int hostile)
{
	api(SLOT_READ, R(RCX), hostile, sector, count, d, rnd(), (uint64_t)(uintptr_t)buf);
	if (fz_out[RCX] != count) {
		bad("valid read did not return its count");
		return;
	}
	valid_reads++;
	read_sectors += count;
	check(buf, d, sector, count);
}

/* A read whose arguments are all good, into the program's memory at any alignment,
 * its end, its .bss or its stack. */
static __attribute__((noinline)) void read_on_stack(uint64_t d, uint64_t sector)
{
	uint8_t buf[SECTOR + 16];
	read_into(buf + rndn(16), d, sector, 1, 0);
}

void nvs_valid_read(void)
{
	if (!env.ndrives)
		return;
	uint64_t d = rndn(env.ndrives), n = env.sectors[d], count = valid_count(n);
	uint64_t sector = rndn(n - count + 1), len = count * SECTOR;
	switch (rndn(5)) {
	case 0:
		if (count == 1) {
			read_on_stack(d, sector);
			return;
		}
		/* fall through */
	case 1:
		if (len <= 2 * SECTOR) {
			read_into(bss_buf + rndn(64), d, sector, count, 0);
			return;
		}
		/* fall through */
	case 2:
		read_into((uint8_t *)(uintptr_t)(env.free_end - len), d, sector, count, 0);
		return;
	default:
		read_into((uint8_t *)(uintptr_t)(PM_READ + rndn(SECTOR)), d, sector, count, 0);
	}
}

void nvs_read_call(void)
{
	uint64_t d, sector, count;
	enum kind k;
	gen(&d, &sector, &count);
	uint64_t len = (count && count <= MAX_PER_CALL ? count : 1) * SECTOR;
	uint64_t buf = out_ptr(len, &k, PM_READ, BUF_SIZE);
	int ok = args_ok(d, sector, count);
	if (ok && ((k == K_KERNEL && !class_on(FZ_KWRITE)) || (k == K_KSTACK && !class_on(FZ_KSTACK)) ||
		   (k == K_APSTACK && !class_on(FZ_APSTACK)))) {
		d = env.ndrives + rndn(4);   /* the class is off: only a call that fails anyway */
		ok = 0;
	}
	if (ok && k == K_OK) {
		read_into((uint8_t *)(uintptr_t)buf, d, sector, count, 1);
		return;
	}
	api(SLOT_READ, R(RCX), 1, sector, count, d, rnd(), buf);
	if (ok && k == K_VOID) {
		if (fz_out[RCX] > count)
			bad("b_nvs_read returned more than asked");
	} else if (fz_out[RCX] != 0) {
		bad(ok ? "b_nvs_read wrote where the program may not" : "b_nvs_read accepted bad arguments");
	}
}

void nvs_write_call(void)
{
	uint64_t d, sector, count;
	int readable = 0;
	gen(&d, &sector, &count);
	uint64_t len = (count && count <= MAX_PER_CALL ? count : 1) * SECTOR;
	uint64_t buf = pct(50) ? in_ptr(len, &readable) : bad_ptr(len);
	if (args_ok(d, sector, count) && readable) {
		/* every argument good: it would really write, so break one of them */
		switch (rndn(3)) {
		case 0:
			d = hostile_drive();
			if (d < env.ndrives)
				d = env.ndrives;
			break;
		case 1:
			count = pct(50) ? 0 : MAX_PER_CALL + 1 + rndn(1 << 20);
			break;
		default:
			sector = env.sectors[d] - count + 1 + rndn(count);
		}
	}
	api(SLOT_WRITE, R(RCX), 1, sector, count, d, buf, rnd());
	if (fz_out[RCX] != 0)
		bad("b_nvs_write accepted bad arguments");
}

static void fill(uint8_t *buf, uint64_t d, uint64_t sector, uint64_t count, uint64_t w)
{
	for (uint64_t s = 0; s < count; s++) {
		uint64_t *q = (uint64_t *)(buf + s * SECTOR);
		for (uint64_t j = 0; j < SECTOR / 8; j++)
			q[j] = 0xC0ULL << 56 | d << 52 | (w & 0xFFFFF) << 32 | (sector + s) << 12 | j;
	}
}

static __attribute__((noinline)) void write_from_stack(uint64_t d, uint64_t sector, uint64_t w)
{
	uint8_t raw[SECTOR + 16], *buf = raw + rndn(16);
	fill(buf, d, sector, 1, w);
	api(SLOT_WRITE, R(RCX), 0, sector, 1, d, (uint64_t)(uintptr_t)buf, rnd());
}

static void valid_write(uint64_t d)
{
	uint64_t k = done_writes[d]++, sector, count, w = k + 1;
	wparams(d, k, env.sectors[d], &sector, &count);
	if (count == 1 && pct(30)) {
		write_from_stack(d, sector, w);
	} else {
		uint8_t *buf = count <= 2 && pct(30) ? bss_buf + rndn(64) :
			       (uint8_t *)(uintptr_t)(PM_WRITE + rndn(SECTOR));
		fill(buf, d, sector, count, w);
		api(SLOT_WRITE, R(RCX), 0, sector, count, d, (uint64_t)(uintptr_t)buf, rnd());
	}
	if (fz_out[RCX] != count)
		bad("valid write did not return its count");
	for (uint64_t s = 0; s < count; s++)
		shadow[d * MAX_SECTORS + sector + s] = (uint32_t)w;
	if (pct(20))
		read_into((uint8_t *)(uintptr_t)(PM_READ + rndn(SECTOR)), d, sector, count, 0);
}

/* One of the remaining valid writes, at a rate that spreads them over the run. */
void nvs_valid_write_maybe(void)
{
	uint64_t left = 0, calls_left = fz_config.calls > hostile_calls ? fz_config.calls - hostile_calls : 1;
	for (uint64_t d = 0; d < env.ndrives; d++)
		left += fz_config.writes - done_writes[d];
	if (!left || rndn(calls_left) >= left)
		return;
	uint64_t d = rndn(env.ndrives);
	while (done_writes[d] >= fz_config.writes)
		d = (d + 1) % env.ndrives;
	valid_write(d);
}

/* The writes not made yet, then every sector of every drive read back. */
void nvs_finish(void)
{
	uint64_t mismatched = fails;
	for (uint64_t d = 0; d < env.ndrives; d++)
		while (done_writes[d] < fz_config.writes)
			valid_write(d);
	for (uint64_t d = 0; d < env.ndrives; d++) {
		for (uint64_t s = 0; s < env.sectors[d]; s += 256) {
			uint64_t c = env.sectors[d] - s < 256 ? env.sectors[d] - s : 256;
			read_into((uint8_t *)(uintptr_t)PM_READ, d, s, c, 0);
		}
		say("# drive ");
		sayu(d);
		say(" writes=");
		sayu(done_writes[d]);
		say("\n");
	}
	say("# valid_reads=");
	sayu(valid_reads);
	say(" sectors=");
	sayu(read_sectors);
	say(" readback_failures=");
	sayu(fails - mismatched);
	say("\n");
}
