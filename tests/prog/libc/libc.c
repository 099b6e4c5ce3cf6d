// SPDX-License-Identifier: BSD-2-Clause
/* libc.c - the C library on the guest (tests/system/test_libc.py): formatting of floats
 * and 64-bit integers, parsing, sorting, allocation up to and past the end of memory,
 * time that advances, setjmp/longjmp, ctype, string.h, libm and the system calls that
 * have no service. TAP through tap.h's b_output (not stdio, which is under test), one
 * printf line the host compares byte for byte, and the verdict through isa-debug-exit. */
#define _GNU_SOURCE   /* asprintf */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "../../guest/tap.h"

static char got[256];

static void note_got(void)
{
	tap_puts("# got '");
	tap_puts(got);
	tap_puts("'\n");
}

/* snprintf into got, compared with want. */
__attribute__((format(printf, 3, 4)))
static void fmt_is(const char *name, const char *want, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(got, sizeof(got), fmt, ap);
	va_end(ap);
	int ok = n == (int)strlen(want) && strcmp(got, want) == 0;
	tap_ok(ok, name);
	if (!ok)
		note_got();
}

static int near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

static void test_format(void)
{
	fmt_is("printf %f", "3.141593", "%f", 3.14159265358979);
	fmt_is("printf %.3e", "1.235e+05 -2.500000E-10", "%.3e %E", 123456.789, -2.5e-10);
	fmt_is("printf %g", "0.0001234 1e+20 100000 1e+06", "%g %g %g %g", 0.0001234, 1e20, 1e5, 1e6);
	fmt_is("printf %10.2f %-8.1f|", "     -2.67 0.1     |", "%10.2f %-8.1f|", -2.675, 0.05);
	fmt_is("printf %Lf long double", "2.500 1.000000e+300", "%.3Lf %Le", 2.5L, 1e300L);
	fmt_is("printf %lld INT64_MIN", "-9223372036854775808", "%lld", (long long)INT64_MIN);
	fmt_is("printf %llx %#llX", "ffffffffffffffff 0XDEADBEEFCAFE", "%llx %#llX",
	       (unsigned long long)UINT64_MAX, 0xdeadbeefcafeull);
	fmt_is("printf PRIu64 PRId64", "18446744073709551615 -1", "%" PRIu64 " %" PRId64,
	       UINT64_MAX, (int64_t)-1);
	fmt_is("printf %zu %hhd %jd %05d %s %c %%", "18446744073709551615 -1 -7 00042 str x %",
	       "%zu %hhd %jd %05d %s %c %%", SIZE_MAX, (signed char)-1, (intmax_t)-7, 42, "str", 'x');

	char small[8];
	volatile int big = 1234567890;
	int n = snprintf(small, sizeof(small), "%d", big);
	tap_ok(n == 10 && strcmp(small, "1234567") == 0, "snprintf truncates and returns the full length");
}

static void test_parse(void)
{
	char *end;
	double d = strtod("  -1.5e3xyz", &end);
	tap_ok(d == -1500.0 && *end == 'x', "strtod decimal and end pointer");
	tap_ok(strtod("0x1p-2", NULL) == 0.25 && isinf(strtod("inf", NULL)) && isnan(strtod("nan", NULL)),
	       "strtod hex float, inf, nan");
	tap_ok(near(strtod("2.718281828459045", NULL), M_E, 1e-15), "strtod digits round-trip");

	long l = strtol("  -42abc", &end, 10);
	tap_ok(l == -42 && *end == 'a', "strtol decimal and end pointer");
	errno = 0;
	l = strtol("99999999999999999999", NULL, 10);
	tap_ok(l == LONG_MAX && errno == ERANGE, "strtol overflow: LONG_MAX, ERANGE");
	tap_ok(strtoull("18446744073709551615", NULL, 0) == UINT64_MAX &&
	       strtoull("0xFFFFFFFFFFFFFFFF", NULL, 0) == UINT64_MAX &&
	       strtoul("zz", NULL, 36) == 1295 && strtol("0755", NULL, 0) == 0755,
	       "strtoull/strtoul bases 0, 16, 36, 8");
	tap_ok(atoi("  123") == 123 && atol("-77") == -77, "atoi, atol");

	int i = 0;
	double f = 0;
	char word[16] = "";
	int k = sscanf("12 3.5 abc", "%d %lf %15s", &i, &f, word);
	tap_ok(k == 3 && i == 12 && f == 3.5 && strcmp(word, "abc") == 0, "sscanf %d %lf %s");
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_sort(void)
{
	static int v[1000];
	uint32_t x = 12345;
	for (int i = 0; i < 1000; i++) {
		x = x * 1103515245u + 12345u;
		v[i] = (int)(x >> 8) - (1 << 23);
	}
	qsort(v, 1000, sizeof(v[0]), cmp_int);
	int sorted = 1;
	for (int i = 1; i < 1000; i++)
		sorted &= v[i - 1] <= v[i];
	tap_ok(sorted, "qsort 1000 ints");

	const char *s[] = { "pear", "apple", "fig", "banana", "cherry" };
	qsort(s, 5, sizeof(s[0]), cmp_str);
	tap_ok(strcmp(s[0], "apple") == 0 && strcmp(s[4], "pear") == 0 && strcmp(s[2], "cherry") == 0,
	       "qsort strings");

	int key = v[617], missing = v[0] - 1;
	int *hit = bsearch(&key, v, 1000, sizeof(v[0]), cmp_int);
	tap_ok(hit && *hit == key && !bsearch(&missing, v, 1000, sizeof(v[0]), cmp_int),
	       "bsearch finds and misses");
}

#define MIB (1u << 20)
#define MAX_BLOCKS 65536

static void *blocks[MAX_BLOCKS];

/* 1 MiB blocks until malloc fails; each page of each block is written with its
 * block number, so a block outside mapped memory faults and overlaps show. */
static int fill_memory(int *err)
{
	int n = 0;
	errno = 0;
	while (n < MAX_BLOCKS && (blocks[n] = malloc(MIB)) != NULL) {
		for (uint32_t off = 0; off < MIB; off += 4096)
			*(volatile uint32_t *)((char *)blocks[n] + off) = (uint32_t)n;
		n++;
	}
	*err = errno;
	return n;
}

static int check_and_free(int n)
{
	int ok = 1;
	for (int i = 0; i < n; i++) {
		for (uint32_t off = 0; off < MIB; off += 4096)
			ok &= *(volatile uint32_t *)((char *)blocks[i] + off) == (uint32_t)i;
		free(blocks[i]);
	}
	return ok;
}

static void test_alloc(void)
{
	char *p = malloc(100);
	tap_ok(p && ((uintptr_t)p & 15) == 0, "malloc is 16-byte aligned");
	memset(p, 'a', 100);
	p = realloc(p, 100000);
	int same = p != NULL;
	for (int i = 0; same && i < 100; i++)
		same = p[i] == 'a';
	tap_ok(same, "realloc grows and keeps the bytes");
	free(p);
	int *z = calloc(1000, sizeof(int));
	int zero = z != NULL;
	for (int i = 0; zero && i < 1000; i++)
		zero = z[i] == 0;
	tap_ok(zero, "calloc zeroes");
	free(z);

	errno = 0;
	tap_ok(malloc(SIZE_MAX / 2) == NULL && errno == ENOMEM, "malloc(SIZE_MAX/2): NULL, ENOMEM");
	errno = 0;
	uint64_t free_mib = b_system(FREE_MEMORY, 0, 0);
	tap_ok(malloc((size_t)(free_mib + 1) * MIB) == NULL && errno == ENOMEM,
	       "malloc of more than FREE_MEMORY: NULL, ENOMEM");

	int err = 0;
	int n = fill_memory(&err);
	tap_diag("free_mib", free_mib);
	tap_diag("blocks", (uint64_t)n);
	/* Each block costs 1 MiB and a 16-byte header; the heap is FREE_MEMORY MiB. */
	tap_ok(n > 0 && (uint64_t)n + 2 >= free_mib && (uint64_t)n <= free_mib && err == ENOMEM,
	       "1 MiB blocks until the end of memory, then NULL with ENOMEM");
	tap_ok(check_and_free(n), "every page of every block kept its own number");
	int n2 = fill_memory(&err);
	tap_ok(n2 >= n - 1 && n2 <= n, "after free, memory allocates again");
	tap_ok(check_and_free(n2), "and keeps its contents again");
	p = malloc(1000);
	tap_ok(p != NULL, "small malloc after all that");
	free(p);
}

static uint64_t ns_now(clockid_t c)
{
	struct timespec ts;
	if (clock_gettime(c, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void test_time(void)
{
	uint64_t t0 = ns_now(CLOCK_MONOTONIC);
	usleep(20000);
	uint64_t t1 = ns_now(CLOCK_MONOTONIC);
	tap_ok(t0 > 0 && t1 - t0 >= 20000000 && t1 - t0 < 2000000000ull,
	       "clock_gettime(CLOCK_MONOTONIC) advances 20 ms over usleep(20000)");

	struct timeval a, b;
	gettimeofday(&a, NULL);
	struct timespec req = { 0, 10000000 };
	int r = nanosleep(&req, NULL);
	gettimeofday(&b, NULL);
	int64_t us = (int64_t)(b.tv_sec - a.tv_sec) * 1000000 + (b.tv_usec - a.tv_usec);
	tap_ok(r == 0 && us >= 10000 && us < 2000000, "gettimeofday advances 10 ms over nanosleep");

	time_t t = time(NULL);
	struct timespec rt;
	clock_gettime(CLOCK_REALTIME, &rt);
	tap_ok(t >= 0 && (rt.tv_sec == t || rt.tv_sec == t + 1), "time() matches CLOCK_REALTIME");

	clock_t c0 = clock();
	usleep(15000);
	clock_t c1 = clock();
	tap_ok(c0 != (clock_t)-1 && (double)(c1 - c0) / CLOCKS_PER_SEC >= 0.015, "clock() advances");

	struct timespec res;
	tap_ok(clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0 &&
	       res.tv_nsec <= 1000, "clock_getres: the HPET's resolution");

	struct tm tm;
	time_t day = 365 * 86400 + 86400 + 3661;   /* 1971-01-02 01:01:01 */
	gmtime_r(&day, &tm);
	strftime(got, sizeof(got), "%Y-%m-%d %H:%M:%S", &tm);
	tap_ok(strcmp(got, "1971-01-02 01:01:01") == 0 && mktime(&tm) == day, "gmtime_r, strftime, mktime");
}

static jmp_buf jb;
static int depth;
static void dive(int n);
static void (*volatile dive_next)(int) = dive;   /* opaque: a real call chain */

static void dive(int n)
{
	depth = n;
	if (n >= 10)
		longjmp(jb, 42);
	dive_next(n + 1);
	depth = -1;   /* not reached */
}

static void test_setjmp(void)
{
	volatile int kept = 7;
	int r = setjmp(jb);
	if (r == 0) {
		kept = 8;
		dive(0);
	}
	tap_ok(r == 42 && depth == 10 && kept == 8, "setjmp/longjmp across 10 frames");
	r = setjmp(jb);
	if (r == 0)
		longjmp(jb, 0);
	tap_ok(r == 1, "longjmp(jb, 0) returns 1");
}

static void test_ctype_string(void)
{
	tap_ok(isalpha('q') && !isalpha('1') && isdigit('7') && isspace('\t') && isxdigit('F') &&
	       !isxdigit('g') && isupper('Q') && islower('q') && ispunct('!') && isalnum('z'),
	       "ctype classes");
	tap_ok(toupper('a') == 'A' && tolower('Z') == 'z' && toupper('1') == '1', "toupper, tolower");

	char buf[32];
	strcpy(buf, "hello");
	strcat(buf, ", world");
	tap_ok(strlen(buf) == 12 && strcmp(buf, "hello, world") == 0 && strncmp(buf, "help", 3) == 0 &&
	       strcmp("a", "b") < 0, "strcpy, strcat, strlen, strcmp, strncmp");
	tap_ok(strchr(buf, 'o') == buf + 4 && strrchr(buf, 'o') == buf + 8 && strstr(buf, "wor") == buf + 7 &&
	       strspn(buf, "hel") == 4 && strcspn(buf, ",") == 5, "strchr, strrchr, strstr, strspn, strcspn");
	memmove(buf + 2, buf, 5);
	tap_ok(memcmp(buf, "hehello", 7) == 0, "memmove with overlap");
	memset(buf, 'x', 4);
	tap_ok(memcmp(buf, "xxxxllo", 7) == 0, "memset");
	char line[] = "a,b;;c";
	char *save, *t1 = strtok_r(line, ",;", &save), *t2 = strtok_r(NULL, ",;", &save);
	char *t3 = strtok_r(NULL, ",;", &save);
	tap_ok(t1 && t2 && t3 && !strcmp(t1, "a") && !strcmp(t2, "b") && !strcmp(t3, "c") &&
	       !strtok_r(NULL, ",;", &save), "strtok_r");
	char *dup = strdup("copy");
	tap_ok(dup && strcmp(dup, "copy") == 0, "strdup");
	free(dup);
	tap_ok(strlen(strerror(ENOMEM)) > 0 && strcmp(strerror(ENOMEM), strerror(EINVAL)) != 0, "strerror");
}

static void test_math(void)
{
	tap_ok(near(sin(M_PI / 6), 0.5, 1e-15) && near(cos(M_PI / 3), 0.5, 1e-15) &&
	       near(tan(M_PI / 4), 1.0, 1e-15), "sin, cos, tan");
	tap_ok(near(exp(1.0), M_E, 1e-15) && near(log(M_E), 1.0, 1e-15) && near(log10(1000.0), 3.0, 1e-15),
	       "exp, log, log10");
	tap_ok(pow(2.0, 10.0) == 1024.0 && near(pow(2.0, 0.5), M_SQRT2, 1e-15) && sqrt(144.0) == 12.0,
	       "pow, sqrt");
	tap_ok(floor(-2.5) == -3.0 && ceil(-2.5) == -2.0 && round(2.5) == 3.0 && trunc(-2.7) == -2.0 &&
	       near(fmod(10.5, 3.0), 1.5, 1e-15), "floor, ceil, round, trunc, fmod");
	tap_ok(near(atan2(1.0, 1.0), M_PI / 4, 1e-15) && near(hypot(3.0, 4.0), 5.0, 1e-15) &&
	       fabs(-3.5) == 3.5 && near(sinf(1.0f), 0.84147098f, 1e-6), "atan2, hypot, fabs, sinf");
	volatile double neg = -1.0;
	tap_ok(isnan(sqrt(neg)) && isinf(log(0.0)), "sqrt(-1) NaN, log(0) -inf");
}

static volatile int got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void test_syscalls(void)
{
	errno = 0;
	/* No BMFS drive (ENODEV), or one without the file (ENOENT): test_bmfs_guest has files. */
	tap_ok(open("/file", O_RDONLY) == -1 && (errno == ENODEV || errno == ENOENT),
	       "open: -1, ENODEV or ENOENT (no such file)");
	errno = 0;
	tap_ok(fopen("/file", "r") == NULL && (errno == ENODEV || errno == ENOENT),
	       "fopen: NULL, ENODEV or ENOENT");
	errno = 0;
	tap_ok(fork() == -1 && errno == ENOSYS, "fork: -1, ENOSYS");
	errno = 0;
	tap_ok(write(7, "x", 1) == -1 && errno == EBADF && write(1, "", 0) == 0, "write: fd 7 EBADF, fd 1 ok");
	tap_ok(isatty(0) && isatty(1) && isatty(2) && !isatty(3), "isatty: the console is 0-2");
	signal(SIGUSR1, on_signal);
	tap_ok(raise(SIGUSR1) == 0 && got_signal == SIGUSR1, "signal and raise call the handler");
	tap_ok(getpid() == 1, "getpid: 1");
}

/* malloc, snprintf and free from every core at once (lib/sys_lock.c): each index
 * allocates, formats, checks and frees; a lost lock corrupts the heap or a string. */
static volatile int par_bad, par_done;
static volatile uint64_t par_cores;   /* bit per APIC ID (< 64) that ran a body */

static void par_body(uint64_t i, void *arg)
{
	(void)arg;
	__atomic_or_fetch(&par_cores, 1ull << (b_system(SMP_ID, 0, 0) & 63), __ATOMIC_RELAXED);
	size_t n = 32 + (size_t)(i % 700);
	char *p = malloc(n);
	char want[32];
	if (!p) {
		__atomic_add_fetch(&par_bad, 1, __ATOMIC_RELAXED);
		return;
	}
	memset(p, (int)(i & 0x7F), n);
	snprintf(p, n, "%" PRIu64 ":%.2f", i, (double)i / 4);
	snprintf(want, sizeof(want), "%" PRIu64 ":%.2f", i, (double)i / 4);
	if (strcmp(p, want) != 0 || (unsigned char)p[n - 1] != (i & 0x7F))
		__atomic_add_fetch(&par_bad, 1, __ATOMIC_RELAXED);
	free(p);
	__atomic_add_fetch(&par_done, 1, __ATOMIC_RELAXED);
}

static void test_smp(void)
{
	struct b_range r = { par_body, NULL, 0, 4000 };
	int64_t rc = b_parallel_for(&r);
	void *p = malloc(1000);
	tap_diag("par_cores", (uint64_t)__builtin_popcountll(par_cores));
	tap_ok(rc == 0 && par_done == 4000 && par_bad == 0 && p != NULL,
	       "malloc, snprintf, free on every core at once");
	free(p);
}

static void test_stdio(void)
{
	/* The host compares this line byte for byte (tests/system/test_libc.py). */
	static const char want[] = "# printf: 3.14159 6.022141e+23 18446744073709551615 end\n";
	int n = printf("# printf: %.5f %e %" PRIu64 " %s\n", M_PI, 6.02214076e23, UINT64_MAX, "end");
	fflush(stdout);
	tap_ok(n == (int)sizeof(want) - 1, "printf returns the bytes written");
	char *s = NULL;
	tap_ok(asprintf(&s, "%05.1f", 3.14159) == 5 && s && strcmp(s, "003.1") == 0, "asprintf");
	free(s);
}

/* stdin from b_input: the host types "libc 42" and Enter after the prompt. */
static void test_input(void)
{
	char line[32] = "";
	int v = 0;
	tap_puts("# input: type a line\n");
	char *r = fgets(line, sizeof(line), stdin);
	tap_ok(r == line && strcmp(line, "libc 42\n") == 0 && sscanf(line, "libc %d", &v) == 1 && v == 42,
	       "fgets(stdin) reads a typed line, Enter as '\\n'");
	if (r != line || strcmp(line, "libc 42\n") != 0) {
		strncpy(got, line, sizeof(got) - 1);
		note_got();
	}
}

int main(void)
{
	tap_puts("TAP version 13\n");
	tap_plan(65);
	test_format();
	test_parse();
	test_sort();
	test_alloc();
	test_time();
	test_setjmp();
	test_ctype_string();
	test_math();
	test_syscalls();
	test_smp();
	test_stdio();
	test_input();
	tap_exit();
}
