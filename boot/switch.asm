; Switching kernel threads (org.zeptux.kernel.sched.Scheduler): only the registers the
; System V ABI makes the callee save, and the stack, change hands; everything else is Java's.
;
; void zeptux_switch(long saveAt, long newSp)
;   pushes RBP, RBX, R12-R15 on the current stack, stores RSP at [saveAt] (the outgoing
;   task's save slot), loads newSp (a stack saved the same way, or a new task's first frame)
;   and pops the incoming task's registers; `ret` resumes it where it called zeptux_switch, or
;   at zeptux_task_start.
;
; zeptux_task_start: where a new task's first frame returns to. Its RBP is 0 (the end of the
; frame chain for backtraces); it aligns the stack as the ABI wants at a call and calls the
; Java entry, zeptux_task_entry, which never returns (a task ends by exiting).

bits 64
section .text

global zeptux_switch:function
zeptux_switch:
    push rbp
    push rbx
    push r12
    push r13
    push r14
    push r15
    mov [rdi], rsp              ; the outgoing task's stack, for its next turn
    mov rsp, rsi                ; the incoming task's stack
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbx
    pop rbp
    ret

extern zeptux_task_entry
global zeptux_task_start:function
zeptux_task_start:
    xor ebp, ebp                ; the outermost frame
    and rsp, -16                ; RSP % 16 == 0 before the call, as the ABI requires
    call zeptux_task_entry
    ud2                         ; zeptux_task_entry does not return

; long zeptux_task_start_address(): where a new task's first frame returns to.
global zeptux_task_start_address:function
zeptux_task_start_address:
    lea rax, [rel zeptux_task_start]
    ret
