; SPDX-License-Identifier: BSD-2-Clause
; isr.asm - interrupt entry stubs: the 32 exception vectors (with a uniform frame for
; exception_handler), the AP wake-up vector and the spurious vector.

extern exception_handler
extern irq_handler
extern ap_stack_for_self
extern ap_main

%include "kernel/ccall.inc"

section .text
bits 64

%macro ISR_NOERR 1
isr%1:
	push 0
	push %1
	jmp isr_common
%endmacro
%macro ISR_ERR 1
isr%1:
	push %1
	jmp isr_common
%endmacro

; Vectors that push an error code: 8, 10-14, 17, 21, 29, 30 (Intel SDM vol. 3, 6.3.1).
%assign v 0
%rep 32
%if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30
	ISR_ERR v
%else
	ISR_NOERR v
%endif
%assign v v+1
%endrep

; Frame for C (struct cpu_frame): r15 ... rax, vector, error, rip, cs, rflags, rsp, ss.
isr_common:
	push rax
	push rbx
	push rcx
	push rdx
	push rsi
	push rdi
	push rbp
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
	cld
	mov rdi, rsp
	and rsp, -16
	call exception_handler		; does not return
.halt:	cli
	hlt
	jmp .halt

section .rodata
global isr_table
isr_table:
%assign v 0
%rep 32
	dq isr %+ v
%assign v v+1
%endrep

section .text
; ap_wake_isr (vector 0x81): an AP parked by the loader takes this IPI and leaves for
; the kernel's idle loop on its own stack; the interrupt frame is abandoned.
global ap_wake_isr
ap_wake_isr:
	cld
	and rsp, -16
	call ap_stack_for_self
	mov rsp, rax
	xor ebp, ebp
	call ap_main
.halt:	cli
	hlt
	jmp .halt

global spurious_isr
spurious_isr:
	iretq

; Device and inter-processor interrupts: the caller-saved registers around
; irq_handler(vector), which sends the EOI.
%macro IRQ 1
global irq%1
irq%1:
	push %1
	jmp irq_common
%endmacro
	IRQ 0x30
	IRQ 0x31
	IRQ 0x40
	IRQ 0x80

; They arrive on IST2 (a few bytes per core, kernel/smp.c) and move to the interrupted
; stack 128 bytes below its RSP: the SysV ABI's red zone (AMD64 psABI 3.2.2), which
; leaf code in programs may use (Debian's libgcc, Rust's core), survives the interrupt.
; IF stays clear until IRETQ, so IST2 is never entered twice.
irq_common:
	push rax			; IST2: rax, vector, rip, cs, rflags, rsp, ss
	mov rax, rsp
	mov rsp, [rax + 5*8]
	sub rsp, 128
	and rsp, -16			; as the CPU aligns a frame (SDM vol. 3, 6.14.2)
%assign q 6
%rep 6
	push qword [rax + q*8]
%assign q q-1
%endrep
	mov rax, [rax]
	push rax
	CCALL_ENTER
	mov rdi, [rbp + 10*8]		; the vector
	call irq_handler
	CCALL_LEAVE
	pop rax
	add rsp, 8
	iretq

section .note.GNU-stack noalloc noexec nowrite progbits
