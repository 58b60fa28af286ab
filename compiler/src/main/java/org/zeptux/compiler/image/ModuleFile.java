package org.zeptux.compiler.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kernel module file ({@code NAME.zm}, docs/modules.md): a manifest and one relocatable ELF
 * object. Layout, little-endian:
 *
 * <pre>
 *   "ZMOD"                    magic
 *   u32 1                     format version
 *   u32 M, M bytes            manifest: UTF-8 "key=value" lines: name, version, api, init, exit, depends,
 *                             uses (the kernel symbols the object needs), unsafe (1: built with
 *                             zeptuxc module --unsafe, may use the raw API; 0 or absent: safe)
 *   u32 N, N bytes            the ELF64 relocatable object
 * </pre>
 */
public record ModuleFile(String name, String version, int api, String init, String exit, List<String> depends,
        List<String> uses, boolean unsafe, byte[] object) {
    public static final int FORMAT = 1;
    private static final byte[] MAGIC = {'Z', 'M', 'O', 'D'};

    /** The file's bytes. */
    public byte[] bytes() {
        String manifest = "name=" + name + "\nversion=" + version + "\napi=" + api + "\ninit=" + init + "\nexit=" + exit
                + "\ndepends=" + String.join(",", depends) + "\nuses=" + String.join(",", uses) + "\nunsafe=" + (unsafe ? 1 : 0)
                + "\n";
        byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 4 + m.length + 4 + object.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(FORMAT).putInt(m.length).put(m).putInt(object.length).put(object);
        return b.array();
    }

    /** Reads a module file; {@code what} names it in errors. */
    public static ModuleFile read(byte[] bytes, String what) throws ImageException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 16 || b.get(0) != 'Z' || b.get(1) != 'M' || b.get(2) != 'O' || b.get(3) != 'D') {
            throw new ImageException(what + " is not a Zeptux module (no ZMOD magic)");
        }
        b.position(4);
        int format = b.getInt();
        if (format != FORMAT) {
            throw new ImageException(what + ": module format " + format + ", this zeptuxc reads format " + FORMAT);
        }
        int m = b.getInt();
        if (m < 0 || m > b.remaining() - 4) {
            throw new ImageException(what + " is truncated (manifest)");
        }
        byte[] manifest = new byte[m];
        b.get(manifest);
        int n = b.getInt();
        if (n < 0 || n != b.remaining()) {
            throw new ImageException(what + " is truncated or has trailing bytes (object)");
        }
        byte[] object = new byte[n];
        b.get(object);
        if (n < 4 || object[0] != 0x7F || object[1] != 'E' || object[2] != 'L' || object[3] != 'F') {
            throw new ImageException(what + ": its object is not an ELF file");
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : new String(manifest, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                keys.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        for (String k : List.of("name", "version", "api", "init", "exit", "depends")) {
            if (!keys.containsKey(k)) {
                throw new ImageException(what + ": the manifest has no " + k);
            }
        }
        int api;
        try {
            api = Integer.parseInt(keys.get("api"));
        } catch (NumberFormatException e) {
            throw new ImageException(what + ": api is not a number: " + keys.get("api"));
        }
        List<String> depends = new ArrayList<>();
        for (String d : keys.get("depends").split(",")) {
            if (!d.isBlank()) {
                depends.add(d.strip());
            }
        }
        List<String> uses = new ArrayList<>();
        for (String u : keys.getOrDefault("uses", "").split(",")) {
            if (!u.isBlank()) {
                uses.add(u.strip());
            }
        }
        String unsafe = keys.getOrDefault("unsafe", "0");
        if (!unsafe.equals("0") && !unsafe.equals("1")) {
            throw new ImageException(what + ": unsafe is not 0 or 1: " + unsafe);
        }
        return new ModuleFile(keys.get("name"), keys.get("version"), api, keys.get("init"), keys.get("exit"),
                depends, uses, unsafe.equals("1"), object);
    }

    /** Whether {@code name} is a valid module name: [a-z0-9_-], 1 to 31 characters. */
    public static boolean validName(String name) {
        return name.matches("[a-z0-9_-]{1,31}");
    }
}
