/* SPDX-License-Identifier: BSD-2-Clause */
/* hpet_regs.h - HPET registers (IA-PC HPET specification 1.0a, 2.3) and PIT ports. */
#ifndef HPET_REGS_H
#define HPET_REGS_H

#define HPET_GCAP_ID        0x000   /* RO: 63:32 period (fs), 12:8 timers - 1 */
#define HPET_GEN_CONF       0x010   /* RW: bit 0 enables the main counter */
#define HPET_MAIN_COUNTER   0x0F0   /* RW */
#define HPET_CONF_ENABLE    1u
#define HPET_FS_PER_S       1000000000000000ULL

#define PIT_CH2_DATA        0x42
#define PIT_COMMAND         0x43
#define PIT_CH2_GATE_PORT   0x61    /* bit 0 gate, bit 1 speaker, bit 5 OUT2 */
#define PIT_CH2_MODE0_LOHI  0xB0
#define PIT_HZ              1193182u

#endif
