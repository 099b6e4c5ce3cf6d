/* SPDX-License-Identifier: BSD-2-Clause */
/* run.S - int64_t program_run(uint64_t entry): b_system(PROGRAM_RUN, entry) (0x1A,
 * include/baremetal.h), after which any register may have changed: the callee-saved
 * ones of the SysV ABI are kept here, the direction flag cleared, and interrupts back on
 * (the line editor halts until a tick: a program that returned with them off would
 * leave it halted for good). */
#define B_SYSTEM    0x100040
#define PROGRAM_RUN 0x1A

	.text
	.globl program_run
	.type program_run, @function
program_run:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	sub $8, %rsp                  /* 16-byte aligned at the call */
	mov %rdi, %rax
	mov $PROGRAM_RUN, %ecx
	call *B_SYSTEM
	cld
	sti
	add $8, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret
	.size program_run, . - program_run

	.section .note.GNU-stack, "", @progbits
