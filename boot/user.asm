; User mode: the system-call entry, the way back to user mode, and the routines that touch
; user memory (org.zeptux.kernel.hw.UserMode and hw.UserAccess are their Java side).
;
; System calls (Intel SDM vol. 2, SYSCALL and SYSRET; AMD APM vol. 2, 6.1.1): SYSCALL loads
; RIP from LSTAR (zeptux_syscall_entry), saves the user RIP in RCX and RFLAGS in R11, clears
; the RFLAGS bits in FMASK (IF among them) and leaves RSP alone. The entry swaps GS to the
; CPU's per-CPU block (hw.UserMode.PerCpu: +0 the running task's kernel stack top, +8 a scratch
; slot for the user RSP), moves to the kernel stack and saves a frame in the layout of
; boot/trap.asm's (org.zeptux.kernel.hw.TrapFrame), vector SYSCALL_VECTOR, so system calls,
; faults and interrupts from user mode all look alike to the kernel. It calls the Java
; dispatcher zeptux_syscall(frame) with interrupts on, then zeptux_exit_to_user(frame) with
; them off (pending kills), and returns with SYSRET when the frame allows it (user CS and SS,
; a canonical user RIP, no RF or TF), else with IRETQ. The Linux ABI: RAX the number and the
; result; RDI, RSI, RDX, R10, R8, R9 the arguments; RCX and R11 are not preserved.
;
; Invariant (as Linux's): in the kernel, GS base is the per-CPU block and KERNEL_GS_BASE holds
; the user's; in user mode the other way round. Every entry from user mode swaps (this entry,
; and boot/trap.asm's when the interrupted CS has RPL 3), every return to user mode swaps back.
; Only these stubs use GS; NMIs and machine checks taken in the few instructions between an
; entry and its swapgs run Java code that never reads GS.

bits 64
default rel

extern zeptux_syscall
extern zeptux_exit_to_user

%define USER_CS 0x4B                    ; GDT 0x48 (64-bit user code) | RPL 3
%define USER_DS 0x43                    ; GDT 0x40 (user data) | RPL 3
%define SYSCALL_VECTOR 0x100            ; TrapFrame.SYSCALL: not an IDT vector
%define PERCPU_KERNEL_STACK 0
%define PERCPU_USER_RSP 8
%define USER_LIMIT 0x00007FFFFFFFF000   ; above the last user page: SYSRET would #GP in ring 0
%define FLAGS_NO_SYSRET 0x14100         ; RF, NT, TF: restored only by IRETQ

section .text

%macro SAVE_REGISTERS 0
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
%endmacro

%macro RESTORE_REGISTERS 0
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
%endmacro

align 16
global zeptux_syscall_entry:function
zeptux_syscall_entry:
    swapgs
    mov [gs:PERCPU_USER_RSP], rsp
    mov rsp, [gs:PERCPU_KERNEL_STACK]
    push USER_DS                        ; ss
    push qword [gs:PERCPU_USER_RSP]     ; rsp
    push r11                            ; rflags
    push USER_CS                        ; cs
    push rcx                            ; rip
    push 0                              ; error code
    push SYSCALL_VECTOR                 ; vector
    SAVE_REGISTERS
    xor ebp, ebp                        ; the outermost kernel frame: backtraces stop here
    mov rdi, rsp
    sti
    call zeptux_syscall
    cli
    mov rdi, rsp
    call zeptux_exit_to_user
    cmp qword [rsp + 120], SYSCALL_VECTOR
    jne .full                           ; a signal handler entered or returned from: every register back
    RESTORE_REGISTERS
    add rsp, 16                         ; the vector and the error code
    cmp qword [rsp + 8], USER_CS
    jne .iret
    cmp qword [rsp + 32], USER_DS
    jne .iret
    mov rcx, [rsp]                      ; RIP, for SYSRET
    mov r11, USER_LIMIT
    cmp rcx, r11
    jae .iret
    mov r11, [rsp + 16]                 ; RFLAGS, for SYSRET
    test r11, FLAGS_NO_SYSRET
    jnz .iret
    mov rsp, [rsp + 24]                 ; the user stack: nothing may interrupt from here (IF is 0)
    swapgs
    o64 sysret
.full:
    RESTORE_REGISTERS
    add rsp, 16
.iret:
    swapgs
    iretq

; void zeptux_enter_user(long stackTop, long rip, long rsp): starts user mode at rip with stack
; rsp, every general register 0 and RFLAGS.IF set, leaving the kernel stack empty (its top at
; stackTop, where later entries from user mode start). Does not return.
global zeptux_enter_user:function
zeptux_enter_user:
    cli
    mov rsp, rdi
    push USER_DS                        ; ss
    push rdx                            ; rsp
    push 0x202                          ; rflags: IF, and bit 1
    push USER_CS                        ; cs
    push rsi                            ; rip
    xor eax, eax
    xor ebx, ebx
    xor ecx, ecx
    xor edx, edx
    xor esi, esi
    xor edi, edi
    xor ebp, ebp
    xor r8d, r8d
    xor r9d, r9d
    xor r10d, r10d
    xor r11d, r11d
    xor r12d, r12d
    xor r13d, r13d
    xor r14d, r14d
    xor r15d, r15d
    swapgs
    iretq

; void zeptux_resume_user(long stackTop, long frame): returns to user mode with the registers of
; the frame at `frame` (TrapFrame's layout, a copy kept outside this stack: a forked child's),
; copied to the top of the kernel stack first, as an entry from user mode would have left them.
; Does not return.
global zeptux_resume_user:function
zeptux_resume_user:
    cli
    lea rsp, [rdi - 176]
    mov rdi, rsp
    mov ecx, 22
    cld
    rep movsq                           ; the frame, from rsi
    RESTORE_REGISTERS
    add rsp, 16
    swapgs
    iretq

; long zeptux_syscall_entry_address(): for LSTAR.
global zeptux_syscall_entry_address:function
zeptux_syscall_entry_address:
    lea rax, [zeptux_syscall_entry]
    ret

; ---- user memory ----
;
; Only these instructions touch user memory. Each routine opens the supervisor's access to user
; pages with STAC where SMAP is on (zeptux_smap) and closes it with CLAC; a page fault at one of
; the marked instructions resumes at its fixup (zeptux_user_fixup), which closes the access and
; returns the failure, so a bad user pointer is an error, never a kernel fault.

%macro OPEN 0
    cmp byte [zeptux_smap], 0
    je %%off
    stac
%%off:
%endmacro

%macro CLOSE 0
    cmp byte [zeptux_smap], 0
    je %%off
    clac
%%off:
%endmacro

; long zeptux_user_copy(long dst, long src, long n): copies n bytes; returns how many were NOT
; copied (0: all). One of dst and src is a user address the caller checked against the user half.
; Quadwords first (a CPU without ERMS, and QEMU's TCG, move them eight times faster than bytes),
; then the last 0-7 bytes; a fault in the quadwords goes on byte by byte from the quadword that
; faulted, so the count not copied is exact to the byte.
global zeptux_user_copy:function
zeptux_user_copy:
    mov rcx, rdx
    shr rcx, 3
    and edx, 7
    OPEN
copy_quads_insn:
    rep movsq                           ; a fault leaves RCX the quadwords still to copy
    mov rcx, rdx
copy_insn:
    rep movsb                           ; a fault leaves RCX the bytes still to copy
    CLOSE
    xor eax, eax
    ret
copy_quads_fault:
    lea rcx, [rcx * 8 + rdx]            ; RSI and RDI point at the quadword that faulted: its bytes one by one
    jmp copy_insn
copy_fault:
    CLOSE
    mov rax, rcx
    ret

; long zeptux_user_string(long dst, long src, long max): copies bytes up to and including the
; first NUL, at most max; returns the string's length (the NUL not counted), max if there was
; no NUL in max bytes, or -1 when a byte could not be read.
global zeptux_user_string:function
zeptux_user_string:
    xor eax, eax
    OPEN
string_next:
    cmp rax, rdx
    jae string_done
string_insn:
    movzx ecx, byte [rsi + rax]
    mov [rdi + rax], cl
    test cl, cl
    jz string_done
    inc rax
    jmp string_next
string_done:
    CLOSE
    ret
string_fault:
    CLOSE
    mov rax, -1
    ret

; long zeptux_user_fixup(long rip): where a page fault at rip resumes, or 0 when rip is not
; one of the marked instructions above.
global zeptux_user_fixup:function
zeptux_user_fixup:
    lea rax, [copy_quads_fault]
    lea rcx, [copy_quads_insn]
    cmp rdi, rcx
    je .found
    lea rax, [copy_fault]
    lea rcx, [copy_insn]
    cmp rdi, rcx
    je .found
    lea rax, [string_fault]
    lea rcx, [string_insn]
    cmp rdi, rcx
    je .found
    xor eax, eax
.found:
    ret

; void zeptux_set_smap(int on): whether the routines above open user access with STAC/CLAC
; (only where the CPU has SMAP: elsewhere the instructions are #UD).
global zeptux_set_smap:function
zeptux_set_smap:
    mov [zeptux_smap], dil
    ret

section .data
zeptux_smap: db 0

; ---- the user's x87/SSE state (FXSAVE area, Intel SDM vol. 1, 10.5) ----
; The kernel never uses x87 or SSE registers, so only switches between user threads save and
; restore them (hw.UserMode.saveFpu and restoreFpu).

section .text

; void zeptux_fpu_save(long area): FXSAVE64 into a 512-byte, 16-byte-aligned area.
global zeptux_fpu_save:function
zeptux_fpu_save:
    fxsave64 [rdi]
    ret

; void zeptux_fpu_restore(long area): FXRSTOR64 from such an area.
global zeptux_fpu_restore:function
zeptux_fpu_restore:
    fxrstor64 [rdi]
    ret

; void zeptux_fpu_reset(): the state a new program starts with (Linux's: FNINIT, MXCSR 0x1F80).
global zeptux_fpu_reset:function
zeptux_fpu_reset:
    fninit
    push 0x1F80
    ldmxcsr [rsp]
    add rsp, 8
    ret
