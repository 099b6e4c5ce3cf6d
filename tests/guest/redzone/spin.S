/* SPDX-License-Identifier: BSD-2-Clause */
/* spin.S - leaf code that keeps data in its red zone, the 128 bytes below RSP that the
 * SysV ABI (AMD64 psABI 3.2.2) lets a leaf function use without moving RSP.
 *
 * uint64_t redzone_spin(const volatile uint64_t *ticks [rdi], uint64_t until [rsi])
 * fills the red zone with a pattern and checks all 16 quadwords over and over until
 * *ticks reaches until; returns how many checks found it changed (refilling each time). */
	.text
	.globl redzone_spin
redzone_spin:
	xor %eax, %eax
	movabs $0x5A17C0DE00000000, %r8
1:	mov %r8, %r9			/* fill: quadword k holds pattern + k */
	mov $16, %ecx
	lea -128(%rsp), %rdx
2:	mov %r9, (%rdx)
	inc %r9
	add $8, %rdx
	dec %ecx
	jnz 2b
3:	mov %r8, %r9			/* check */
	mov $16, %ecx
	lea -128(%rsp), %rdx
4:	cmp %r9, (%rdx)
	jne 5f
	inc %r9
	add $8, %rdx
	dec %ecx
	jnz 4b
	cmp %rsi, (%rdi)
	jb 3b
	ret
5:	inc %rax
	jmp 1b
	.section .note.GNU-stack, "", @progbits
