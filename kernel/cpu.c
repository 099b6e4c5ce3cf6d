// SPDX-License-Identifier: BSD-2-Clause
/* cpu.c - per-core CPU set-up: SSE (and AVX when present) for programs built with any
 * compiler options (Intel SDM vol. 3, 13.1 and 13.3). */
#include "kernel/kernel.h"
#include "common/x86.h"

#define CR0_MP        (1ULL << 1)
#define CR0_EM        (1ULL << 2)
#define CR4_OSFXSR    (1ULL << 9)
#define CR4_OSXMMEXCPT (1ULL << 10)
#define CR4_OSXSAVE   (1ULL << 18)
#define XCR0_X87_SSE_AVX 0x7ULL

static bool xsave_on;

bool cpu_has_xsave(void)
{
	return xsave_on;
}

void cpu_init(void)
{
	uint64_t cr0, cr4;
	uint32_t r[4];

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	cr0 = (cr0 & ~CR0_EM) | CR0_MP;
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= CR4_OSFXSR | CR4_OSXMMEXCPT;
	cpuid(1, 0, r);
	bool xsave = (r[2] >> 26) & 1, avx = (r[2] >> 28) & 1;
	if (xsave)
		cr4 |= CR4_OSXSAVE;
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
	if (xsave)
		__asm__ volatile("xsetbv" : : "c"(0), "a"((uint32_t)(avx ? XCR0_X87_SSE_AVX : 0x3)), "d"(0));
	xsave_on = xsave;
	__asm__ volatile("fninit");
}
