/* SPDX-License-Identifier: BSD-2-Clause */
/* pads.S - mode T's two timer callbacks, A = block + 0x010 and B = block + 0x120, and a
 * landing pad at every other address in this 4 KiB-aligned block that a mix of their
 * bytes gives. The program lies below 0x1F0000, so A and B differ in bytes 0 and 1 only:
 *   block + 0x020  byte 1 of A, byte 0 of B     block + 0x110  byte 1 of B, byte 0 of A
 *   block + 0x000  A with byte 0 cleared        block + 0x100  B with byte 0 cleared
 * (the last two are what a low-to-high byte copy of 0 over A or B leaves half-way; with
 * byte 1 cleared as well it leaves 0x1E0000, the program's entry, which counts its runs). */
	.section .text.pads, "ax"
	.balign 4096
	.globl cb_a, cb_b
pads:
	lock incq stray(%rip)
	ret
	.org pads + 0x010
cb_a:
	lock incq a_calls(%rip)
	ret
	.org pads + 0x020
	lock incq stray(%rip)
	ret
	.org pads + 0x100
	lock incq stray(%rip)
	ret
	.org pads + 0x110
	lock incq stray(%rip)
	ret
	.org pads + 0x120
cb_b:
	lock incq b_calls(%rip)
	ret

	.section .note.GNU-stack, "", @progbits
