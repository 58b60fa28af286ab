package org.zeptux.kernel.proc;

import org.zeptux.kernel.fs.Vfs;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.mm.AddressSpace;

/**
 * mmap, munmap and mprotect over a process's {@link AddressSpace}: anonymous memory (private,
 * or MAP_SHARED: shared with the children a fork makes; /dev/zero mapped is the same, as Linux's
 * shared anonymous memory) and private mappings of the root's files (a copy of the file's bytes, zero past its end), every
 * page allocated at the call (never overcommitted: -ENOMEM instead). Write and execute together
 * are refused (-EACCES), as W^X wants.
 */
final class MemoryCalls {
    private MemoryCalls() {}

    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int PROT_EXEC = 4;
    static final int MAP_SHARED = 0x01;
    static final int MAP_PRIVATE = 0x02;
    static final int MAP_SHARED_VALIDATE = 0x03;
    static final int MAP_TYPE = 0x0F;
    static final int MAP_FIXED = 0x10;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_FIXED_NOREPLACE = 0x100000;
    static final long PAGE = AddressSpace.PAGE;

    private static int prot(long prot) {
        return (int) prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
    }

    static long mmap(Process p, long address, long length, long prot, long flags, long fd, long offset) {
        Files.File file = (flags & MAP_ANONYMOUS) == 0 ? Files.get(p, fd) : null;
        try {
            return mmap(p, address, length, prot, flags, fd, offset, file);
        } finally {
            Files.put(p, file);                     // held while its bytes are read: another thread may close it
        }
    }

    private static long mmap(Process p, long address, long length, long prot, long flags, long fd, long offset,
            Files.File opened) {
        AddressSpace space = p.space;
        long type = flags & MAP_TYPE;
        if (length <= 0 || (offset & (PAGE - 1)) != 0 || type != MAP_SHARED && type != MAP_PRIVATE
                && type != MAP_SHARED_VALIDATE || (prot & ~7) != 0) {
            return -Errno.EINVAL;
        }
        if (length > AddressSpace.STACK_TOP) {
            return -Errno.ENOMEM;
        }
        if ((prot & PROT_WRITE) != 0 && (prot & PROT_EXEC) != 0) {
            return -Errno.EACCES;
        }
        length = (length + PAGE - 1) & -PAGE;
        Files.File file = opened;
        if ((flags & MAP_ANONYMOUS) == 0) {
            if (file == null) {
                return -Errno.EBADF;
            }
            int access = file.flags & Files.O_ACCMODE;
            if (file.kind == Files.CHAR && file.device == Devices.ZERO) {
                if (access == Files.O_WRONLY || type != MAP_PRIVATE && (prot & PROT_WRITE) != 0 && access != Files.O_RDWR) {
                    return -Errno.EACCES;               // Linux's checks: readable, and writable for a shared writable map
                }
                file = null;                            // anonymous memory: private, or shared with fork's children
            } else if (file.kind != Files.REGULAR) {
                return -Errno.ENODEV;
            } else if (type != MAP_PRIVATE && (prot & PROT_WRITE) != 0) {
                return -Errno.EACCES;                   // shared, writable mappings of files are not implemented
            }
        }
        int how = (flags & MAP_FIXED) != 0 ? AddressSpace.AT_FIXED
                : (flags & MAP_FIXED_NOREPLACE) != 0 ? AddressSpace.AT_FIXED_NOREPLACE : AddressSpace.AT_HINT;
        if (how != AddressSpace.AT_HINT && ((address & (PAGE - 1)) != 0 || address < AddressSpace.MMAP_MIN
                || address >= AddressSpace.STACK_TOP || length > AddressSpace.STACK_TOP - address)) {
            return -Errno.EINVAL;
        }
        int kind = file != null ? AddressSpace.FILE : type == MAP_PRIVATE ? AddressSpace.ANONYMOUS : AddressSpace.SHARED;
        byte[] io = p.io;
        long at = space.mapAt(address, length, prot(prot), kind, how, io);     // placed and mapped in one step under its lock
        if (at < 0) {
            return at;
        }
        if (file != null) {
            // The file is read with the space's lock let go (the VFS sleeps); its bytes go in only
            // while no unmap came between (another thread's MAP_FIXED over the range keeps its own).
            long since = Elf.u64(io, 0);
            long done = 0;
            while (done < length) {
                int got = (int) Vfs.readKernel(file.inode, offset + done, io, 0, (int) Math.min(length - done, io.length));
                if (got <= 0 || !space.writeIfUnchanged(since, at + done, io, 0, got)) {
                    break;
                }
                done += got;
            }
        }
        return at;
    }

    static long munmap(Process p, long address, long length) {
        if ((address & (PAGE - 1)) != 0 || length <= 0) {
            return -Errno.EINVAL;
        }
        return p.space.unmap(address, length);
    }

    static long mprotect(Process p, long address, long length, long prot) {
        if ((address & (PAGE - 1)) != 0 || (prot & ~7) != 0 || length < 0) {
            return -Errno.EINVAL;
        }
        if ((prot & PROT_WRITE) != 0 && (prot & PROT_EXEC) != 0) {
            return -Errno.EACCES;
        }
        if (length == 0) {
            return 0;
        }
        return p.space.protect(address, length, prot(prot));
    }
}
