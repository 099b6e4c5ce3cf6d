/* SPDX-License-Identifier: BSD-2-Clause */
/* time.h - the kernel's clock: the TSC, calibrated against the HPET or the PIT at boot,
 * and the HPET's main counter when there is one (common/timer.h does the hardware). */
#ifndef TIME_H
#define TIME_H

#include <stdint.h>

extern uint64_t tsc_hz;     /* never 0 after time_init */
extern uint64_t hpet_base;  /* 0: no HPET */
extern uint32_t hpet_hz;    /* 0: no usable HPET */

/* Sets the clock up from the loader's table: its CPU speed, else a calibration. */
void time_init(void);
/* Microseconds on the TSC since it started (0 before time_init). */
uint64_t time_us(void);
void delay_us(uint64_t us);
/* b_system TIMECOUNTER and TIMECOUNTER_HZ: the HPET's counter, else microseconds. */
uint64_t time_counter(void);
uint64_t time_counter_hz(void);

#endif
