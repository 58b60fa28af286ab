; Calls through a function pointer, for tables the linker fills (kernel modules' init/exit).
;
; long zeptux_call(long function): calls function() by the System V ABI and returns its RAX.
; A tail jump: the function returns straight to our caller, and the frame-pointer chain is
; the caller's (backtraces stay whole).

bits 64
section .text
global zeptux_call:function
zeptux_call:
    jmp rdi

; long zeptux_exports(): the kernel's export table (zeptuxc emits zeptux_export_table).
extern zeptux_export_table
global zeptux_exports:function
zeptux_exports:
    lea rax, [rel zeptux_export_table]
    ret
