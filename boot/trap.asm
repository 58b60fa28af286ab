; Zeptux trap entry, linked into the kernel ELF.
;
; One stub per IDT vector (256, 16 bytes apart from zeptux_trap_stubs). A stub pushes a zero
; where the CPU pushes no error code, then the vector number, and jumps to the common path,
; which saves the general registers, calls the Java dispatcher zeptux_trap(frame) with RDI =
; the frame, restores and returns with iretq. The frame, from RDI upwards (org.zeptux.kernel.
; arch.TrapFrame names each offset):
;
;   +0   r15 r14 r13 r12 r11 r10 r9 r8          +64  rbp rdi rsi rdx rcx rbx rax
;   +120 vector   +128 error code (or 0)         +136 rip cs rflags rsp ss (pushed by the CPU)
;
; In 64-bit mode the CPU aligns RSP to 16 before it pushes its frame (SDM vol. 3, 6.14.2);
; 6 + 1 + 15 quadwords keep it aligned at the call, as the System V ABI wants. The gates are
; interrupt gates (IF cleared on entry); the dispatcher runs with interrupts off.
;
;
; From user mode (the saved CS has RPL 3) the stub swaps GS on entry and exit, as
; boot/user.asm's system-call entry does, and calls zeptux_exit_to_user(frame) before
; returning there (a kill pending, say from Ctrl-C or a fault, ends the process instead).
;
; Also here, because they must be page-aligned: the interrupt stacks (IST) of the TSS.

bits 64
default rel

extern zeptux_trap
extern zeptux_exit_to_user

section .text

; Vectors whose exceptions push an error code (SDM vol. 3, table 6-1): #DF #TS #NP #SS #GP
; #PF #AC #CP #VC #SX.
%define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

align 16
global zeptux_trap_stubs_start
zeptux_trap_stubs_start:
%assign v 0
%rep 256
    align 16
%if HAS_ERROR(v) == 0
    push 0
%endif
    push v
    jmp trap_common
%assign v v + 1
%endrep

align 16
trap_common:
    test byte [rsp + 24], 3             ; the interrupted CS (above the vector, error code, RIP)
    jz .from_kernel
    swapgs                              ; from user mode: GS to the per-CPU block (boot/user.asm)
.from_kernel:
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
    mov rdi, rsp
    cld
    call zeptux_trap
    test byte [rsp + 144], 3            ; the frame's CS: returning to user mode?
    jz .restore
    mov rdi, rsp
    call zeptux_exit_to_user            ; a pending kill ends the process here
.restore:
    pop r15
    pop r14
    pop r13
    pop r12
    pop r11
    pop r10
    pop r9
    pop r8
    pop rbp
    pop rdi
    pop rsi
    pop rdx
    pop rcx
    pop rbx
    pop rax
    add rsp, 16                         ; the vector and the error code
    test byte [rsp + 8], 3
    jz .iret
    swapgs                              ; back to the user's GS
.iret:
    iretq

; long zeptux_trap_stubs(): the address of vector 0's stub; vector v's is 16 * v further.
global zeptux_trap_stubs:function
zeptux_trap_stubs:
    lea rax, [zeptux_trap_stubs_start]
    ret

; long zeptux_ist_stacks(): the lowest address of the interrupt-stack area (IST_SIZE bytes).
global zeptux_ist_stacks:function
zeptux_ist_stacks:
    lea rax, [ist_stacks]
    ret

section .bss nobits alloc noexec write align=4096
ist_stacks:
    resb 3 * 16384                      ; IST1 double fault, IST2 NMI, IST3 machine check
