/* SPDX-License-Identifier: BSD-2-Clause */
/* setjmp.S - setjmp and longjmp over newlib's x86-64 jmp_buf (8 quadwords: rbx, rbp,
 * r12-r15, the caller's rsp and the return address; SysV AMD64 ABI 3.2.1: the
 * callee-saved registers). In libbmc.a, ahead of newlib's libc/machine/x86_64/setjmp.S,
 * whose longjmp(env, 0) makes setjmp return 0; ISO C 7.13.2.1 says it returns 1. */
	.text
	.globl	setjmp
	.type	setjmp, @function
setjmp:
	movq	%rbx, 0(%rdi)
	movq	%rbp, 8(%rdi)
	movq	%r12, 16(%rdi)
	movq	%r13, 24(%rdi)
	movq	%r14, 32(%rdi)
	movq	%r15, 40(%rdi)
	leaq	8(%rsp), %rax
	movq	%rax, 48(%rdi)
	movq	(%rsp), %rax
	movq	%rax, 56(%rdi)
	xorl	%eax, %eax
	ret
	.size	setjmp, . - setjmp

	.globl	longjmp
	.type	longjmp, @function
longjmp:
	movl	%esi, %eax
	testl	%eax, %eax
	jnz	1f
	incl	%eax
1:	movq	0(%rdi), %rbx
	movq	8(%rdi), %rbp
	movq	16(%rdi), %r12
	movq	24(%rdi), %r13
	movq	32(%rdi), %r14
	movq	40(%rdi), %r15
	movq	48(%rdi), %rsp
	jmpq	*56(%rdi)
	.size	longjmp, . - longjmp

	.section .note.GNU-stack, "", @progbits
