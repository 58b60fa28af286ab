; Starting the application processors (org.zeptux.kernel.smp.Smp, hw.ApStart), linked into the
; kernel ELF.
;
; The trampoline: a start-up IPI (SIPI) with vector V starts an AP in 16-bit real mode at
; CS:IP = V*0x100:0000, that is at physical V * 4 KiB (Intel SDM vol. 3, 9.4.4, "MP
; initialization"). hw.ApStart copies the bytes between zeptux_trampoline_start and
; zeptux_trampoline_end to TRAMPOLINE (a page below 1 MiB that memblock keeps out of the
; allocator) and fills the parameter block at its end before each AP's SIPI. The code runs at
; TRAMPOLINE whatever its link address: every address in it is TR(label), the label's offset in
; the trampoline plus TRAMPOLINE.
;
;   16-bit real mode   its own GDT, CR0.PE                          --> 32-bit protected mode
;   32-bit             CR4.PAE, CR3 = stage 2's page tables (identity 0-1 GiB and the kernel at
;                      its link address), EFER.LME (and NXE as the boot CPU), CR0.PG|WP
;                                                                   --> 64-bit long mode
;   64-bit, identity   jump to zeptux_ap_entry at its link address (kernel text)
;   64-bit, kernel     CR3 = the kernel's page tables, CR4 = the boot CPU's, RSP = the AP's idle
;                      stack; call zeptux_ap_main(cpu) (Java), which never returns.
;
; The parameter block (offsets from zeptux_trampoline_params, hw.ApStart names them): +0 the
; kernel's CR3, +8 the boot CPU's CR4, +16 the EFER bits to set (LME, NXE), +24 the stack top,
; +32 the CPU's index, +40 zeptux_ap_entry's address, +48 the AP's "I am running" word (the
; first thing it writes, in real mode: the boot CPU's proof that the SIPI arrived).

bits 16
default abs

TRAMPOLINE      equ 0x7000                  ; hw.ApStart.TRAMPOLINE: the SIPI vector is 7
%define TR(label) ((label) - zeptux_trampoline_start + TRAMPOLINE)

extern zeptux_ap_main

section .rodata
align 16
global zeptux_trampoline_start, zeptux_trampoline_end, zeptux_trampoline_params
zeptux_trampoline_start:
    cli
    cld
    xor ax, ax
    mov ds, ax                              ; DS = 0: TR() addresses are physical
    mov dword [TR(p_alive)], 1              ; the SIPI arrived
    lgdt [TR(gdtr)]
    mov eax, cr0
    or eax, 1                               ; PE
    mov cr0, eax
    jmp dword 0x08:TR(protected)            ; far jump: CS = 32-bit code

bits 32
protected:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov eax, cr4
    or eax, 1 << 5                          ; PAE
    mov cr4, eax
    mov eax, 0x10000                        ; stage 2's page tables (MemInit.BOOT_PAGE_TABLES)
    mov cr3, eax
    mov ecx, 0xC0000080                     ; IA32_EFER
    rdmsr
    or eax, [TR(p_efer)]                    ; LME, and NXE if the boot CPU has it
    wrmsr
    mov eax, cr0
    or eax, (1 << 31) | (1 << 16)           ; PG, WP: IA-32e mode, compatibility submode
    mov cr0, eax
    jmp 0x18:TR(long_mode)                  ; the L=1 code segment: 64-bit mode

bits 64
long_mode:
    mov ax, 0x20
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor eax, eax
    mov fs, ax
    mov gs, ax
    mov rax, [TR(p_entry)]                  ; zeptux_ap_entry, at its link address
    jmp rax

align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF                   ; 0x08: 32-bit code
    dq 0x00CF92000000FFFF                   ; 0x10: data
    dq 0x00AF9A000000FFFF                   ; 0x18: 64-bit code (hw.Gdt.KERNEL_CODE)
    dq 0x00CF92000000FFFF                   ; 0x20: data (hw.Gdt.KERNEL_DATA)
gdt_end:
gdtr:
    dw gdt_end - gdt - 1
    dd TR(gdt)

align 8
zeptux_trampoline_params:
p_cr3:      dq 0
p_cr4:      dq 0
p_efer:     dq 0
p_stack:    dq 0
p_cpu:      dq 0
p_entry:    dq 0
p_alive:    dq 0
zeptux_trampoline_end:

section .text
; zeptux_ap_entry: the AP in 64-bit mode on stage 2's page tables, still reading the trampoline
; through the identity map; from the kernel's CR3 on only the kernel's half is mapped.
global zeptux_ap_entry:function (zeptux_ap_entry_end - zeptux_ap_entry)
zeptux_ap_entry:
    mov rax, [TR(p_cr3)]
    mov rcx, [TR(p_cr4)]
    mov rsp, [TR(p_stack)]
    mov edi, [TR(p_cpu)]
    mov cr3, rax                            ; the kernel's page tables: the identity map is gone
    mov cr4, rcx                            ; PGE, OSFXSR, OSXMMEXCPT, SMEP, SMAP as the boot CPU
    xor ebp, ebp                            ; the outermost frame: backtraces stop here
    call zeptux_ap_main
.halt:
    cli
    hlt
    jmp .halt
zeptux_ap_entry_end:

; long zeptux_trampoline(int which): 0 the trampoline's start, 1 its end, 2 its parameters,
; 3 zeptux_ap_entry (kernel addresses).
global zeptux_trampoline:function
zeptux_trampoline:
    lea rax, [rel zeptux_trampoline_start]
    cmp edi, 1
    jne .not1
    lea rax, [rel zeptux_trampoline_end]
.not1:
    cmp edi, 2
    jne .not2
    lea rax, [rel zeptux_trampoline_params]
.not2:
    cmp edi, 3
    jne .not3
    lea rax, [rel zeptux_ap_entry]
.not3:
    ret

; long zeptux_cpu_index(): this CPU's index, from its per-CPU block (GS:16, hw.CpuLocal).
global zeptux_cpu_index:function
zeptux_cpu_index:
    mov rax, [gs:16]
    ret
