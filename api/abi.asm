; SPDX-License-Identifier: BSD-2-Clause
; abi.asm - the API table's entries: BareMetal's register convention on the outside
; (ReturnInfinity/BareMetal api/libBareMetal.c, src/syscalls/*.asm), the SysV ABI inside.
; Every register that is not an output is preserved; DF is cleared for the C side. The
; kernel is built -mpreferred-stack-boundary=3 and realigns wherever it calls program
; code (kernel/task.asm), so the shims push only what C may clobber (the SysV caller-saved
; registers) less the entry's outputs, and do not align. b_input, b_net_rx and b_system
; return with the flags of a TEST of their result (AL, RCX, RAX), as BareMetal's code
; leaves them where they say anything (its Monitor does `call [b_input]` then `jz`):
; ZF=1 when it is 0, SF its top bit, CF=OF=0. (Tried for issue 16 and not taken: GCC's
; no_caller_saved_registers on b_system's C handlers, the shim pushing only RDI: 592 bytes
; more, and SMP_TASK_PUSH's push -> start 289 -> 292 instructions; the handlers that call
; anything save every register anyway.)

extern net_ifaces
extern api_input, api_output, api_net_tx, api_net_rx, api_nvs_read, api_nvs_write
extern api_sys_slot, api_sys_fn, smp_online, hpet_base, hpet_hz

section .text
bits 64

%define CPU_APIC_ID 12		; struct cpu's apic_id (kernel/percpu.h)
%define NET_MAX_IFACES 8		; drivers/net/net.h
%define NET_DEV_RX_IDLE 24	; struct net_dev's rx_idle, rx_idle_mask, rx_idle_want
%define NET_DEV_RX_MASK 32
%define NET_DEV_RX_WANT 36
%define NET_DEV_TX_FAST 144
%define CPU_API_RSP 104		; struct cpu's api_rsp (kernel/percpu.h)
%define HPET_MAIN_COUNTER 0xF0	; HPET spec 1.0a, 2.3.1: main counter value register
%define SYS_SLOTS 0x80		; b_system numbers 0..0x7F (include/baremetal.h)
%define SYS_LEAVES 5		; api/system.c: handler indices below it are sys_leaf's

%include "common/sysv_save.inc"

; The caller's RSP before its call (RSP + n: what the shim pushed and the return address)
; into this core's record, for the pointer rule's stack check. R8 is saved.
%macro NOTE_CALLER_RSP 1
	lea r8, [rsp + %1]
	mov [gs:CPU_API_RSP], r8
%endmacro

; b_input: OUT AL = next key, 0 when none (ZF=1). The rest of RAX is kept.
global b_input
b_input:
	push rax
	push rcx
	SAVE7
	call api_input
	mov [rsp + 8*8], al
	RESTORE7
	pop rcx
	pop rax
	test al, al
	ret

; b_output: IN RSI = bytes, RCX = count.
global b_output
b_output:
	push rax
	push rcx
	SAVE7
	mov rdi, rsi
	mov rsi, rcx
	call api_output
	RESTORE7
	pop rcx
	pop rax
	ret

; b_net_tx: IN RSI = frame, RCX = length, RDX = interface.
global b_net_tx
b_net_tx:
	; the interface's fast path first (drivers/net/tx_fast.asm: CF=1 when it declines)
	cmp rdx, NET_MAX_IFACES
	jae .out
	push rdi
	mov rdi, [net_ifaces + rdx*8]
	test rdi, rdi
	jz .none			; no such interface: nothing to send or count
	call [rdi + NET_DEV_TX_FAST]
	jc .slow
.none:
	pop rdi
.out:
	ret
.slow:
	pop rdi
	push rax
	push rcx
	SAVE7
	mov rdi, rsi
	mov rsi, rcx
	call api_net_tx
	RESTORE7
	pop rcx
	pop rax
	ret

; b_net_rx: IN RDX = interface. OUT RDI = frame, RCX = length (0: none, ZF=1).
global b_net_rx
b_net_rx:
	; The empty poll without the C side: no frame waits while the interface's word
	; (*rx_idle & rx_idle_mask) == rx_idle_want (drivers/net/net.h); RCX is an output,
	; so it is the one scratch register.
	cmp rdx, NET_MAX_IFACES
	jae .none
	mov rcx, [net_ifaces + rdx*8]
	jrcxz .none			; no such interface
	push rax
	mov rax, [rcx + NET_DEV_RX_IDLE]
	mov eax, [rax]
	and eax, [rcx + NET_DEV_RX_MASK]
	cmp eax, [rcx + NET_DEV_RX_WANT]
	pop rax
	jne .take
.none:
	xor ecx, ecx
	ret				; ZF=1, SF=CF=OF=0 as TEST RCX, RCX leaves them
.take:
	push rax
	SAVE7				; RDI's slot, at RSP + 4*8, receives the frame address
	mov rdi, rdx
	lea rsi, [rsp + 4*8]
	call api_net_rx
	mov rcx, rax
	RESTORE7
	pop rax
	test rcx, rcx
	ret

; b_nvs_read: IN RAX = first sector, RCX = count, RDX = drive, RDI = buffer.
; OUT RCX = sectors read.
global b_nvs_read
b_nvs_read:
	push rax
	SAVE7
	NOTE_CALLER_RSP 9*8
	mov rsi, rax			; (buf=rdi, start, count, drive)
	xchg rcx, rdx
	call api_nvs_read
	mov rcx, rax
	RESTORE7
	pop rax
	ret

; b_nvs_write: IN RAX = first sector, RCX = count, RDX = drive, RSI = buffer.
; OUT RCX = sectors written.
global b_nvs_write
b_nvs_write:
	push rax
	SAVE7
	mov rdi, rsi			; (buf, start, count, drive)
	mov rsi, rax
	xchg rcx, rdx
	call api_nvs_write
	mov rcx, rax
	RESTORE7
	pop rax
	ret

; b_system: IN RCX = function, RAX = argument 1, RDX = argument 2. OUT RAX = result.
; api_sys_slot (api/system.c) gives each function number a handler index: below
; SYS_LEAVES a leaf here (sys_leaf), from there api_sys_fn[index](argument 1, argument 2,
; function) in C. Numbers past the table return argument 1, as BareMetal's empty slots do.
global b_system
b_system:
	cmp rcx, SYS_SLOTS
	jae sys_past
	push rax			; argument 1 (for C), or a scratch slot
	movzx eax, byte [api_sys_slot + rcx]
	cmp eax, SYS_LEAVES
	jb sys_leaf_jump
sys_c:					; EAX = handler index, [RSP] = argument 1
	push rcx
	SAVE7
	NOTE_CALLER_RSP 10*8
	mov rdi, [rsp + 8*8]
	mov rsi, rdx
	mov rdx, rcx
	call [api_sys_fn + rax*8]
	RESTORE7
	pop rcx
	add rsp, 8
	test rax, rax
	ret
sys_leaf_jump:
	jmp [sys_leaf + rax*8]
sys_past:			; past the table: argument 1 back
	test rax, rax
	ret

sys_none:				; not implemented: argument 1 back
	pop rax
	test rax, rax
	ret

sys_smp_id:				; the APIC ID from this core's record
	add rsp, 8
	mov eax, [gs:CPU_APIC_ID]
	test rax, rax
	ret

sys_numcores:
	add rsp, 8
	mov eax, [smp_online]
	test rax, rax
	ret

sys_tsc:
	mov [rsp], rdx			; the slot keeps RDX
	rdtsc
	shl rdx, 32
	or rax, rdx
	pop rdx
	test rax, rax
	ret

sys_timecounter:			; the HPET's main counter; without one, C (microseconds)
	cmp dword [hpet_hz], 0
	je sys_c			; EAX is still SYS_TIMECOUNTER's index
	mov rax, [hpet_base]
	add rsp, 8
	mov rax, [rax + HPET_MAIN_COUNTER]
	test rax, rax
	ret

; b_user: reserved for the program, as in BareMetal.
global b_user
b_user:
	ret

section .rodata
align 8
sys_leaf:				; api/system.c's SYS_NONE .. SYS_TSC, in that order
	dq sys_none, sys_timecounter, sys_smp_id, sys_numcores, sys_tsc

section .note.GNU-stack noalloc noexec nowrite progbits
