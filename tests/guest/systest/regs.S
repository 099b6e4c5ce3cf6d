/* SPDX-License-Identifier: BSD-2-Clause */
/* regs.S - calls one API table entry with every register and RFLAGS loaded from
 * regs_before[] and stores every register and RFLAGS after the call in regs_after[]
 * (order: rax rbx rcx rdx rsi rdi rbp r8 .. r15 rflags), so the test sees exactly what
 * the call changed and the flags it returned. */
	.text
	.globl regs_call
regs_call:                      /* rdi = address of the API table slot */
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	mov (%rdi), %rax
	mov %rax, call_target(%rip)
	mov regs_before+8(%rip), %rbx
	mov regs_before+16(%rip), %rcx
	mov regs_before+24(%rip), %rdx
	mov regs_before+32(%rip), %rsi
	mov regs_before+40(%rip), %rdi
	mov regs_before+48(%rip), %rbp
	mov regs_before+56(%rip), %r8
	mov regs_before+64(%rip), %r9
	mov regs_before+72(%rip), %r10
	mov regs_before+80(%rip), %r11
	mov regs_before+88(%rip), %r12
	mov regs_before+96(%rip), %r13
	mov regs_before+104(%rip), %r14
	mov regs_before+112(%rip), %r15
	pushq regs_before+120(%rip)
	popfq                           /* nothing below changes the flags */
	mov regs_before+0(%rip), %rax
	call *call_target(%rip)
	pushfq                          /* the flags the call returned */
	mov %rax, regs_after+0(%rip)
	mov %rbx, regs_after+8(%rip)
	mov %rcx, regs_after+16(%rip)
	mov %rdx, regs_after+24(%rip)
	mov %rsi, regs_after+32(%rip)
	mov %rdi, regs_after+40(%rip)
	mov %rbp, regs_after+48(%rip)
	mov %r8, regs_after+56(%rip)
	mov %r9, regs_after+64(%rip)
	mov %r10, regs_after+72(%rip)
	mov %r11, regs_after+80(%rip)
	mov %r12, regs_after+88(%rip)
	mov %r13, regs_after+96(%rip)
	mov %r14, regs_after+104(%rip)
	mov %r15, regs_after+112(%rip)
	popq regs_after+120(%rip)
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret

	.bss
	.align 8
call_target:
	.quad 0
	.globl regs_before, regs_after
regs_before:
	.zero 16 * 8
regs_after:
	.zero 16 * 8
	.section .note.GNU-stack,"",@progbits
