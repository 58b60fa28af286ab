package org.zeptux.rt.hosted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;
import org.zeptux.rt.Syscall;

/**
 * On the JVM there are no system calls: every system call of {@link Linux} and every
 * {@code Syscall.callN} throws the same UnsupportedOperationException, before it looks at its
 * arguments. (Compiled hosted, they are the system calls: compiler/.../LinuxCallsTests.)
 */
class LinuxOnTheJvmTests {
    private static final String MESSAGE = "system calls exist only in zeptuxc's hosted target";
    /** The wait-status readers: no system call. */
    private static final java.util.Set<String> DECODERS = java.util.Set.of("exited", "exitCode", "signaled", "termSignal");

    @Test
    void everySystemCallThrowsUnsupportedOperation() throws Exception {
        int calls = 0;
        for (Method m : Linux.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || DECODERS.contains(m.getName())
                    || m.getName().startsWith("dirent") || m.getName().startsWith("siginfo")) {
                continue;                           // the readers of records and statuses decode bytes: no system call
            }
            Object[] args = new Object[m.getParameterCount()];
            Class<?>[] types = m.getParameterTypes();
            for (int i = 0; i < args.length; i++) {
                args[i] = types[i] == int.class ? (Object) 0 : types[i] == long.class ? (Object) 0L : null;
            }
            InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> m.invoke(null, args),
                    m.toString());
            assertInstanceOf(UnsupportedOperationException.class, e.getCause(), m.toString());
            assertEquals(MESSAGE, e.getCause().getMessage(), m.toString());
            calls++;
        }
        assertTrue(calls >= 40, calls + " methods");
    }

    @Test
    void rawSystemCallsThrowTheSame() {
        assertEquals(MESSAGE, assertThrows(UnsupportedOperationException.class, () -> Syscall.call0(39)).getMessage());
        assertEquals(MESSAGE, assertThrows(UnsupportedOperationException.class,
                () -> Syscall.call6(9, 0, 4096, 3, 0x22, -1, 0)).getMessage());
    }

    @Test
    void direntRecordsDecodeOnTheJvm() {
        // linux_dirent64: d_ino 7, d_off, d_reclen 24, d_type DT_REG, "ab\0" and padding.
        byte[] b = new byte[24];
        b[0] = 7;
        b[16] = 24;
        b[18] = (byte) Linux.DT_REG;
        b[19] = 'a';
        b[20] = 'b';
        assertEquals(7, Linux.direntInode(b, 0));
        assertEquals(24, Linux.direntLength(b, 0));
        assertEquals(Linux.DT_REG, Linux.direntType(b, 0));
        assertEquals(2, Linux.direntNameLength(b, 0));
    }

    @Test
    void waitStatusesAndSiginfoDecodeOnTheJvm() {
        int exited3 = 3 << 8;
        assertTrue(Linux.exited(exited3));
        assertEquals(3, Linux.exitCode(exited3));
        assertTrue(!Linux.signaled(exited3));
        int killed = Linux.SIGKILL;
        assertTrue(!Linux.exited(killed));
        assertTrue(Linux.signaled(killed));
        assertEquals(Linux.SIGKILL, Linux.termSignal(killed));
        assertTrue(!Linux.signaled(0x137f), "stopped by SIGSTOP (0x7f) is neither");
        // siginfo_t of SIGCHLD: si_signo 17, si_errno 0, si_code CLD_EXITED (1), si_pid 1234, si_uid 0, si_status 3.
        byte[] info = new byte[Linux.SIGINFO_SIZE];
        info[0] = 17;
        info[8] = 1;
        info[16] = (byte) 0xD2;
        info[17] = 0x04;
        info[24] = 3;
        assertEquals(Linux.SIGCHLD, Linux.siginfoSigno(info));
        assertEquals(1, Linux.siginfoCode(info));
        assertEquals(1234, Linux.siginfoPid(info));
        assertEquals(3, Linux.siginfoStatus(info));
    }
}
