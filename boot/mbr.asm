; Zeptux stage 1: the master boot record.
;
; The BIOS loads this sector to 0x7C00 and jumps to it in 16-bit real mode with the boot
; drive in DL. It loads stage 2 (stage2_sectors sectors from LBA 1) to 0x8000 over ATA PIO on
; the primary channel (ports 0x1F0-0x1F7, 0x3F6), LBA28, polling -- no BIOS disk services --
; and jumps to it with DL preserved. The image builder patches the load table at 0x1A0.
; On any failure it prints the reason on the screen and COM1, writes 0x12 to the
; isa-debug-exit port 0xF4 (QEMU then exits with status 37; harmless on real hardware)
; and halts. See docs/boot.md.

bits 16
org 0x7C00

ATA_DATA    equ 0x1F0
ATA_COUNT   equ 0x1F2
ATA_LBA0    equ 0x1F3
ATA_DRIVE   equ 0x1F6
ATA_STATUS  equ 0x1F7               ; read: status; write: command
ATA_ALT     equ 0x3F6               ; alternate status (reading it has no side effects)
ATA_READ    equ 0x20                ; READ SECTORS (PIO, LBA28)
COM1        equ 0x3F8
STAGE2      equ 0x8000

start:
    cli
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7C00                  ; stack grows down below the MBR
    jmp 0:.flush                    ; some BIOSes enter at 07C0:0000; make CS 0
.flush:
    sti
    cld
    mov [boot_drive], dl
    cmp dword [load_table], 'ZLDT'
    jne .no_table
    mov cx, [stage2_sectors]
    jcxz .no_table
    cmp cx, 64                      ; stage 2 must fit below 0x10000
    ja .no_table
    mov eax, 1                      ; stage 2 starts right after the MBR
    mov di, STAGE2
    call ata_read
    jc .disk_error
    mov dl, [boot_drive]
    jmp 0:STAGE2
.no_table:
    mov si, msg_table
    jmp fail
.disk_error:
    mov si, msg_disk
    ; fall through

; Prints the string at SI on the screen and COM1, reports the failure to QEMU, halts.
fail:
    mov dx, COM1 + 3
    mov al, 0x03                    ; 8N1 (whatever the BIOS left the divisor at)
    out dx, al
.next:
    lodsb
    test al, al
    jz .halt
    mov ah, 0x0E                    ; BIOS teletype output
    xor bx, bx
    push ax
    int 0x10
    pop ax
    mov dx, COM1 + 5
    mov cx, 0xFFFF
.thre:
    in al, dx                       ; wait (bounded) for the transmitter holding register
    test al, 0x20
    loopz .thre
    mov al, [si - 1]                ; the character again (AL was the status)
    mov dx, COM1
    out dx, al
    jmp .next
.halt:
    mov al, 0x12
    out 0xF4, al                    ; isa-debug-exit: boot failure
    cli
.forever:
    hlt
    jmp .forever

; Reads CX sectors (1..255) from LBA EAX into ES:DI. CF set on error.
ata_read:
    mov ebx, eax
    xor ah, ah                      ; no command pending: wait for BSY clear only
    call ata_wait
    jc .ret
    mov dx, ATA_DRIVE
    mov eax, ebx
    shr eax, 24
    and al, 0x0F
    or al, 0xE0                     ; LBA mode, master, LBA bits 24-27
    out dx, al
    call delay400
    xor ah, ah
    call ata_wait                   ; the selected drive must not be busy either
    jc .ret
    mov dx, ATA_COUNT
    mov al, cl
    out dx, al
    mov eax, ebx
    inc dx                          ; 0x1F3: LBA bits 0-7
    out dx, al
    shr eax, 8
    inc dx                          ; 0x1F4: bits 8-15
    out dx, al
    shr eax, 8
    inc dx                          ; 0x1F5: bits 16-23
    out dx, al
    mov dx, ATA_STATUS
    mov al, ATA_READ
    out dx, al
.sector:
    call delay400                   ; status is valid 400 ns after the command or a data block
    mov ah, 0x08                    ; wait for DRQ: a sector is ready
    call ata_wait
    jc .ret
    push cx
    mov cx, 256
    mov dx, ATA_DATA
    rep insw
    pop cx
    loop .sector                    ; CF is clear here (from ata_wait)
.ret:
    ret

; Waits (bounded) until BSY is clear and, if AH = 0x08, DRQ is set. CF set on timeout, when
; the status reads 0xFF (no drive: the bus floats high) or, when waiting for data, on ERR or
; DF. Clobbers AL, DX.
ata_wait:
    push ecx
    mov ecx, 0x800000
    mov dx, ATA_STATUS
.poll:
    in al, dx
    cmp al, 0xFF
    je .fail
    test al, 0x80                   ; BSY: the other bits are not valid yet
    jnz .again
    test ah, ah
    jz .done                        ; only waiting for BSY to clear
    test al, 0x21                   ; ERR or DF
    jnz .fail
    test al, ah                     ; DRQ
    jnz .done
.again:
    dec ecx
    jnz .poll
.fail:
    stc
    pop ecx
    ret
.done:
    clc                             ; (test already cleared CF; explicit for the reader)
    pop ecx
    ret

; About 400 ns: four reads of the alternate status register.
delay400:
    push dx
    push ax
    mov dx, ATA_ALT
    in al, dx
    in al, dx
    in al, dx
    in al, dx
    pop ax
    pop dx
    ret

msg_table:  db "Zeptux boot: no load table (image not built by zeptuxc image)", 13, 10, 0
msg_disk:   db "Zeptux boot: disk error reading stage 2 (ATA PIO, primary master)", 13, 10, 0
boot_drive: db 0

    times 0x1A0 - ($ - $$) db 0     ; fails to assemble if the code grows past 0x1A0

; The load table, patched by the image builder (docs/boot.md).
load_table:     db 'ZLDT'
stage2_sectors: dw 0
                dw 0
kernel_lba:     dd 0
kernel_sectors: dd 0

    times 0x1FE - ($ - $$) db 0     ; disk signature and partition table: written by the builder
    db 0x55, 0xAA
