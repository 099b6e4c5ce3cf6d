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
	push rbx			; and keeps the stack 16-byte aligned
	mov rax, rsi
	mov rdi, rdx
	call rax
	pop rbx
	mov rbx, [rbx + 0]
	xor eax, eax
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

section .note.GNU-stack noalloc noexec nowrite progbits
