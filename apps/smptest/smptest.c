// SPDX-License-Identifier: BSD-2-Clause
/* smptest.c - code on every core: SMP_SET starts report() on each AP by its APIC ID
 * (from the loader's information table at 0x5000); SMP_SET to the BSP is refused while
 * the program runs on it, so the BSP calls report() itself. Each core prints its line
 * under an SMP_LOCK and records its APIC ID; the BSP waits for every core started and
 * prints what came back. newlib's stdio is built without locks of its own
 * (--disable-newlib-multithread), so the SMP_LOCK is what keeps two cores out of printf
 * at once. */
#include <stdio.h>
#include "baremetal.h"
#include "bootinfo.h"

#define INFO ((const volatile struct bootinfo *)0x5000)
#define TIMEOUT_S 10

static uint8_t out_lock;               /* SMP_LOCK takes a byte in program memory */
static volatile uint32_t reported[BOOTINFO_MAX_CPUS];   /* APIC ID + 1 per table slot */
static volatile uint32_t slot_of_id[256];   /* table slot + 1 by (APIC ID & 255) */

/* Runs on each core: who am I, by SMP_ID, and what the kernel says I run (SMP_GET). */
static void report(void)
{
	uint64_t id = b_system(SMP_ID, 0, 0);
	uint64_t code = b_system(SMP_GET, 0, 0);
	uint32_t slot = slot_of_id[id & 255];

	b_system(SMP_LOCK, (uint64_t)&out_lock, 0);
	printf("smptest: APIC ID %lu %s (SMP_GET=0x%lx)\n", id,
	       code ? "running report() by SMP_SET" : "the program's core", code);
	fflush(stdout);
	b_system(SMP_UNLOCK, (uint64_t)&out_lock, 0);
	if (slot)
		__atomic_store_n(&reported[slot - 1], (uint32_t)id + 1, __ATOMIC_RELEASE);
}

static uint64_t seconds(void)
{
	return b_system(TIMECOUNTER, 0, 0) / b_system(TIMECOUNTER_HZ, 0, 0);
}

int main(void)
{
	uint64_t me = b_system(SMP_ID, 0, 0), cores = b_system(SMP_NUMCORES, 0, 0);
	/* our loader lists the cores that started, BSP first; Pure64 every core the MADT
	 * enables, some of which may not run: SMP_SET refuses those */
	uint32_t listed = INFO->cores_detected > INFO->cores_active ? INFO->cores_detected : INFO->cores_active;
	uint32_t started = 0;
	uint8_t want[BOOTINFO_MAX_CPUS] = { 0 };

	if (listed > BOOTINFO_MAX_CPUS)
		listed = BOOTINFO_MAX_CPUS;
	for (uint32_t i = 0; i < listed; i++)
		if (!slot_of_id[INFO->apic_ids[i] & 255])
			slot_of_id[INFO->apic_ids[i] & 255] = i + 1;
	printf("smptest: %lu cores (SMP_NUMCORES), %u APIC IDs in the information table; "
	       "the program runs on APIC ID %lu\n", cores, listed, me);
	fflush(stdout);   /* before the other cores print */

	for (uint32_t i = 0; i < listed; i++) {
		uint32_t id = INFO->apic_ids[i];
		if (slot_of_id[id & 255] != i + 1)
			continue;   /* listed twice */
		if (id == me) {
			want[i] = 1;
			started++;
		} else if (b_system(SMP_SET, (uint64_t)report, id) == (uint64_t)report) {
			want[i] = 1;
			started++;
		} else {
			b_system(SMP_LOCK, (uint64_t)&out_lock, 0);
			printf("smptest: SMP_SET to APIC ID %u refused (not running the kernel)\n", id);
			fflush(stdout);
			b_system(SMP_UNLOCK, (uint64_t)&out_lock, 0);
		}
	}
	report();   /* the BSP's own: SMP_SET to it is refused while the program runs */

	uint64_t t0 = seconds(), got = 0;
	do {
		got = 0;
		for (uint32_t i = 0; i < listed; i++)
			got += want[i] && __atomic_load_n(&reported[i], __ATOMIC_ACQUIRE);
	} while (got < started && seconds() - t0 < TIMEOUT_S);
	while (b_system(SMP_BUSY, 0, 0) && seconds() - t0 < TIMEOUT_S)
		;   /* every report() has returned: the cores are idle again */

	/* the table's IDs are distinct (duplicates skipped), so reported ones are too */
	printf("smptest: %lu of %u cores reported, APIC IDs", got, started);
	for (uint32_t i = 0; i < listed; i++)
		if (want[i] && reported[i])
			printf(" %u", reported[i] - 1);
	printf("\nsmptest: %s\n", got == started && started == cores ? "PASS every core ran its task"
								 : "FAIL a core did not report");
	return 0;
}
