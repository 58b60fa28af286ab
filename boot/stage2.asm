; Zeptux stage 2: from real mode to the Java kernel in long mode.
;
; Loaded by stage 1 to 0x8000 and entered in 16-bit real mode with CS=DS=ES=SS=0 and the boot
; drive in DL. In order (Intel SDM vol. 3, 9.8.5 "Initializing IA-32e Mode"):
;   1. COM1 at 115200 8N1, so failures can be reported.
;   2. The BIOS e820 map (int 0x15, eax=0xE820) into BootInfo at 0x1000.
;   3. A20: BIOS, then port 0x92, then the keyboard controller, each verified.
;   4. GDT, protected mode (32-bit).
;   5. The kernel, read from the primary master (LBA28, polling) to physical 0x100000 by
;      bus-master DMA when a PCI IDE controller offers it, else (or after a DMA failure) by
;      PIO; then the
;      initramfs, if the boot table names one, to the first page after the kernel's end
;      (which must lie in one usable e820 range), its place and the command line in BootInfo.
;   6. Kernel header check, long mode check (CPUID), page tables at 0x10000:
;      the first 1 GiB identity-mapped with 2 MiB pages, the kernel at 0xffffffff80100000
;      with 4 KiB pages and its stack guard page left unmapped.
;   7. PAE, CR3, EFER.LME (and NXE when the CPU has NX), paging: long mode.
;   8. Jump to the kernel's entry with RDI = BootInfo, interrupts disabled.
; Every failure prints "Zeptux boot: <reason>" (screen and COM1), writes 0x12 to the
; isa-debug-exit port 0xF4 and halts. Layouts: docs/boot.md.

bits 16
org 0x8000

LOAD_TABLE      equ 0x7C00 + 0x1A0
LT_KERNEL_LBA   equ LOAD_TABLE + 8
LT_KERNEL_SECS  equ LOAD_TABLE + 12
BOOT_INFO       equ 0x1000
BI_E820_COUNT   equ BOOT_INFO + 12
BI_KERNEL_START equ BOOT_INFO + 16
BI_KERNEL_END   equ BOOT_INFO + 24
BI_DRIVE        equ BOOT_INFO + 32
BI_LOAD         equ BOOT_INFO + 36      ; u32 how the kernel was read: 0 PIO, 1 DMA, 2 PIO after a
                                        ; DMA error; bits 16-31 the bus-master registers' base
BI_INITRD       equ BOOT_INFO + 40      ; u64 physical address of the initramfs (0: none)
BI_INITRD_LEN   equ BOOT_INFO + 48      ; u64 its length in bytes
BI_CMDLINE      equ BOOT_INFO + 56      ; u64 physical address of the command line (NUL-terminated)
BI_E820         equ BOOT_INFO + 64
E820_MAX        equ 128
KERNEL_PHYS     equ 0x100000
KERNEL_VMA_LO   equ 0x80000000          ; low half of 0xffffffff80000000
PML4            equ 0x10000
PDPT_LOW        equ 0x11000
PD_LOW          equ 0x12000
PDPT_HIGH       equ 0x13000
PD_HIGH         equ 0x14000
PT_FIRST        equ 0x15000
PT_COUNT        equ 11                  ; 0x15000..0x1FFFF map virtual KERNEL_VMA + [0, 22 MiB)
KERNEL_MAX_END  equ PT_COUNT * 0x200000 ; highest physical end: the kernel is at most 21 MiB
COM1            equ 0x3F8
ATA_DATA        equ 0x1F0
ATA_COUNT       equ 0x1F2
ATA_DRIVE       equ 0x1F6
ATA_STATUS      equ 0x1F7
ATA_ALT         equ 0x3F6
PCI_ADDRESS     equ 0xCF8               ; PCI configuration mechanism #1
PCI_DATA        equ 0xCFC
BM_COMMAND      equ 0                   ; bus-master IDE registers (SFF-8038i), primary channel
BM_STATUS       equ 2
BM_PRDT         equ 4

    jmp near stage2                     ; stage 1 enters at the first byte

; The boot table, patched by the image builder (compiler/.../image/DiskImage.java): where the
; initramfs is and the kernel command line.
    times 8 - ($ - $$) db 0
boot_table:     db 'ZBTB'
bt_initrd_lba:  dd 0
bt_initrd_secs: dd 0
bt_initrd_len:  dd 0
bt_cmdline_len: dd 0
bt_cmdline:     times 256 db 0

stage2:
    cld
    mov [drive], dl
    call serial_init

    ; BootInfo: zero the page, then the header.
    mov di, BOOT_INFO
    mov cx, 4096 / 2
    xor ax, ax
    rep stosw
    mov dword [BOOT_INFO], 'ZEPT'
    mov dword [BOOT_INFO + 4], 'UXBI'
    mov dword [BOOT_INFO + 8], 2        ; version
    movzx eax, byte [drive]
    mov [BI_DRIVE], eax

    call e820
    call enable_a20

    ; ---- to 32-bit protected mode ----
    cli                                 ; no interrupts from here on (no IDT until the kernel's)
    lgdt [gdt_descriptor]
    mov eax, cr0
    or eax, 1                           ; PE
    mov cr0, eax
    jmp 0x08:protected                  ; far jump: CS = 32-bit code selector, prefetch flushed

; Collects the e820 map into BootInfo. Fails when the BIOS gives no usable map.
e820:
    mov di, BI_E820
    xor ebx, ebx                        ; continuation value: 0 = start
    xor bp, bp                          ; entries stored
.next:
    mov dword [di + 20], 1              ; ACPI 3 attributes for BIOSes that return 20 bytes
    mov eax, 0xE820
    mov edx, 0x534D4150                 ; 'SMAP'
    mov ecx, 24
    int 0x15
    jc .end                             ; CF: unsupported (first call) or past the end
    cmp eax, 0x534D4150
    jne .end
    cmp ecx, 20
    jb .skip                            ; malformed
    test byte [di + 20], 1              ; ACPI 3: bit 0 clear means "ignore this entry"
    jz .skip
    mov eax, [di + 8]
    or eax, [di + 12]
    jz .skip                            ; zero length
    add di, 24
    inc bp
    cmp bp, E820_MAX
    je .end
.skip:
    test ebx, ebx
    jnz .next
.end:
    movzx eax, bp
    mov [BI_E820_COUNT], eax
    test bp, bp
    jz .none
    ret
.none:
    mov si, msg_e820
    jmp fail16

; Enables the A20 line and verifies it; fails if no method works.
enable_a20:
    call a20_enabled
    jnz .done
    mov ax, 0x2401                      ; BIOS: enable A20
    int 0x15
    call a20_enabled
    jnz .done
    in al, 0x92                         ; "fast A20" via the system control port
    or al, 0x02
    and al, 0xFE                        ; never set bit 0: it resets the machine
    out 0x92, al
    call a20_enabled
    jnz .done
    ; The 8042 keyboard controller's output port, bit 1 = A20 (read, modify, write).
    call kbc_wait
    mov al, 0xAD                        ; disable the keyboard while we talk to the 8042
    out 0x64, al
    call kbc_wait
    mov al, 0xD0                        ; read the output port
    out 0x64, al
    call kbc_wait_data
    in al, 0x60
    push ax
    call kbc_wait
    mov al, 0xD1                        ; write the output port
    out 0x64, al
    call kbc_wait
    pop ax
    or al, 0x03                         ; A20 on; bit 0 = 1 means "do not reset"
    out 0x60, al
    call kbc_wait
    mov al, 0xAE                        ; enable the keyboard again
    out 0x64, al
    call kbc_wait
    mov cx, 0x1000
.retry:
    call a20_enabled                    ; the controller can be slow to switch
    jnz .done
    loop .retry
    mov si, msg_a20
    jmp fail16
.done:
    ret

; ZF clear if A20 is enabled: 0000:0500 and FFFF:0510 are different bytes.
a20_enabled:
    push ds
    push es
    xor ax, ax
    mov ds, ax
    not ax
    mov es, ax                          ; ES = 0xFFFF: ES:0x0510 is physical 0x100500
    mov bl, [ds:0x0500]
    mov bh, [es:0x0510]
    mov byte [ds:0x0500], 0x00
    mov byte [es:0x0510], 0xFF
    cmp byte [ds:0x0500], 0xFF          ; equal: the write wrapped around, A20 is off
    mov [es:0x0510], bh                 ; restore (mov leaves the flags alone)
    mov [ds:0x0500], bl
    pop es
    pop ds
    ret

; Waits (bounded) until the 8042's input buffer is empty (it accepts a command or data).
kbc_wait:
    mov cx, 0xFFFF
.poll:
    in al, 0x64
    test al, 0x02                       ; input buffer full
    loopnz .poll
    ret

; Waits (bounded) until the 8042's output buffer is full (a byte to read at port 0x60).
kbc_wait_data:
    mov cx, 0xFFFF
.poll:
    in al, 0x64
    test al, 0x01                       ; output buffer full
    loopz .poll
    ret

; Prints the string at SI (screen and COM1) and stops.
fail16:
    lodsb
    test al, al
    jz .stop
    push ax
    mov ah, 0x0E                        ; BIOS teletype
    xor bx, bx
    int 0x10
    mov dx, COM1 + 5
    mov cx, 0xFFFF
.thre:
    in al, dx                           ; bounded wait for THR empty
    test al, 0x20
    loopz .thre
    pop ax
    mov dx, COM1
    out dx, al
    jmp fail16
.stop:
    mov al, 0x12
    out 0xF4, al                        ; isa-debug-exit: boot failure (QEMU exits 37)
    cli
.forever:
    hlt
    jmp .forever

; ---------------------------------------------------------------------------------------
; 32-bit protected mode, paging off, interrupts off: flat segments 0x08 (code), 0x10 (data).
bits 32
protected:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov fs, ax
    mov gs, ax
    mov esp, 0x7C00

    call dma_init
    mov eax, [LT_KERNEL_LBA]
    mov ecx, [LT_KERNEL_SECS]
    test ecx, ecx
    jz .no_kernel
    cmp ecx, (KERNEL_MAX_END - KERNEL_PHYS) / 512
    ja .too_big                         ; never read past what the page tables can map
    mov edi, KERNEL_PHYS
    call ata_read
    jc .disk_error

    cmp dword [KERNEL_PHYS], 'ZEPT'     ; kernel header magic "ZEPTUXKH"
    jne .bad_kernel
    cmp dword [KERNEL_PHYS + 4], 'UXKH'
    jne .bad_kernel
    ; The image must lie in [0xffffffff80100000, 0xffffffff80000000 + 22 MiB).
    cmp dword [KERNEL_PHYS + 20], 0xFFFFFFFF
    jne .bad_kernel
    cmp dword [KERNEL_PHYS + 16], KERNEL_VMA_LO + KERNEL_PHYS
    jne .bad_kernel
    cmp dword [KERNEL_PHYS + 36], 0xFFFFFFFF
    jne .bad_kernel
    cmp dword [KERNEL_PHYS + 12], 0xFFFFFFFF ; the entry must lie in the image
    jne .bad_kernel
    mov eax, [KERNEL_PHYS + 8]
    cmp eax, KERNEL_VMA_LO + KERNEL_PHYS
    jb .bad_kernel
    cmp eax, [KERNEL_PHYS + 32]
    jae .bad_kernel
    mov eax, [KERNEL_PHYS + 32]         ; kernel end (virtual, low half)
    sub eax, KERNEL_VMA_LO              ; = physical end
    cmp eax, KERNEL_MAX_END
    ja .too_big                         ; unsigned: also catches an end below KERNEL_VMA
    mov dword [BI_KERNEL_START], KERNEL_PHYS
    mov [BI_KERNEL_END], eax
    mov dword [BI_CMDLINE], bt_cmdline
    call load_initramfs
    movzx eax, word [bm_base]           ; how it was read, for the kernel to say
    movzx ecx, word [bm_tried]
    test eax, eax
    jz .pio_load
    shl eax, 16
    or eax, 1                           ; DMA throughout
    jmp .load_mode
.pio_load:
    test ecx, ecx
    jz .load_mode                       ; no controller: PIO throughout (EAX = 0)
    shl ecx, 16
    lea eax, [ecx + 2]                  ; DMA failed: PIO after it
.load_mode:
    mov [BI_LOAD], eax

    call check_long_mode
    call build_page_tables

    ; ---- to 64-bit long mode (SDM 9.8.5) ----
    mov eax, cr4
    or eax, 1 << 5                      ; PAE
    mov cr4, eax
    mov eax, PML4
    mov cr3, eax
    mov ecx, 0xC0000080                 ; IA32_EFER
    rdmsr
    or eax, 1 << 8                      ; LME
    cmp byte [has_nx], 0
    je .no_nx
    or eax, 1 << 11                     ; NXE
.no_nx:
    wrmsr
    mov eax, cr0
    or eax, (1 << 31) | (1 << 16)       ; PG, WP
    mov cr0, eax                        ; EFER.LMA = 1: IA-32e mode, compatibility submode
    jmp 0x18:long_mode                  ; far jump to the L=1 code segment: 64-bit mode

.no_kernel:
    mov esi, msg_no_kernel
    jmp fail32
.disk_error:
    mov esi, msg_disk
    jmp fail32
.bad_kernel:
    mov esi, msg_bad_kernel
    jmp fail32
.too_big:
    mov esi, msg_too_big
    jmp fail32

; Fails unless CPUID reports long mode; notes whether the CPU has NX.
check_long_mode:
    pushfd                              ; CPUID exists if EFLAGS.ID can be toggled
    pop eax
    mov ecx, eax
    xor eax, 1 << 21
    push eax
    popfd
    pushfd
    pop eax
    push ecx
    popfd
    cmp eax, ecx
    je .no
    mov eax, 0x80000000
    cpuid
    cmp eax, 0x80000001
    jb .no
    mov eax, 0x80000001
    cpuid
    test edx, 1 << 29                   ; LM
    jz .no
    test edx, 1 << 20                   ; NX
    setnz byte [has_nx]
    ret
.no:
    mov esi, msg_no_long_mode
    jmp fail32

; Builds the boot page tables (see the file comment).
build_page_tables:
    mov edi, PML4
    mov ecx, (0x20000 - PML4) / 4
    xor eax, eax
    rep stosd
    mov dword [PML4], PDPT_LOW | 3              ; present, writable
    mov dword [PML4 + 511 * 8], PDPT_HIGH | 3
    mov dword [PDPT_LOW], PD_LOW | 3
    mov dword [PDPT_HIGH + 510 * 8], PD_HIGH | 3
    mov edi, PD_LOW                             ; identity map 0..1 GiB, 2 MiB pages
    mov eax, 0x83                               ; present, writable, PS
    mov ecx, 512
.identity:
    mov [edi], eax
    add eax, 0x200000
    add edi, 8
    loop .identity
    mov edi, PD_HIGH                            ; PD-high[i] -> PT i
    mov eax, PT_FIRST | 3
    mov ecx, PT_COUNT
.tables:
    mov [edi], eax
    add eax, 0x1000
    add edi, 8
    loop .tables
    mov ebx, [KERNEL_PHYS + 16]                 ; kernel pages: offset from KERNEL_VMA
    sub ebx, KERNEL_VMA_LO
    mov edx, [KERNEL_PHYS + 32]
    sub edx, KERNEL_VMA_LO
    mov esi, [KERNEL_PHYS + 40]                 ; the guard page, or 0
    sub esi, KERNEL_VMA_LO
.page:
    cmp ebx, edx
    jae .done
    cmp ebx, esi
    je .skip                                    ; leave the stack guard not present
    mov eax, ebx
    or eax, 3                                   ; physical = offset; present, writable
    mov ecx, ebx
    shr ecx, 12                                 ; PTs are contiguous: one entry per 4 KiB
    mov [PT_FIRST + ecx * 8], eax
.skip:
    add ebx, 0x1000
    jmp .page
.done:
    ret

; The initramfs, if the boot table names one: to the first page after the kernel's end (in
; BI_KERNEL_END), which with all its sectors must lie below 4 GiB in one usable e820 range.
; Fails the boot (with its reason) otherwise.
load_initramfs:
    mov ecx, [bt_initrd_secs]
    test ecx, ecx
    jz .none
    mov edi, [BI_KERNEL_END]
    add edi, 0xFFF
    and edi, ~0xFFF                     ; the destination
    mov eax, ecx
    cmp eax, 0x7FFFFF                   ; at most 4 GiB of sectors
    ja .no_room
    shl eax, 9
    add eax, edi                        ; the end of what is read
    jc .no_room                         ; past 4 GiB
    mov edx, eax
    ; A usable e820 entry (type 1) with base <= EDI and base + length >= EDX, all below 4 GiB.
    mov esi, BI_E820
    mov ebx, [BI_E820_COUNT]
.entry:
    test ebx, ebx
    jz .no_room
    cmp dword [esi + 16], 1
    jne .next
    cmp dword [esi + 4], 0              ; base above 4 GiB
    jne .next
    cmp [esi], edi
    ja .next
    cmp dword [esi + 12], 0             ; length of 4 GiB or more: reaches past EDX
    jne .found
    mov eax, [esi]
    add eax, [esi + 8]
    jc .found                           ; base + length past 4 GiB
    cmp eax, edx
    jae .found
.next:
    add esi, 24
    dec ebx
    jmp .entry
.found:
    mov [BI_INITRD], edi
    mov eax, [bt_initrd_len]
    mov [BI_INITRD_LEN], eax
    mov eax, [bt_initrd_lba]
    call ata_read                       ; ECX sectors from LBA EAX to EDI
    jc .disk_error
.none:
    ret
.no_room:
    mov esi, msg_initrd_room
    jmp fail32
.disk_error:
    mov esi, msg_initrd_disk
    jmp fail32

; Reads ECX sectors from LBA EAX to EDI over ATA PIO, 256 sectors per command at most.
; CF set on error.
ata_read:
.chunk:
    test ecx, ecx
    jz .ok
    mov ebx, ecx
    cmp ebx, 256
    jbe .count
    mov ebx, 256
.count:
    push eax
    push ecx
    mov ebp, eax
    cmp word [bm_base], 0
    je .pio
    call dma_read                       ; EBX sectors from LBA EBP to EDI
    jc .pio                             ; it failed and turned DMA off: the same sectors by PIO
    mov eax, ebx
    shl eax, 9
    add edi, eax
    jmp .next_chunk
.pio:
    mov al, 0x20                        ; READ SECTORS
    call ata_command
    jc .fail_pop
    mov esi, ebx
.sector:
    call delay400                       ; status is valid 400 ns after the command or a block
    mov ah, 0x08                        ; wait for DRQ: a sector is ready
    call ata_wait
    jc .fail_pop
    mov ecx, 256
    mov dx, ATA_DATA
    rep insw
    dec esi
    jnz .sector
.next_chunk:
    pop ecx
    pop eax
    add eax, ebx
    sub ecx, ebx
    jmp .chunk
.ok:
    clc
    ret
.fail_pop:
    pop ecx
    pop eax
    stc
    ret

; Issues command AL (LBA28) for EBX sectors (1 .. 256) from LBA EBP to the primary master: waits
; until the channel is not busy, selects the drive, waits 400 ns and again, writes the count and
; the LBA, then the command. CF set when a wait failed. Clobbers EAX, DX.
ata_command:
    push eax
    xor ah, ah                          ; no command pending: wait for BSY clear only
    call ata_wait
    jc .fail
    mov dx, ATA_DRIVE
    mov eax, ebp
    shr eax, 24
    and al, 0x0F
    or al, 0xE0                         ; LBA, master, bits 24-27
    out dx, al
    call delay400
    xor ah, ah
    call ata_wait                       ; the selected drive must not be busy either
    jc .fail
    mov dx, ATA_COUNT
    mov al, bl                          ; 256 is written as 0
    out dx, al
    mov eax, ebp
    inc dx                              ; 0x1F3..0x1F5: LBA bits 0-23
    out dx, al
    shr eax, 8
    inc dx
    out dx, al
    shr eax, 8
    inc dx
    out dx, al
    pop eax
    mov dx, ATA_STATUS
    out dx, al                          ; the command
    clc
    ret
.fail:
    pop eax
    stc
    ret

; Finds a PCI IDE controller (class 01h, subclass 01h) on bus 0 whose primary channel is in
; compatibility mode (at 0x1F0, prog-if bit 0 clear) and which can be a bus master (prog-if bit
; 7), with its bus-master registers in I/O space (BAR4); turns on its I/O decoding and bus
; mastering and keeps the registers' base in bm_base. Leaves bm_base 0 (PIO) when there is no
; configuration mechanism #1 or no such controller. Clobbers EAX, EBX, ECX, EDX, ESI.
dma_init:
    mov dx, PCI_ADDRESS                 ; mechanism #1 keeps bit 31 of what is written
    in eax, dx
    mov ebx, eax
    mov eax, 0x80000000
    out dx, eax
    in eax, dx
    xchg eax, ebx
    out dx, eax
    cmp ebx, 0x80000000
    jne .none
    xor esi, esi                        ; device << 3 | function, 0 .. 255
.function:
    mov eax, esi
    shl eax, 8
    or eax, 0x80000008                  ; bus 0, register 08h: class, subclass, prog-if, revision
    call pci_read
    mov ecx, eax
    shr ecx, 16
    cmp cx, 0x0101                      ; mass storage, IDE (an absent function reads all ones)
    jne .next
    test ah, 0x80                       ; prog-if bit 7: bus master
    jz .next
    test ah, 0x01                       ; prog-if bit 0: primary channel in native mode
    jnz .next
    mov eax, esi
    shl eax, 8
    or eax, 0x80000020                  ; BAR4: the bus-master registers
    call pci_read
    test al, 1                          ; I/O space
    jz .next
    and eax, 0xFFFC
    jz .next                            ; not assigned
    mov ecx, eax
    mov eax, esi
    shl eax, 8
    or eax, 0x80000004                  ; command register (the low word; the status word above it
    mov dx, PCI_ADDRESS                 ; has write-1-to-clear bits, so it is not written)
    out dx, eax
    mov dx, PCI_DATA
    in ax, dx
    or ax, 0x0005                       ; I/O space, bus master
    out dx, ax
    mov [bm_base], cx
    mov [bm_tried], cx
    ret
.next:
    inc esi
    cmp esi, 256
    jb .function
.none:
    ret

; The configuration dword whose address is EAX, into EAX. Clobbers DX.
pci_read:
    mov dx, PCI_ADDRESS
    out dx, eax
    mov dx, PCI_DATA
    in eax, dx
    ret

; Reads EBX sectors (1 .. 256) from LBA EBP to EDI (even, below 4 GiB) by bus-master DMA (READ
; DMA, SFF-8038i's sequence: PRD table, direction, clear status, the drive's command, start),
; polling the controller until its transfer ends. CF set on failure: the channel is reset, DMA is
; turned off for the rest of the boot (bm_base 0) and the caller reads the sectors by PIO.
dma_read:
    pushad
    ; The PRD table: [EDI, EDI + EBX * 512) cut where it crosses a 64 KiB boundary (128 KiB at
    ; most: three entries); each entry's count is 16 bits, 0 meaning 64 KiB; EOT on the last.
    mov ecx, ebx
    shl ecx, 9
    mov esi, prd_table
.entry:
    mov eax, edi
    and eax, 0xFFFF
    mov edx, 0x10000
    sub edx, eax                        ; bytes up to the next 64 KiB boundary
    cmp edx, ecx
    jbe .fill
    mov edx, ecx
.fill:
    mov [esi], edi
    mov [esi + 4], dx
    mov word [esi + 6], 0
    add edi, edx
    sub ecx, edx
    add esi, 8
    test ecx, ecx
    jnz .entry
    or word [esi - 2], 0x8000           ; end of table
    mov dx, [bm_base]
    xor al, al
    out dx, al                          ; stopped
    add dx, BM_STATUS
    in al, dx
    or al, 0x06                         ; clear the interrupt and error bits (write 1)
    out dx, al
    add dx, BM_PRDT - BM_STATUS
    mov eax, prd_table
    out dx, eax
    sub dx, BM_PRDT
    mov al, 0x08                        ; direction: the controller writes memory
    out dx, al
    mov al, 0xC8                        ; READ DMA
    call ata_command
    jc .fail
    mov dx, [bm_base]
    mov al, 0x09                        ; start, writing memory
    out dx, al
    add dx, BM_STATUS
    mov ecx, 0x4000000
.poll:
    in al, dx
    test al, 0x02                       ; the controller's error
    jnz .stop_fail
    test al, 0x01                       ; active until the last PRD entry is done
    jz .stopped
    dec ecx
    jnz .poll
.stop_fail:
    mov dx, [bm_base]
    xor al, al
    out dx, al
    jmp .fail
.stopped:
    mov dx, [bm_base]
    xor al, al
    out dx, al                          ; stop (SFF-8038i: after the transfer, clear start)
    xor ah, ah
    call ata_wait                       ; the drive ends its command
    jc .fail
    mov dx, ATA_STATUS
    in al, dx
    test al, 0x29                       ; ERR, DF, or DRQ still asking for data
    jnz .fail
    popad
    clc
    ret
.fail:
    mov word [bm_base], 0               ; PIO from now on
    mov dx, ATA_ALT
    mov al, 0x06                        ; SRST, nIEN: reset the channel
    out dx, al
    mov ecx, 16                         ; SRST held at least 5 us
.hold:
    call delay400
    loop .hold
    mov al, 0x02
    out dx, al
    mov ecx, 5000                       ; 2 ms before BSY may be looked at (ATA/ATAPI-6 9.2)
.settle:
    call delay400
    loop .settle
    xor ah, ah
    call ata_wait
    popad
    stc
    ret

; Waits (bounded) until BSY is clear and, if AH = 0x08, DRQ is set. CF set on timeout, when
; the status reads 0xFF (no drive: the bus floats high) or, when waiting for data, on ERR or
; DF. Clobbers AL, DX.
ata_wait:
    push ecx
    mov ecx, 0x4000000
    mov dx, ATA_STATUS
.poll:
    in al, dx
    cmp al, 0xFF
    je .fail
    test al, 0x80                       ; BSY: the other bits are not valid yet
    jnz .again
    test ah, ah
    jz .done                            ; only waiting for BSY to clear
    test al, 0x21                       ; ERR or DF
    jnz .fail
    test al, ah                         ; DRQ
    jnz .done
.again:
    dec ecx
    jnz .poll
.fail:
    pop ecx
    stc
    ret
.done:
    pop ecx
    clc
    ret

delay400:
    push eax
    push edx
    mov dx, ATA_ALT
    in al, dx
    in al, dx
    in al, dx
    in al, dx
    pop edx
    pop eax
    ret

; Prints the string at ESI on COM1 and the top line of the VGA text screen, and stops.
fail32:
    push esi
    mov edi, 0xB8000
.screen:
    lodsb
    test al, al
    jz .serial
    cmp al, 13
    jb .screen                          ; skip CR/LF on the screen
    mov ah, 0x4F                        ; white on red
    stosw
    jmp .screen
.serial:
    pop esi
    call serial_print
    jmp halt

; Prints the NUL-terminated string at ESI on COM1 (bounded waits).
serial_print:
.next:
    mov al, [esi]
    test al, al
    jz .done
    mov ah, al
    mov dx, COM1 + 5
    mov ecx, 0x100000
.thre:
    in al, dx
    test al, 0x20                       ; THR empty
    jnz .send
    dec ecx
    jnz .thre
.send:
    mov al, ah
    mov dx, COM1
    out dx, al
    inc esi
    jmp .next
.done:
    ret

halt:
    mov al, 0x12
    out 0xF4, al                        ; isa-debug-exit: boot failure (QEMU exits 37)
    cli
.forever:
    hlt
    jmp .forever

; ---------------------------------------------------------------------------------------
; 64-bit long mode (CS = 0x18), on the boot page tables, interrupts off.
bits 64
long_mode:
    mov ax, 0x20
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor ax, ax
    mov fs, ax
    mov gs, ax
    mov rsp, 0x7C00
    mov edi, BOOT_INFO                  ; first argument: BootInfo (zero-extends into RDI)
    mov rax, [KERNEL_PHYS + 8]          ; entry, a higher-half address
    jmp rax

; ---------------------------------------------------------------------------------------
; Back to 16-bit real-mode code (called before the switch).
bits 16
; Initialises COM1: 115200 baud (divisor 1), 8N1, FIFO on.
serial_init:
    mov dx, COM1 + 1
    xor al, al
    out dx, al                          ; no UART interrupts
    mov dx, COM1 + 3
    mov al, 0x80                        ; DLAB: divisor latch
    out dx, al
    mov dx, COM1
    mov al, 1                           ; divisor 1: 115200 baud
    out dx, al
    inc dx
    xor al, al
    out dx, al
    mov dx, COM1 + 3
    mov al, 0x03                        ; 8 data bits, no parity, 1 stop bit
    out dx, al
    mov dx, COM1 + 2
    mov al, 0xC7                        ; FIFO on and cleared, 14-byte threshold
    out dx, al
    mov dx, COM1 + 4
    mov al, 0x03                        ; DTR, RTS
    out dx, al
    ret

align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF               ; 0x08: 32-bit code, base 0, 4 GiB
    dq 0x00CF92000000FFFF               ; 0x10: data, base 0, 4 GiB
    dq 0x00AF9A000000FFFF               ; 0x18: 64-bit code (L=1, D=0)
    dq 0x00CF92000000FFFF               ; 0x20: 64-bit data
gdt_end:
gdt_descriptor:
    dw gdt_end - gdt - 1
    dd gdt

drive:  db 0
has_nx: db 0
bm_base: dw 0                           ; the bus-master registers' I/O base, or 0: PIO
bm_tried: dw 0                          ; the base dma_init found, even after a failure
align 8
prd_table: times 4 dq 0                 ; physical region descriptors (in one 64 KiB: below 0x10000)

msg_e820:         db "Zeptux boot: the BIOS gave no e820 memory map", 13, 10, 0
msg_a20:          db "Zeptux boot: cannot enable the A20 line", 13, 10, 0
msg_no_kernel:    db "Zeptux boot: the load table names no kernel", 13, 10, 0
msg_disk:         db "Zeptux boot: disk error reading the kernel (ATA, primary master)", 13, 10, 0
msg_bad_kernel:   db "Zeptux boot: no Zeptux kernel header at 1 MiB", 13, 10, 0
msg_initrd_room:  db "Zeptux boot: no usable memory for the initramfs after the kernel", 13, 10, 0
msg_initrd_disk:  db "Zeptux boot: disk error reading the initramfs (ATA, primary master)", 13, 10, 0
msg_too_big:      db "Zeptux boot: the kernel is larger than the 21 MiB the boot page tables map", 13, 10, 0
msg_no_long_mode: db "Zeptux boot: this CPU has no 64-bit long mode", 13, 10, 0

%if $ - $$ > 32768
%error "stage 2 is larger than 32 KiB (it must end below 0x10000)"
%endif
