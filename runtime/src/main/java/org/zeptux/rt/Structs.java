package org.zeptux.rt;

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
        long base = Address.toLong(address);
        Object view = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> access(type, base, method, args));
        return type.cast(view);
    }

    /** The size of struct type {@code type}, from its {@link Struct#size}. */
    public static int size(Class<?> type) {
        return type.getAnnotation(Struct.class).size();
    }

    private static Object access(Class<?> type, long base, Method method, Object[] args) throws NoSuchMethodException {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> type.getSimpleName() + "@0x" + Long.toHexString(base);
                case "hashCode" -> Long.hashCode(base);
                default -> false;
            };
        }
        boolean setter = args != null && args.length == 1 && method.getReturnType() == void.class;
        Method getter = setter ? type.getMethod(method.getName()) : method;
        Offset offset = getter.getAnnotation(Offset.class);
        if (offset == null) {
            throw new IllegalStateException(type.getName() + "." + getter.getName() + " has no @Offset");
        }
        Class<?> t = getter.getReturnType();
        long at = base + offset.value();
        int size = t == long.class || t == Address.class ? 8 : t == int.class ? 4
                : t == short.class || t == char.class ? 2 : 1;
        Machine m = Machine.current();
        if (setter) {
            Object v = args[0];
            long bits = v instanceof Address a ? a.toLong() : v == null ? 0 : v instanceof Boolean b ? (b ? 1 : 0)
                    : v instanceof Character c ? c : ((Number) v).longValue();
            m.store(at, size, bits);
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
        } else {
            return Address.of(raw);
        }
    }
}
