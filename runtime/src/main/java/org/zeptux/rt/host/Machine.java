package org.zeptux.rt.host;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated PC for running kernel code on the JVM: sparse little-endian memory and an I/O
 * bus with devices attached by port range. Unclaimed ports read as all ones and ignore writes,
 * like an empty ISA bus. Memory never written reads as zero.
 *
 * <p>Each thread has its own current machine: install one with {@link #install}, which
 * returns a handle that restores the previous machine when closed.
 */
public final class Machine {
    private static final int PAGE = 4096;
    private static final ThreadLocal<Machine> CURRENT = new ThreadLocal<>();

    private final Map<Long, byte[]> pages = new HashMap<>();
    private final TreeMap<Integer, Attachment> devices = new TreeMap<>();
    private final Map<Integer, Long> msrs = new HashMap<>();
    private final long[] controlRegisters = new long[5];
    private final Map<Long, int[]> cpuid = new HashMap<>();
    private long tsc;
    private long gdtr;
    private long idtr;
    private long invalidations;
    private long fences;
    private final Map<Object, Long> objectAddresses = new java.util.IdentityHashMap<>();
    private long nextObjectAddress = 0x7000_0000_0000L;
    private boolean interruptsEnabled;
    private int taskRegister;
    private long pauses;
    private long halts;

    private record Attachment(int first, int count, PortDevice device) {}

    /** Restores the previously installed machine when closed. */
    public interface Installation extends AutoCloseable {
        @Override
        void close();
    }

    /** The machine the runtime API runs against on this thread. */
    public static Machine current() {
        Machine m = CURRENT.get();
        if (m == null) {
            throw new IllegalStateException("no simulated machine is installed on this thread; "
                    + "call Machine.install(new Machine()) before running kernel code on the JVM");
        }
        return m;
    }

    /** Makes {@code m} this thread's current machine until the returned handle is closed. */
    public static Installation install(Machine m) {
        Machine previous = CURRENT.get();
        CURRENT.set(m);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** Attaches {@code device} at ports {@code first .. first + count - 1}. */
    public Machine attach(int first, int count, PortDevice device) {
        Map.Entry<Integer, Attachment> below = devices.floorEntry(first + count - 1);
        if (below != null && below.getValue().first + below.getValue().count > first) {
            throw new IllegalArgumentException("ports 0x" + Integer.toHexString(first) + " overlap a device");
        }
        devices.put(first, new Attachment(first, count, device));
        return this;
    }

    private Attachment at(int port) {
        Map.Entry<Integer, Attachment> e = devices.floorEntry(port);
        if (e == null || port >= e.getValue().first + e.getValue().count) {
            return null;
        }
        return e.getValue();
    }

    /** Port input of {@code size} bytes, zero-extended. */
    public int in(int port, int size) {
        port &= 0xFFFF;
        Attachment a = at(port);
        int mask = size == 4 ? -1 : (1 << (size * 8)) - 1;
        return a == null ? mask : a.device.in(port - a.first, size) & mask;
    }

    /** Port output of the low {@code size} bytes of {@code value}. */
    public void out(int port, int size, int value) {
        port &= 0xFFFF;
        Attachment a = at(port);
        if (a != null) {
            int mask = size == 4 ? -1 : (1 << (size * 8)) - 1;
            a.device.out(port - a.first, size, value & mask);
        }
    }

    /** Loads {@code size} bytes at {@code address}, little-endian, zero-extended. */
    public long load(long address, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | loadByte(address + i);
        }
        return v;
    }

    /** Stores the low {@code size} bytes of {@code value} at {@code address}, little-endian. */
    public void store(long address, int size, long value) {
        for (int i = 0; i < size; i++) {
            storeByte(address + i, (int) (value >>> (8 * i)));
        }
    }

    private int loadByte(long address) {
        byte[] page = pages.get(address & -PAGE);
        return page == null ? 0 : page[(int) (address & (PAGE - 1))] & 0xFF;
    }

    private void storeByte(long address, int b) {
        pages.computeIfAbsent(address & -PAGE, k -> new byte[PAGE])[(int) (address & (PAGE - 1))] = (byte) b;
    }

    // ---- objects placed by pools (org.zeptux.rt.RawObjects) ----

    /** The class word of freed objects on the JVM (compiled: the address of zeptux_freed_class). */
    public static final long FREED_CLASS_WORD = 0xF4EE_D000_0000_0000L;
    private final Map<Class<?>, Long> classWords = new java.util.HashMap<>();

    /** A stable class word per class, as compiled code's class info addresses are. */
    public long classWord(Class<?> type) {
        return classWords.computeIfAbsent(type, t -> 0xC1A5_5000_0000_0000L + 64L * classWords.size());
    }

    /** See {@link org.zeptux.rt.RawObjects#sizeOf}. */
    public int sizeOf(Class<?> type) {
        if (type.isArray()) {
            Class<?> e = type.getComponentType();
            return e == byte.class || e == boolean.class ? 1 : e == char.class || e == short.class ? 2
                    : e == int.class ? 4 : 8;
        }
        int end = 8;
        java.util.List<Class<?>> chain = new java.util.ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            chain.add(0, c);
        }
        for (Class<?> c : chain) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                Class<?> t = f.getType();
                int size = t == byte.class || t == boolean.class ? 1 : t == char.class || t == short.class ? 2
                        : t == int.class ? 4 : 8;
                end = (end + size - 1) / size * size + size;
            }
        }
        return end;
    }

    /** See {@link org.zeptux.rt.RawObjects#place}: a new object of {@code type}, no constructor run, tied to {@code address}. */
    public <T> T place(long address, Class<T> type) {
        try {
            T object = type.cast(unsafe().allocateInstance(type));
            bind(object, address, classWord(type));
            return object;
        } catch (InstantiationException e) {
            throw new IllegalArgumentException("cannot place a " + type.getName(), e);
        }
    }

    /** See {@link org.zeptux.rt.RawObjects#placeArray}. */
    public <T> T placeArray(long address, Class<T> arrayType, int length) {
        T array = arrayType.cast(java.lang.reflect.Array.newInstance(arrayType.getComponentType(), length));
        bind(array, address, classWord(arrayType));
        store(address + 8, 4, length);
        return array;
    }

    private java.util.function.BiConsumer<Object, String> useAfterFree;

    /** What a use of a freed pool object calls on the JVM: the kernel's hook, as compiled code calls it. */
    public void onUseAfterFree(java.util.function.BiConsumer<Object, String> hook) {
        useAfterFree = hook;
    }

    /**
     * The JVM's use-after-free check, which the kernel tests' class loader puts before every
     * instance field access ({@code where}: the method and line): if {@code object} was placed
     * by a pool and has been freed, calls the hook (or throws, without one).
     */
    public static void checkLive(Object object, String where) {
        Machine m = CURRENT.get();
        if (m == null || object == null) {
            return;
        }
        Long address = m.objectAddresses.get(object);
        if (address != null && m.load(address, 8) == FREED_CLASS_WORD) {
            if (m.useAfterFree == null) {
                throw new IllegalStateException("use of a freed pool object at " + where);
            }
            m.useAfterFree.accept(object, where);
        }
    }

    private void bind(Object object, long address, long classWord) {
        objectAddresses.put(object, address);
        store(address, 8, classWord);
    }

    /** The address a placed object (or an image-heap-like copy) is tied to. */
    public long placedAddress(Object object) {
        Long known = objectAddresses.get(object);
        if (known == null) {
            throw new IllegalArgumentException("not an object placed in simulated memory: " + object);
        }
        return known;
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The address of an image-heap-like copy of {@code object} (a primitive array or a string)
     * in simulated memory, with the compiler's layout (16-byte header, then the elements). The
     * copy is made on first use: afterwards the address and the Java object are separate, so
     * kernel code must use one or the other (a scratch buffer used only through Memory works).
     */
    public long addressOf(Object object) {
        Long known = objectAddresses.get(object);
        if (known != null) {
            return known;
        }
        long address = nextObjectAddress;
        int length;
        int width;
        if (object instanceof byte[] a) {
            length = a.length;
            width = 1;
            for (int i = 0; i < a.length; i++) store(address + 16 + i, 1, a[i]);
        } else if (object instanceof short[] a) {
            length = a.length;
            width = 2;
            for (int i = 0; i < a.length; i++) store(address + 16 + 2L * i, 2, a[i]);
        } else if (object instanceof char[] a) {
            length = a.length;
            width = 2;
            for (int i = 0; i < a.length; i++) store(address + 16 + 2L * i, 2, a[i]);
        } else if (object instanceof int[] a) {
            length = a.length;
            width = 4;
            for (int i = 0; i < a.length; i++) store(address + 16 + 4L * i, 4, a[i]);
        } else if (object instanceof long[] a) {
            length = a.length;
            width = 8;
            for (int i = 0; i < a.length; i++) store(address + 16 + 8L * i, 8, a[i]);
        } else if (object instanceof String s) {
            length = s.length();
            width = 2;
            for (int i = 0; i < length; i++) store(address + 16 + 2L * i, 2, s.charAt(i));
            store(address + 12, 4, s.hashCode());
        } else {
            throw new IllegalArgumentException("no image-heap layout for " + object.getClass().getName());
        }
        store(address + 8, 4, length);
        objectAddresses.put(object, address);
        nextObjectAddress += (16 + (long) length * width + 4095) & -4096L;
        return address;
    }

    /** The time-stamp counter: advances by 1000 on every read, so it is monotonic and deterministic. */
    public long rdtsc() {
        tsc += 1000;
        return tsc;
    }

    /**
     * CPUID results, by leaf and subleaf: EAX, EBX, ECX, EDX. Unset leaves read as zeros; leaf 0
     * reports vendor "ZeptuxSimCPU" unless a test sets it.
     */
    public int[] cpuid(int leaf, int subleaf) {
        int[] r = cpuid.get(((long) leaf << 32) | (subleaf & 0xFFFFFFFFL));
        if (r == null && leaf == 0) {
            // The vendor string is EBX, EDX, ECX: "Zept" "uxSi" "mCPU".
            return new int[] {1, 0x7470655A, 0x5550436D, 0x69537875};
        }
        return r == null ? new int[4] : r.clone();
    }

    /** Sets what CPUID returns for {@code leaf}/{@code subleaf}. */
    public Machine setCpuid(int leaf, int subleaf, int eax, int ebx, int ecx, int edx) {
        cpuid.put(((long) leaf << 32) | (subleaf & 0xFFFFFFFFL), new int[] {eax, ebx, ecx, edx});
        return this;
    }

    public long readMsr(int msr) {
        return msrs.getOrDefault(msr, 0L);
    }

    public void writeMsr(int msr, long value) {
        msrs.put(msr, value);
    }

    /** CR0, CR2, CR3 or CR4. */
    public long controlRegister(int n) {
        checkControlRegister(n);
        return controlRegisters[n];
    }

    public void setControlRegister(int n, long value) {
        checkControlRegister(n);
        controlRegisters[n] = value;
    }

    private static void checkControlRegister(int n) {
        if (n != 0 && n != 2 && n != 3 && n != 4) {
            throw new IllegalArgumentException("no CR" + n);
        }
    }

    public void invlpg(long address) {
        invalidations++;
    }

    /** The number of invlpg instructions executed. */
    public long invalidations() {
        return invalidations;
    }

    /** lgdt: remembers the descriptor's address (the table itself stays in simulated memory). */
    public void lgdt(long descriptor) {
        gdtr = descriptor;
    }

    public void lidt(long descriptor) {
        idtr = descriptor;
    }

    /** The base of the GDT last loaded (read from its descriptor in memory). */
    public long gdtBase() {
        return load(gdtr + 2, 8);
    }

    /** The base of the IDT last loaded. */
    public long idtBase() {
        return load(idtr + 2, 8);
    }

    public void fence() {
        fences++;
    }

    public long fences() {
        return fences;
    }

    /** {@code hlt}: with interrupts disabled nothing can wake the CPU, so the simulation stops. */
    public void hlt() {
        halts++;
        if (!interruptsEnabled) {
            throw new MachineStopped("hlt with interrupts disabled");
        }
    }

    /** {@code sti; hlt}: interrupts on, then a halt that returns (nothing simulates interrupts). */
    public void stiHlt() {
        interruptsEnabled = true;
        hlt();
    }

    /** {@code ltr}: remembers the task register's selector. */
    public void ltr(int selector) {
        taskRegister = selector & 0xFFFF;
    }

    public int taskRegister() {
        return taskRegister;
    }

    /** RFLAGS as the simulation knows it: bit 1 (always set) and IF. */
    public long flags() {
        return 2L | (interruptsEnabled ? 1L << 9 : 0);
    }

    /**
     * A CPU exception the simulation cannot deliver (there is no IDT to run on the JVM): the
     * machine stops with {@link CpuException}, naming the vector and instruction.
     */
    public void exception(int vector, String instruction) {
        throw new CpuException(vector, instruction);
    }

    /** {@code pause}: counted, so a test can see that a spin loop ran. */
    public void pause() {
        pauses++;
    }

    public void setInterruptsEnabled(boolean enabled) {
        interruptsEnabled = enabled;
    }

    public boolean interruptsEnabled() {
        return interruptsEnabled;
    }

    public long pauses() {
        return pauses;
    }

    public long halts() {
        return halts;
    }
}
