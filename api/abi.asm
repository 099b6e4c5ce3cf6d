; SPDX-License-Identifier: BSD-2-Clause
; abi.asm - the API table's entries: BareMetal's register convention on the outside
; (ReturnInfinity/BareMetal api/libBareMetal.c, src/syscalls/*.asm), the SysV ABI inside.
; Every register that is not an output is preserved; DF is cleared and the stack aligned
; for the C side. b_input, b_net_rx and b_system return with the flags of a TEST of their
; result (AL, RCX, RAX), as BareMetal's code leaves them where they say anything (its
; Monitor does `call [b_input]` then `jz`): ZF=1 when it is 0, SF its top bit, CF=OF=0.

extern api_input, api_output, api_net_tx, api_net_rx, api_nvs_read, api_nvs_write, api_system

section .text
bits 64

%include "kernel/ccall.inc"
%define SAVE CCALL_ENTER
%define RESTORE CCALL_LEAVE
%define CPU_API_RSP 104		; struct cpu's api_rsp (kernel/percpu.h)

; The caller's RSP before its call (RBP + n: the SAVE frame, what the shim pushed and the
; return address) into this core's record, for the pointer rule's stack check.
%macro NOTE_CALLER_RSP 1
	lea r8, [rbp + %1]
	mov [gs:CPU_API_RSP], r8
%endmacro

; b_input: OUT AL = next key, 0 when none (ZF=1). The rest of RAX is kept.
global b_input
b_input:
	push rax
	SAVE
	call api_input
	RESTORE
	mov [rsp], al
	pop rax
	test al, al
	ret

; b_output: IN RSI = bytes, RCX = count.
global b_output
b_output:
	push rax
	SAVE
	mov rdi, rsi
	mov rsi, rcx
	call api_output
	RESTORE
	pop rax
	ret

; b_net_tx: IN RSI = frame, RCX = length, RDX = interface.
global b_net_tx
b_net_tx:
	push rax
	SAVE
	mov rdi, rsi
	mov rsi, rcx
	call api_net_tx
	RESTORE
	pop rax
	ret

; b_net_rx: IN RDX = interface. OUT RDI = frame, RCX = length (0: none, ZF=1).
global b_net_rx
b_net_rx:
	push rax
	push rdi			; the frame address lands in this slot
	SAVE
	mov rdi, rdx
	lea rsi, [rbp + 9*8]		; &saved RDI
	call api_net_rx
	mov [rbp + 8*8], rax		; saved RCX := length
	RESTORE
	pop rdi
	pop rax
	test rcx, rcx
	ret

; b_nvs_read: IN RAX = first sector, RCX = count, RDX = drive, RDI = buffer.
; OUT RCX = sectors read.
global b_nvs_read
b_nvs_read:
	push rax
	SAVE
	NOTE_CALLER_RSP 11*8
	mov rsi, rax			; (buf=rdi, start, count, drive)
	mov r8, rcx
	mov rcx, rdx
	mov rdx, r8
	call api_nvs_read
	mov [rbp + 8*8], rax
	RESTORE
	pop rax
	ret

; b_nvs_write: IN RAX = first sector, RCX = count, RDX = drive, RSI = buffer.
; OUT RCX = sectors written.
global b_nvs_write
b_nvs_write:
	push rax
	SAVE
	mov rdi, rsi
	mov rsi, rax
	mov r8, rcx
	mov rcx, rdx
	mov rdx, r8
	call api_nvs_write
	mov [rbp + 8*8], rax
	RESTORE
	pop rax
	ret

; b_system: IN RCX = function, RAX = argument 1, RDX = argument 2. OUT RAX = result.
global b_system
b_system:
	SAVE
	NOTE_CALLER_RSP 10*8
	mov rdi, rcx
	mov rsi, rax
	call api_system
	RESTORE
	test rax, rax
	ret

; b_user: reserved for the program, as in BareMetal.
global b_user
b_user:
	ret

section .note.GNU-stack noalloc noexec nowrite progbits
