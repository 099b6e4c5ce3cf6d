/* SPDX-License-Identifier: BSD-2-Clause */
/* call.S - fz_call(slot): one API table entry called with every general register
 * loaded from fz_in (order: rax rbx rcx rdx rsi rdi rbp r8 .. r15) and the stack lowered
 * by fz_skew bytes; every register after the call goes to fz_out, RFLAGS to fz_rflags.
 * fz_out_hook is a b_output routine for STDOUT_SET that only counts. */
	.text
	.globl fz_call
fz_call:                        /* rdi = address of the API table slot */
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	mov (%rdi), %rax
	mov %rax, target(%rip)
	mov %rsp, saved_rsp(%rip)
	sub fz_skew(%rip), %rsp
	cld
	mov fz_in+8(%rip), %rbx
	mov fz_in+16(%rip), %rcx
	mov fz_in+24(%rip), %rdx
	mov fz_in+32(%rip), %rsi
	mov fz_in+40(%rip), %rdi
	mov fz_in+48(%rip), %rbp
	mov fz_in+56(%rip), %r8
	mov fz_in+64(%rip), %r9
	mov fz_in+72(%rip), %r10
	mov fz_in+80(%rip), %r11
	mov fz_in+88(%rip), %r12
	mov fz_in+96(%rip), %r13
	mov fz_in+104(%rip), %r14
	mov fz_in+112(%rip), %r15
	mov fz_in+0(%rip), %rax
	call *target(%rip)
	mov %rax, fz_out+0(%rip)
	pushfq
	pop %rax
	mov %rax, fz_rflags(%rip)
	mov %rbx, fz_out+8(%rip)
	mov %rcx, fz_out+16(%rip)
	mov %rdx, fz_out+24(%rip)
	mov %rsi, fz_out+32(%rip)
	mov %rdi, fz_out+40(%rip)
	mov %rbp, fz_out+48(%rip)
	mov %r8, fz_out+56(%rip)
	mov %r9, fz_out+64(%rip)
	mov %r10, fz_out+72(%rip)
	mov %r11, fz_out+80(%rip)
	mov %r12, fz_out+88(%rip)
	mov %r13, fz_out+96(%rip)
	mov %r14, fz_out+104(%rip)
	mov %r15, fz_out+112(%rip)
	mov saved_rsp(%rip), %rsp
	cld
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret

	.globl fz_out_hook
fz_out_hook:                    /* RSI = bytes, RCX = count, as b_output */
	lock incq hook_calls(%rip)
	lock add %rcx, hook_bytes(%rip)
	ret

	.bss
	.align 8
target:
	.quad 0
saved_rsp:
	.quad 0
	.globl fz_in, fz_out, fz_rflags, fz_skew, hook_calls, hook_bytes
fz_in:
	.zero 15 * 8
fz_out:
	.zero 15 * 8
fz_rflags:
	.quad 0
fz_skew:
	.quad 0
hook_calls:
	.quad 0
hook_bytes:
	.quad 0
	.section .note.GNU-stack,"",@progbits
