/* SPDX-License-Identifier: BSD-2-Clause */
/* driver.h - all a driver includes of the kernel: the information table and the
 * interrupt vectors (kernel.h), the clock (time.h), the pointer rule (memcheck.h), the
 * interrupt table (irq.h) and I/O APIC routing (ioapic.h), buffer memory (kmem.h), this
 * core's record (percpu.h: in_driver) and the output lock (outlock.h). Drivers sit above
 * the kernel core: they call down into it, the kernel calls them only through class
 * tables and init calls (drivers/init.h). */
#ifndef DRIVER_H
#define DRIVER_H

#include "kernel/kernel.h"
#include "kernel/time.h"
#include "kernel/memcheck.h"
#include "kernel/irq.h"
#include "kernel/ioapic.h"
#include "kernel/kmem.h"
#include "kernel/percpu.h"
#include "kernel/outlock.h"

#endif
