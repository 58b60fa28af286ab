package org.zeptux.rt;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.zeptux.rt.host.Machine;

/**
 * Struct views ({@link Struct}) over raw memory. Compiled, {@link #at} is the address itself
 * and {@link #size} a constant; the class literal must be the call's last argument (it is the
 * only place the dialect accepts one). On the JVM a view is a proxy over the simulated memory
 * of {@link Machine#current()}.
 */
public final class Structs {
    private Structs() {}

    /** The view of struct type {@code type} at {@code address}. */
    public static <T> T at(Address address, Class<T> type) {
        if (type.getAnnotation(Struct.class) == null || !type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not a @Struct interface");
        }
        Object view = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new View(type, Address.toLong(address)));
        return type.cast(view);
    }

    /**
     * The view of struct type {@code type} over the elements of {@code storage}, an image-heap
     * array kept as the memory of a table (the GDT, the IDT): compiled, the array's address
     * plus 16, where its elements start (docs/dialect.md); the storage must be at least the
     * struct's size (checked at build time where the array is a static final field).
     */
    public static <T> T over(long[] storage, Class<T> type) {
        if (8L * storage.length < size(type)) {
            throw new IllegalArgumentException(storage.length + " longs cannot hold a " + type.getSimpleName());
        }
        return at(Address.of(Machine.current().addressOf(storage) + 16), type);
    }

    /** The address a view ({@link #at}, or a pointer or embedded field's getter) reads and writes. */
    public static Address addressOf(Object view) {
        return Address.of(((View) Proxy.getInvocationHandler(view)).base);
    }

    /** The size of struct type {@code type}, from its {@link Struct#size}. */
    public static int size(Class<?> type) {
        return type.getAnnotation(Struct.class).size();
    }

    /** What a view proxy does: each getter a load, each setter a store, at the field's place. */
    private static final class View implements InvocationHandler {
        final Class<?> type;
        final long base;

        View(Class<?> type, long base) {
            this.type = type;
            this.base = base;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> type.getSimpleName() + "@0x" + Long.toHexString(base);
                    case "hashCode" -> Long.hashCode(base);
                    default -> args[0] != null && Proxy.isProxyClass(args[0].getClass())
                            && Proxy.getInvocationHandler(args[0]) instanceof View v && v.type == type && v.base == base;
                };
            }
            boolean setter = method.getReturnType() == void.class;
            Method getter = setter ? getter(method.getName()) : method;
            Offset offset = getter.getAnnotation(Offset.class);
            if (offset == null) {
                throw new IllegalStateException(type.getName() + "." + getter.getName() + " has no @Offset");
            }
            Count count = getter.getAnnotation(Count.class);
            int index = 0;
            if (count != null) {
                index = (Integer) args[0];
                if (index < 0 || index >= count.value()) {
                    throw new ArrayIndexOutOfBoundsException("Index " + index + " out of bounds for length " + count.value());
                }
            }
            Class<?> t = getter.getReturnType();
            if (getter.isAnnotationPresent(Embedded.class)) {
                return at(Address.of(base + offset.value() + (long) index * size(t)), t);
            }
            int size = width(t);
            long at = base + offset.value() + (long) index * size;
            Machine m = Machine.current();
            if (setter) {
                m.store(at, size, bits(args[args.length - 1]));
                return null;
            }
            long raw = m.load(at, size);
            if (t == long.class) {
                return raw;
            } else if (t == int.class) {
                return (int) raw;
            } else if (t == short.class) {
                return (short) raw;
            } else if (t == char.class) {
                return (char) raw;
            } else if (t == byte.class) {
                return (byte) raw;
            } else if (t == boolean.class) {
                return (raw & 1) != 0;
            } else if (t == PhysAddr.class) {
                return PhysAddr.of(raw);
            } else if (t == Pfn.class) {
                return Pfn.of(raw);
            } else if (t == UserPtr.class) {
                return UserPtr.of(raw);
            } else if (t == Address.class) {
                return Address.of(raw);
            }
            return raw == 0 ? null : at(Address.of(raw), t);   // a pointer to another struct; 0 is null
        }

        /** The getter of the field a setter writes: same name, not void. */
        private Method getter(String name) {
            for (Method g : type.getMethods()) {
                if (g.getName().equals(name) && g.getReturnType() != void.class) {
                    return g;
                }
            }
            throw new IllegalStateException(type.getName() + "." + name + " has a setter but no getter");
        }
    }

    /** The bytes a field of type {@code t} takes (pointers and the unboxed types: 8). */
    private static int width(Class<?> t) {
        return t == int.class ? 4 : t == short.class || t == char.class ? 2 : t == byte.class || t == boolean.class ? 1 : 8;
    }

    /** The bits a setter stores for {@code v}. */
    private static long bits(Object v) {
        if (v == null) {
            return 0;
        } else if (v instanceof Address a) {
            return a.toLong();
        } else if (v instanceof PhysAddr p) {
            return p.toLong();
        } else if (v instanceof Pfn p) {
            return p.toLong();
        } else if (v instanceof UserPtr p) {
            return p.toLong();
        } else if (v instanceof Boolean b) {
            return b ? 1 : 0;
        } else if (v instanceof Character c) {
            return c;
        } else if (v instanceof Number n) {
            return n.longValue();
        }
        return ((View) Proxy.getInvocationHandler(v)).base;      // a view: its address
    }
}
