// SPDX-License-Identifier: BSD-2-Clause
/* cxx.cpp - the C++ runtime a program built with -fno-exceptions -fno-rtti needs, over
 * the C library: operator new and delete on malloc, the pure-virtual trap,
 * __dso_handle for __cxa_atexit (newlib's) and the std::__throw_* functions the
 * header-only parts of libstdc++ call (std::vector, std::function...). Debian has no
 * libstdc++ for a bare x86-64 target, so there are no exceptions: where one would be
 * thrown the program reports it and aborts, as libstdc++ built with -fno-exceptions
 * does; the nothrow forms of new return nullptr. */
#include <bits/functexcept.h>
#include <cstddef>
#include <cstring>
#include <malloc.h>
#include <new>
#include <stdlib.h>
#include <unistd.h>

extern "C" {
/* The shared object these destructors belong to: the program (crtbegin.o's job). */
__attribute__((visibility("hidden"))) void *__dso_handle = &__dso_handle;

void __cxa_pure_virtual(void)
{
	static const char msg[] = "program: pure virtual function called\n";
	write(STDERR_FILENO, msg, sizeof(msg) - 1);
	abort();
}

void __cxa_deleted_virtual(void)
{
	static const char msg[] = "program: deleted virtual function called\n";
	write(STDERR_FILENO, msg, sizeof(msg) - 1);
	abort();
}
}

const std::nothrow_t std::nothrow{};

[[noreturn]] static void no_exceptions(const char *what, const char *detail)
{
	static const char pre[] = "program: C++ exception ";
	write(STDERR_FILENO, pre, sizeof(pre) - 1);
	write(STDERR_FILENO, what, strlen(what));
	if (detail) {
		write(STDERR_FILENO, ": ", 2);
		write(STDERR_FILENO, detail, strlen(detail));
	}
	static const char post[] = " (built without exceptions)\n";
	write(STDERR_FILENO, post, sizeof(post) - 1);
	abort();
}

namespace std {
void __throw_bad_alloc() { no_exceptions("std::bad_alloc", nullptr); }
void __throw_bad_array_new_length() { no_exceptions("std::bad_array_new_length", nullptr); }
void __throw_bad_function_call() { no_exceptions("std::bad_function_call", nullptr); }
void __throw_logic_error(const char *s) { no_exceptions("std::logic_error", s); }
void __throw_invalid_argument(const char *s) { no_exceptions("std::invalid_argument", s); }
void __throw_length_error(const char *s) { no_exceptions("std::length_error", s); }
void __throw_out_of_range(const char *s) { no_exceptions("std::out_of_range", s); }
void __throw_out_of_range_fmt(const char *s, ...) { no_exceptions("std::out_of_range", s); }
void __throw_runtime_error(const char *s) { no_exceptions("std::runtime_error", s); }
void __throw_overflow_error(const char *s) { no_exceptions("std::overflow_error", s); }
}

static void *alloc_or_die(std::size_t n, std::size_t align)
{
	void *p = align > alignof(std::max_align_t) ? memalign(align, n ? n : 1) : malloc(n ? n : 1);
	if (!p) {
		static const char msg[] = "program: out of memory in operator new\n";
		write(STDERR_FILENO, msg, sizeof(msg) - 1);
		abort();
	}
	return p;
}

static void *alloc_or_null(std::size_t n, std::size_t align) noexcept
{
	return align > alignof(std::max_align_t) ? memalign(align, n ? n : 1) : malloc(n ? n : 1);
}

void *operator new(std::size_t n) { return alloc_or_die(n, 0); }
void *operator new[](std::size_t n) { return alloc_or_die(n, 0); }
void *operator new(std::size_t n, const std::nothrow_t &) noexcept { return alloc_or_null(n, 0); }
void *operator new[](std::size_t n, const std::nothrow_t &) noexcept { return alloc_or_null(n, 0); }
void *operator new(std::size_t n, std::align_val_t a) { return alloc_or_die(n, (std::size_t)a); }
void *operator new[](std::size_t n, std::align_val_t a) { return alloc_or_die(n, (std::size_t)a); }
void *operator new(std::size_t n, std::align_val_t a, const std::nothrow_t &) noexcept
{
	return alloc_or_null(n, (std::size_t)a);
}
void *operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t &) noexcept
{
	return alloc_or_null(n, (std::size_t)a);
}

void operator delete(void *p) noexcept { free(p); }
void operator delete[](void *p) noexcept { free(p); }
void operator delete(void *p, std::size_t) noexcept { free(p); }
void operator delete[](void *p, std::size_t) noexcept { free(p); }
void operator delete(void *p, const std::nothrow_t &) noexcept { free(p); }
void operator delete[](void *p, const std::nothrow_t &) noexcept { free(p); }
void operator delete(void *p, std::align_val_t) noexcept { free(p); }
void operator delete[](void *p, std::align_val_t) noexcept { free(p); }
void operator delete(void *p, std::size_t, std::align_val_t) noexcept { free(p); }
void operator delete[](void *p, std::size_t, std::align_val_t) noexcept { free(p); }
void operator delete(void *p, std::align_val_t, const std::nothrow_t &) noexcept { free(p); }
void operator delete[](void *p, std::align_val_t, const std::nothrow_t &) noexcept { free(p); }
