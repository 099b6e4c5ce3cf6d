/* SPDX-License-Identifier: BSD-2-Clause */
/* lapic_regs.h - local APIC registers, xAPIC MMIO offsets (Intel SDM vol. 3, 10.4-10.6). */
#ifndef LAPIC_REGS_H
#define LAPIC_REGS_H

#define LAPIC_ID         0x020   /* RW: 31:24 APIC ID */
#define LAPIC_TPR        0x080   /* RW: task priority */
#define LAPIC_EOI        0x0B0   /* WO */
#define LAPIC_SVR        0x0F0   /* RW: spurious vector, bit 8 software enable */
#define LAPIC_ISR        0x100   /* RO: in service, vectors 0-255 in 8 registers 0x10 apart */
#define LAPIC_ICR_LO     0x300   /* RW: bit 12 delivery status */
#define LAPIC_ICR_HI     0x310   /* RW: 31:24 destination */
#define LAPIC_LVT_TIMER  0x320
#define LAPIC_LVT_LINT0  0x350
#define LAPIC_LVT_LINT1  0x360
#define LAPIC_LVT_ERROR  0x370
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR  0x390
#define LAPIC_TIMER_DIV  0x3E0

#define LAPIC_SVR_ENABLE      0x100u
#define LAPIC_LVT_MASKED      (1u << 16)
#define LAPIC_ICR_PENDING     (1u << 12)
#define LAPIC_ICR_INIT        0x00004500u  /* INIT, level assert */
#define LAPIC_ICR_STARTUP     0x00004600u  /* STARTUP | vector */
#define LAPIC_ICR_FIXED       0x00004000u  /* fixed | vector, level assert */
#define LAPIC_ICR_ALL_BUT_SELF (3u << 18)
#define LAPIC_BASE_ENABLE     (1ULL << 11)
#define LAPIC_BASE_X2APIC     (1ULL << 10)
#define LAPIC_BASE_MASK       0x000FFFFFFFFFF000ULL

#endif
