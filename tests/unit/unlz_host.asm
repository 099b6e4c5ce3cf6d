; SPDX-License-Identifier: BSD-2-Clause
; unlz_host.asm - kernel/unlz.inc as a SysV function for tests/unit/test_kpack.c:
; uint8_t *unlz_host(const uint8_t *packed, uint8_t *out) returns the end of the output.
bits 64
section .text
global unlz_host
unlz_host:
	push rbx
	xchg rsi, rdi
	call unlz
	mov rax, rdi
	pop rbx
	ret

%include "kernel/unlz.inc"

section .note.GNU-stack noalloc noexec nowrite progbits
