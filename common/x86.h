/* SPDX-License-Identifier: BSD-2-Clause */
/* x86.h - the only place that touches ports, MMIO, MSRs and special instructions.
 * Freestanding; shared by the loader and the kernel. */
#ifndef X86_H
#define X86_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline uint16_t inw(uint16_t port)
{
	uint16_t v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline uint32_t inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint8_t mmio_read8(uint64_t base, uint32_t off)
{
	return *(volatile uint8_t *)(uintptr_t)(base + off);
}
static inline void mmio_write8(uint64_t base, uint32_t off, uint8_t v)
{
	*(volatile uint8_t *)(uintptr_t)(base + off) = v;
}
static inline uint16_t mmio_read16(uint64_t base, uint32_t off)
{
	return *(volatile uint16_t *)(uintptr_t)(base + off);
}
static inline void mmio_write16(uint64_t base, uint32_t off, uint16_t v)
{
	*(volatile uint16_t *)(uintptr_t)(base + off) = v;
}
static inline uint32_t mmio_read32(uint64_t base, uint32_t off)
{
	return *(volatile uint32_t *)(uintptr_t)(base + off);
}
static inline void mmio_write32(uint64_t base, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)(base + off) = v;
}
static inline uint64_t mmio_read64(uint64_t base, uint32_t off)
{
	return *(volatile uint64_t *)(uintptr_t)(base + off);
}
static inline void mmio_write64(uint64_t base, uint32_t off, uint64_t v)
{
	*(volatile uint64_t *)(uintptr_t)(base + off) = v;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}
static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}
static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}
static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}
static inline void cpu_pause(void) { __asm__ volatile("pause"); }
static inline void cpu_cli(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void cpu_sti(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void cpu_hlt(void) { __asm__ volatile("hlt" ::: "memory"); }
static inline void write_cr3(uint64_t v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline uint64_t read_cr2(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

#define MSR_APIC_BASE 0x1B

#endif
