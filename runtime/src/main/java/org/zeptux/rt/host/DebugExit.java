package org.zeptux.rt.host;

/** QEMU's isa-debug-exit device (attach at 0xF4, 4 ports): any write ends the simulation. */
public final class DebugExit implements PortDevice {
    @Override
    public int in(int offset, int size) {
        return size == 1 ? 0xFF : size == 2 ? 0xFFFF : -1;
    }

    @Override
    public void out(int offset, int size, int value) {
        throw new MachineExit(value & 0xFF);
    }
}
