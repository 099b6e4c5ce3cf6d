// SPDX-License-Identifier: BSD-2-Clause
/* cxx.cpp - the C++ runtime a program built with -fno-exceptions -fno-rtti needs, over
 * the C library: operator new and delete on malloc, the pure-virtual trap and
 * __dso_handle for __cxa_atexit (newlib's). Debian has no libstdc++ for a bare x86-64
 * target, so there are no exceptions: a failing throwing new reports and aborts, as
 * libstdc++ built with -fno-exceptions does; the nothrow forms return nullptr. */
#include <cstddef>
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
