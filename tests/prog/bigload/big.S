/* SPDX-License-Identifier: BSD-2-Clause */
/* big.S - the big programs' initialised data: big.bin, from the directory the Makefile
 * gives the assembler (-Wa,-I), N MiB of pattern.h's bytes. */
	.section .data.big, "aw"
	.balign 4096
	.globl big_data, big_data_end
big_data:
	.incbin "big.bin"
big_data_end:
	.section .note.GNU-stack, "", @progbits
