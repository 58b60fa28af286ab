package org.zeptux.compiler.toolchain;

/** An external tool, by the versioned name zeptuxc runs, and the Debian package that has it. */
public enum Tool {
    OPT("opt-19", "llvm-19"),
    LLC("llc-19", "llvm-19"),
    DIS("llvm-dis-19", "llvm-19"),
    SPLIT("llvm-split-19", "llvm-19"),
    OBJCOPY("llvm-objcopy-19", "llvm-19"),
    OBJDUMP("llvm-objdump-19", "llvm-19"),
    READELF("llvm-readelf-19", "llvm-19"),
    NM("llvm-nm-19", "llvm-19"),
    SYMBOLIZER("llvm-symbolizer-19", "llvm-19"),
    LLD("ld.lld-19", "lld-19"),
    NASM("nasm", "nasm");

    public final String command;
    public final String debianPackage;

    Tool(String command, String debianPackage) {
        this.command = command;
        this.debianPackage = debianPackage;
    }
}
