/* SPDX-License-Identifier: BSD-2-Clause */
/* baremetal.h - the BareMetal-C application API: typed C wrappers over the kernel's API
 * table at 0x100010, with BareMetal's register conventions and b_system numbers, so
 * programs written for BareMetal's libBareMetal build and run unchanged.
 *
 * Register conventions (every register not listed as OUT is preserved):
 *   b_input      0x100010  OUT AL = key, 0 when none
 *   b_output     0x100018  IN  RSI = bytes, RCX = count
 *   b_net_tx     0x100020  IN  RSI = frame, RCX = length, RDX = interface
 *   b_net_rx     0x100028  IN  RDX = interface;  OUT RDI = frame, RCX = length (60..1514; 0: none)
 *   b_nvs_read   0x100030  IN  RAX = sector, RCX = count, RDX = drive, RDI = buffer; OUT RCX = sectors done
 *   b_nvs_write  0x100038  IN  RAX = sector, RCX = count, RDX = drive, RSI = buffer; OUT RCX = sectors done
 *   b_system     0x100040  IN  RCX = function, RAX = argument 1, RDX = argument 2; OUT RAX = result
 *   b_user       0x100048  reserved for the program
 * b_input, b_net_rx and b_system return with the flags of TEST on their result (AL, RCX,
 * RAX), as BareMetal's code leaves them: ZF=1 when it is 0 (`call [b_input]` then `jz`
 * works), SF its top bit, CF=OF=0. IF stays set, DF is clear.
 *
 * Pointers (README "Pointers"): the kernel writes only into the program's memory (the
 * payload area 0x1E0000-0x1F0000, program memory at 0xFFFF800000000000, the calling
 * code's own frames on its core's stack, usable RAM above 4 MiB) and calls only code in the payload area or program
 * memory. A pointer into the kernel's memory (tables below 0x8000, its image, data,
 * stacks, DMA buffers), MMIO, a hole or a guard page makes the call do nothing and return
 * its failure value. It reads from anything mapped (b_output, b_net_tx, b_nvs_write,
 * DUMP_MEM sources).
 */
#ifndef BAREMETAL_H
#define BAREMETAL_H

#include <stdint.h>

/* b_system functions (BareMetal api/libBareMetal.h) */
#define TIMECOUNTER       0x00   /* the HPET main counter (TIMECOUNTER_HZ ticks a second) */
#define FREE_MEMORY       0x01   /* MiB of program memory at 0xFFFF800000000000, rounded down (may be 0) */
#define GET_MOUSE         0x02
#define SMP_ID            0x10   /* APIC ID of the calling core */
#define SMP_NUMCORES      0x11   /* cores running the kernel */
#define SMP_SET           0x12   /* RAX = code, RDX = APIC ID: run code() there; RAX = code, 0 if refused (no such core, SMP_SET code there already, the BSP while the program runs, code not the program's) */
#define SMP_GET           0x13   /* RAX = the SMP_SET code this core runs, 0 if none */
#define SMP_LOCK          0x14   /* RAX = address of a lock byte in program memory; spins until taken (elsewhere: returns at once) */
#define SMP_UNLOCK        0x15
#define SMP_BUSY          0x16   /* RAX = 1 while another core runs a task, SMP_SET code or the program */
#define TSC               0x1F
#define SCREEN_LFB_GET    0x20
#define SCREEN_X_GET      0x21
#define SCREEN_Y_GET      0x22
#define SCREEN_PPSL_GET   0x23
#define SCREEN_BPP_GET    0x24
#define MAC_GET           0x30
#define NET_STATUS        0x30   /* RDX = interface: RAX = MAC in 47:0 (first octet highest), 0 if none */
#define NET_CONFIG        0x31   /* RDX = interface (RAX, a ring base in BareMetal, is ignored): drop waiting frames; 0 or -EINVAL */
#define BUS_READ          0x50
#define BUS_WRITE         0x51
#define STDOUT_SET        0x52   /* RAX = new b_output routine: the program's, or STDOUT_GET's first value back */
#define STDOUT_GET        0x53
/* A callback that faults is reported on serial and turned off; the interrupted code goes on. */
#define CALLBACK_TIMER    0x60   /* RAX = void f(void) (0: off), RDX = period in us (0: 1000, under 50: 50); 0 or -EINVAL (f not the program's) */
#define CALLBACK_NETWORK  0x61   /* RAX = void f(void) (0: off): runs on this core while frames wait (1 ms checks) */
#define CALLBACK_KEYBOARD 0x62   /* RAX = void f(uint64_t key) (0: off): runs on this core for each key (1 ms checks), key in RDI */
#define CALLBACK_MOUSE    0x63
#define DUMP_MEM          0x70   /* RAX = address, RDX = bytes: hex dump on serial */
#define DUMP_RAX          0x71
#define DELAY             0x72   /* RAX = microseconds */
#define RESET             0x7D   /* every core back to the idle loop; the program ends */
#define REBOOT            0x7E   /* ACPI reset register, then port 0xCF9, then the 8042 */
#define SHUTDOWN          0x7F   /* ACPI S5 (FADT PM1 control, DSDT \_S5) */

/* BareMetal-C additions, in numbers BareMetal leaves free. Errors come back as negative
 * values in RAX (-22 EINVAL, -28 ENOSPC, -110 ETIMEDOUT, -14 EFAULT, -16 EBUSY). */
#define TIMECOUNTER_HZ    0x03   /* RAX = TIMECOUNTER ticks per second */
#define SMP_TASK_PUSH     0x17   /* RAX = void f(uint64_t arg), RDX = arg: queue a task; 0, -EINVAL (f not the program's) or -ENOSPC, never waits */
#define SMP_TASK_WAIT     0x18   /* RAX = timeout in us (0: none): help until the queue is empty and every task done; 0, -ETIMEDOUT, or -EBUSY inside a task */
#define SMP_PARALLEL_FOR  0x19   /* RAX = struct b_range *: fn(i, arg) for i in [begin, end) on every free core; 0, -EINVAL (also for end >= 2^63, fn not the program's) or -EFAULT */
#define PROGRAM_RUN       0x1A   /* RAX = entry: runs it on this core as the kernel runs a program (any register may change), under its own recovery point; 0 when it returned, -EFAULT when it faulted (reported, the caller goes on), -EINVAL (not the program's code). For a Monitor */
#define NET_STATS         0x32   /* RAX = struct b_net_stats * (program memory), RDX = interface: 0 or -EINVAL */
#define NVS_INFO          0x40   /* RAX = drive, RDX = struct b_nvs_info * (program memory): RAX = sectors (4096 bytes), 0 if no such drive or a refused pointer */
#define CONSOLE_SET       0x54   /* RAX = outputs for b_output and the kernel log (B_CONSOLE_*): RAX = those that exist and are now on */
#define CONSOLE_GET       0x55   /* RAX = the outputs on */
#define CONSOLE_DROPPED   0x56   /* RAX = bytes COM1 dropped since boot: a line that takes no byte for ~1 s drops bytes (a few ms each) until it moves again */

/* Console outputs (CONSOLE_SET/GET). STDOUT_SET still replaces b_output as a whole. */
#define B_CONSOLE_SERIAL  0x01   /* COM1, 115200 8N1 */
#define B_CONSOLE_VGA     0x02   /* VGA text mode 80x25 (BIOS boot without a framebuffer) */
#define B_CONSOLE_LFB     0x04   /* the linear framebuffer (SCREEN_*_GET) */

/* Key codes b_input returns (US layout): printable ASCII as is, Enter 0x1C and Backspace
 * 0x0E as BareMetal (also for CR and DEL from COM1), Tab 0x09, Escape 0x1B, Ctrl+letter
 * 0x01..0x1A; 0 means no key. */
#define B_KEY_UP          0x80
#define B_KEY_DOWN        0x81
#define B_KEY_LEFT        0x82
#define B_KEY_RIGHT       0x83
#define B_KEY_HOME        0x84
#define B_KEY_END         0x85
#define B_KEY_PAGEUP      0x86
#define B_KEY_PAGEDOWN    0x87
#define B_KEY_INSERT      0x88
#define B_KEY_DELETE      0x89
#define B_KEY_F1          0x8A   /* F1..F12: 0x8A..0x95 */

/* Storage: drives are numbered in the order the kernel found them: PCI bus, device and
 * function order, then the controller's port (AHCI) or namespace (NVMe). Reads and
 * writes move 1..1024 sectors of 4096 bytes and return the sectors done: 0 for a bad
 * argument (no such drive, range past the end, count 0 or over 1024, a read into memory
 * that is not the program's, a write from unmapped memory),
 * fewer than asked when the device failed part-way. */
/* Network counters per interface (NET_STATS). b_net_rx returns frames of 60..1514 bytes
 * on every NIC: a shorter one zero-padded to 60, a longer or damaged one dropped and
 * counted in rx_dropped, with those the NIC had no room for or dropped as too long and
 * those NET_CONFIG flushed. */
struct b_net_stats {
	uint64_t tx_frames, tx_bytes, tx_errors;
	uint64_t rx_frames, rx_bytes, rx_dropped;
};

struct b_nvs_info {
	uint64_t sectors;
	char model[48];       /* as the device reports it */
	char type[16];        /* "nvme", "ahci", "virtio-blk" */
};

/* A task or parallel-for body that faults is reported on serial (a crash report) and
 * abandoned; its core goes on with the next task. */
struct b_range {
	void (*fn)(uint64_t index, void *arg);
	void *arg;
	uint64_t begin, end;
};

#define BAREMETAL_API(off) (*(uint64_t *)(uintptr_t)(0x100010 + (off)))

static inline uint8_t b_input(void)
{
	uint64_t key = 0;
	__asm__ volatile("call *%1" : "+a"(key) : "m"(BAREMETAL_API(0x00)) : "memory");
	return (uint8_t)key;
}

/* Writes n bytes of str to the console. */
static inline void b_output(const char *str, uint64_t n)
{
	__asm__ volatile("call *%2" : : "S"(str), "c"(n), "m"(BAREMETAL_API(0x08)) : "memory");
}

/* The NIC reads frame where it lies after the call: leave it unchanged until the next
 * b_net_tx on iface has returned (README "Network"). */
static inline void b_net_tx(const void *frame, uint64_t len, uint64_t iface)
{
	__asm__ volatile("call *%3" : : "S"(frame), "c"(len), "d"(iface), "m"(BAREMETAL_API(0x10))
			 : "memory");
}

/* Sets *frame to the next received frame and returns its length; 0 when none. */
static inline uint64_t b_net_rx(void **frame, uint64_t iface)
{
	void *p = 0;
	uint64_t len;
	__asm__ volatile("call *%3" : "=c"(len), "+D"(p) : "d"(iface), "m"(BAREMETAL_API(0x18))
			 : "memory");
	if (frame)
		*frame = p;
	return len;
}

/* Reads count 4096-byte sectors from drive starting at sector; returns sectors read. */
static inline uint64_t b_nvs_read(void *buf, uint64_t sector, uint64_t count, uint64_t drive)
{
	__asm__ volatile("call *%4" : "+c"(count) : "a"(sector), "d"(drive), "D"(buf), "m"(BAREMETAL_API(0x20))
			 : "memory");
	return count;
}

static inline uint64_t b_nvs_write(const void *buf, uint64_t sector, uint64_t count, uint64_t drive)
{
	__asm__ volatile("call *%4" : "+c"(count) : "a"(sector), "d"(drive), "S"(buf), "m"(BAREMETAL_API(0x28))
			 : "memory");
	return count;
}

static inline uint64_t b_system(uint64_t function, uint64_t var1, uint64_t var2)
{
	__asm__ volatile("call *%3" : "+a"(var1) : "c"(function), "d"(var2), "m"(BAREMETAL_API(0x30))
			 : "memory");
	return var1;
}

static inline int64_t b_task_push(void (*fn)(uint64_t), uint64_t arg)
{
	return (int64_t)b_system(SMP_TASK_PUSH, (uint64_t)fn, arg);
}

static inline int64_t b_task_wait(uint64_t timeout_us)
{
	return (int64_t)b_system(SMP_TASK_WAIT, timeout_us, 0);
}

static inline int64_t b_parallel_for(const struct b_range *r)
{
	return (int64_t)b_system(SMP_PARALLEL_FOR, (uint64_t)r, 0);
}

#endif
