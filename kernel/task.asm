; SPDX-License-Identifier: BSD-2-Clause
; task.asm - recovery points for code that may fault: task_call runs a function and
; remembers where it was called from; task_abort (from the exception handler) returns
; there with 1, abandoning the faulting code's frames. Like setjmp/longjmp, for the
; callee-saved registers of the SysV ABI.

section .text
bits 64

; int task_call(struct recover *r [rdi], void (*fn)(uint64_t) [rsi], uint64_t arg [rdx])
global task_call
task_call:
	mov [rdi + 0], rbx
	mov [rdi + 8], rbp
	mov [rdi + 16], r12
	mov [rdi + 24], r13
	mov [rdi + 32], r14
	mov [rdi + 40], r15
	lea rax, [rsp + 8]		; RSP once this call has returned
	mov [rdi + 48], rax
	mov rax, [rsp]			; where it returns to
	mov [rdi + 56], rax
	pushfq				; the interrupt flag to restore after a fault
	pop qword [rdi + 64]
	mov rbx, rdi			; r survives the call in RBX (saved above)
	mov rbp, rsp			; and RBP holds our stack: the kernel keeps only
	and rsp, -16			; 8-byte alignment, programs expect the ABI's 16
	mov rax, rsi
	mov rdi, rdx
	call rax
	mov rsp, rbp
	mov rbp, [rbx + 8]
	mov rbx, [rbx + 0]
	xor eax, eax
	ret

; void app_call(void *fn [rdi], uint64_t a [rsi], uint64_t b [rdx]): fn(a, b) on a
; 16-byte aligned stack, for program code the kernel calls directly (parallel-for).
global app_call
app_call:
	push rbp
	mov rbp, rsp
	and rsp, -16
	mov rax, rdi
	mov rdi, rsi
	mov rsi, rdx
	call rax
	leave
	ret

; void task_abort(struct recover *r [rdi]): task_call returns 1.
global task_abort
task_abort:
	mov rbx, [rdi + 0]
	mov rbp, [rdi + 8]
	mov r12, [rdi + 16]
	mov r13, [rdi + 24]
	mov r14, [rdi + 32]
	mov r15, [rdi + 40]
	mov rsp, [rdi + 48]
	push qword [rdi + 64]		; the exception gate cleared IF: put it back
	popfq
	mov eax, 1
	jmp [rdi + 56]

; void program_call(uint64_t entry [rdi]): BareMetal's start_payload: RAX = entry,
; interrupts on, a 16-byte aligned stack; the program may change any register.
global program_call
program_call:
	push rbx
	push rbp
	push r12
	push r13
	push r14
	push r15
	mov [rel program_rsp], rsp
	and rsp, -16
	mov rax, rdi
	sti
	call rax
	mov rsp, [rel program_rsp]
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	ret

section .bss
global program_rsp
program_rsp: resq 1

section .note.GNU-stack noalloc noexec nowrite progbits
