package org.zeptux.kernel.proc;

import org.zeptux.kernel.fs.Vfs;
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
        Files.File file = null;
        if ((flags & MAP_ANONYMOUS) == 0) {
            file = Files.get(p, fd);
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
        long at;
        if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0) {
            if ((address & (PAGE - 1)) != 0 || address < AddressSpace.MMAP_MIN || address >= AddressSpace.STACK_TOP
                    || length > AddressSpace.STACK_TOP - address) {
                return -Errno.EINVAL;
            }
            if (space.overlaps(address, address + length)) {
                if ((flags & MAP_FIXED) == 0) {
                    return -Errno.EEXIST;
                }
                int error = space.unmap(address, length);
                if (error != 0) {
                    return error;
                }
            }
            at = address;
        } else if (address != 0 && (address & (PAGE - 1)) == 0 && address >= AddressSpace.MMAP_MIN
                && address < AddressSpace.MMAP_TOP && length <= AddressSpace.MMAP_TOP - address
                && !space.overlaps(address, address + length)) {
            at = address;                               // the hint, where it is free
        } else {
            at = space.findFree(length);
            if (at == 0) {
                return -Errno.ENOMEM;
            }
        }
        int kind = file != null ? AddressSpace.FILE : type == MAP_PRIVATE ? AddressSpace.ANONYMOUS : AddressSpace.SHARED;
        int error = space.map(at, length, prot(prot), kind);
        if (error != 0) {
            return error;
        }
        if (file != null) {
            byte[] io = p.io;
            long done = 0;
            while (done < length) {
                int got = (int) Vfs.readKernel(file.inode, offset + done, io, 0, (int) Math.min(length - done, io.length));
                if (got <= 0) {
                    break;
                }
                space.write(at + done, io, 0, got);
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
