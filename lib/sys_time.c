// SPDX-License-Identifier: BSD-2-Clause
/* sys_time.c - time from the kernel's TIMECOUNTER (the HPET main counter,
 * TIMECOUNTER_HZ ticks a second) and sleeping through DELAY. There is no clock of the
 * date: CLOCK_REALTIME, gettimeofday and time count from boot, as from the Epoch
 * (1970-01-01 00:00 UTC); CLOCK_MONOTONIC is the same count. clock() and times() count
 * the program's time from its start, as CPU time: the program owns the core it runs on. */
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include "baremetal.h"
#include "sys.h"

static uint64_t counter_hz, program_start;

static int counter(uint64_t *ticks, uint64_t *hz)
{
	if (counter_hz == 0) {
		counter_hz = b_system(TIMECOUNTER_HZ, 0, 0);
		if (counter_hz == 0)
			return sys_fail(ENOSYS);
	}
	*ticks = b_system(TIMECOUNTER, 0, 0);
	*hz = counter_hz;
	return 0;
}

/* ticks / hz as seconds and a fraction in units of `per_sec` (rem < hz fits 64 bits). */
static void split(uint64_t ticks, uint64_t hz, uint64_t per_sec, uint64_t *sec, uint64_t *frac)
{
	*sec = ticks / hz;
	*frac = (uint64_t)((unsigned __int128)(ticks % hz) * per_sec / hz);
}

int clock_gettime(clockid_t id, struct timespec *tp)
{
	uint64_t t, hz, s, ns;

	if (id != CLOCK_REALTIME && id != CLOCK_MONOTONIC)
		return sys_fail(EINVAL);
	if (counter(&t, &hz) < 0)
		return -1;
	split(t, hz, 1000000000, &s, &ns);
	tp->tv_sec = (time_t)s;
	tp->tv_nsec = (long)ns;
	return 0;
}

int clock_getres(clockid_t id, struct timespec *res)
{
	uint64_t t, hz;

	if (id != CLOCK_REALTIME && id != CLOCK_MONOTONIC)
		return sys_fail(EINVAL);
	if (counter(&t, &hz) < 0)
		return -1;
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = (long)((1000000000 + hz - 1) / hz);
	}
	return 0;
}

int clock_settime(clockid_t id, const struct timespec *tp)
{
	(void)id;
	(void)tp;
	return sys_fail(EPERM);
}

/* newlib's time() calls this through _gettimeofday_r. */
int gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t t, hz, s, us;

	if (counter(&t, &hz) < 0)
		return -1;
	split(t, hz, 1000000, &s, &us);
	if (tv) {
		tv->tv_sec = (time_t)s;
		tv->tv_usec = (suseconds_t)us;
	}
	if (tz)
		*(struct timezone *)tz = (struct timezone){ 0, 0 };
	return 0;
}

/* newlib's clock() sums these; CLK_TCK is CLOCKS_PER_SEC. */
clock_t times(struct tms *buf)
{
	uint64_t t, hz, s, frac;

	if (counter(&t, &hz) < 0)
		return (clock_t)-1;
	if (program_start == 0)
		program_start = t;
	split(t - program_start, hz, CLOCKS_PER_SEC, &s, &frac);
	buf->tms_utime = (clock_t)(s * CLOCKS_PER_SEC + frac);
	buf->tms_stime = buf->tms_cutime = buf->tms_cstime = 0;
	split(t, hz, CLOCKS_PER_SEC, &s, &frac);
	return (clock_t)(s * CLOCKS_PER_SEC + frac);
}

static void delay_us(uint64_t us)
{
	if (us)
		b_system(DELAY, us, 0);
}

/* Never interrupted: *rem is not written. */
int nanosleep(const struct timespec *req, struct timespec *rem)
{
	(void)rem;
	if (req->tv_nsec < 0 || req->tv_nsec >= 1000000000 || req->tv_sec < 0)
		return sys_fail(EINVAL);
	delay_us((uint64_t)req->tv_sec * 1000000 + ((uint64_t)req->tv_nsec + 999) / 1000);
	return 0;
}

int usleep(useconds_t us)
{
	delay_us(us);
	return 0;
}

unsigned sleep(unsigned seconds)
{
	delay_us((uint64_t)seconds * 1000000);
	return 0;
}
