/* SPDX-License-Identifier: BSD-2-Clause */
/* timer.h - HPET access, TSC calibration and a TSC delay, shared by the loader and the kernel. */
#ifndef TIMER_H
#define TIMER_H

#include <stdint.h>

/* Starts the HPET main counter if it is stopped; returns its frequency in Hz
 * (0 when base is 0 or the period is out of the specification's range). */
uint32_t hpet_start(uint64_t base);
uint64_t hpet_read(uint64_t base);
/* TSC frequency in Hz measured over 10 ms of HPET (when hpet_base is not 0) or of PIT
 * channel 2; 0 when neither clock moved within its time limit. */
uint64_t tsc_calibrate(uint64_t hpet_base);
/* TSC ticks in us microseconds at tsc_hz, saturating (a huge us waits "forever"). */
uint64_t tsc_ticks(uint64_t tsc_hz, uint64_t us);
/* Busy-waits us microseconds on the TSC, which always runs (a stopped HPET cannot hang
 * it). tsc_hz 0 waits nothing. */
void tsc_delay_us(uint64_t tsc_hz, uint64_t us);

#endif
