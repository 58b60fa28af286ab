/* auxv: the initial stack as the System V ABI and Linux lay it out: argc, argv, envp and the
   auxiliary vector (AT_PAGESZ, AT_PHDR, AT_PHENT, AT_PHNUM, AT_ENTRY, AT_RANDOM, AT_UID...).
   Prints argc, argv[0]'s last component and argv[2...] (argv[1] is the data directory), and the
   environment. */
#include "check.h"
#include <elf.h>
#include <sys/auxv.h>

extern char _start[];
extern char **environ;

int main(int argc, char **argv) {
    start(argc, argv);
    say("argc %d\n", argc);
    const char *base = strrchr(argv[0], '/');
    say("argv[0] ends in %s\n", base != NULL ? base + 1 : argv[0]);
    for (int i = 2; i < argc; i++) {
        say("argv[%d] \"%s\"\n", i, argv[i]);
    }
    CHECK(argv[argc] == NULL, "argv ends with NULL");
    int envc = 0;
    while (environ[envc] != NULL) {
        say("envp[%d] \"%s\"\n", envc, environ[envc]);
        envc++;
    }
    say("envc %d\n", envc);
    unsigned long *auxv = (unsigned long *) (environ + envc + 1);
    int entries = 0, page_found = 0;
    for (unsigned long *a = auxv; a[0] != AT_NULL; a += 2) {
        entries++;
        page_found |= a[0] == AT_PAGESZ && a[1] == 4096;
    }
    CHECK(entries > 0 && page_found, "the auxiliary vector follows envp's NULL, AT_PAGESZ in it");
    CHECK((unsigned long) argv[0] > (unsigned long) (auxv + 2 * entries + 1),
          "argv's strings lie above the vectors, on the stack");
    CHECK(((unsigned long) argv - 8) % 16 == 0, "argc's slot (the initial stack pointer) is 16-byte aligned");

    CHECK(getauxval(AT_PAGESZ) == 4096, "AT_PAGESZ 4096");
    CHECK(getauxval(AT_PHENT) == sizeof(Elf64_Phdr), "AT_PHENT 56");
    unsigned long phnum = getauxval(AT_PHNUM);
    const Elf64_Phdr *ph = (const Elf64_Phdr *) getauxval(AT_PHDR);
    CHECK(phnum > 0 && ph != NULL, "AT_PHNUM > 0 and AT_PHDR set");
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *) ((const char *) ph - 64);
    CHECK(memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_phoff == 64,
          "the ELF header lies mapped just before AT_PHDR (e_phoff 64)");
    CHECK(eh->e_phnum == phnum && eh->e_phentsize == sizeof(Elf64_Phdr), "AT_PHNUM is the header's e_phnum");
    /* The load bias: 0 for ET_EXEC; for a static PIE, where the kernel put it (AT_PHDR against PT_PHDR,
       or the first PT_LOAD that maps the headers). */
    unsigned long bias = 0;
    for (unsigned long i = 0; i < phnum; i++) {
        if (ph[i].p_type == PT_PHDR) {
            bias = (unsigned long) ph - ph[i].p_vaddr;
        }
    }
    if (eh->e_type == ET_DYN && bias == 0) {
        for (unsigned long i = 0; i < phnum; i++) {
            if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0) {
                bias = (unsigned long) eh - ph[i].p_vaddr;
                break;
            }
        }
    }
    CHECK(eh->e_type == ET_EXEC ? bias == 0 : bias != 0 && bias % 4096 == 0,
          "the load bias is 0 for ET_EXEC, a page multiple for a static PIE");
    int loads = 0, covers = 0;
    for (unsigned long i = 0; i < phnum; i++) {
        if (ph[i].p_type == PT_LOAD) {
            loads++;
            unsigned long va = ph[i].p_vaddr + bias;
            covers |= va <= (unsigned long) _start && (unsigned long) _start < va + ph[i].p_memsz && (ph[i].p_flags & PF_X);
        }
    }
    CHECK(loads > 0 && covers, "an executable PT_LOAD segment holds _start");
    CHECK(getauxval(AT_ENTRY) == (unsigned long) _start && eh->e_entry + bias == (unsigned long) _start,
          "AT_ENTRY and e_entry (plus the bias) are the address of _start");
    const unsigned char *random = (const unsigned char *) getauxval(AT_RANDOM);
    int nonzero = 0;
    for (int i = 0; random != NULL && i < 16; i++) {
        nonzero |= random[i];
    }
    CHECK(random != NULL && nonzero, "AT_RANDOM: 16 readable bytes, not all zero");
    CHECK(getauxval(AT_UID) == (unsigned long) getuid() && getauxval(AT_EUID) == (unsigned long) geteuid()
          && getauxval(AT_GID) == (unsigned long) getgid() && getauxval(AT_EGID) == (unsigned long) getegid(),
          "AT_UID, AT_EUID, AT_GID, AT_EGID agree with the system calls");
    CHECK(getauxval(AT_SECURE) == 0, "AT_SECURE 0");
    return done("auxv");
}
