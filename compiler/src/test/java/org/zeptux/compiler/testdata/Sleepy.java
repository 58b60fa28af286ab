package org.zeptux.compiler.testdata;

import org.zeptux.rt.Export;
import org.zeptux.rt.InterruptContext;
import org.zeptux.rt.MaySleep;

/**
 * Interrupt context reaching methods that may sleep (ContextChecksTests): through an interface
 * call to one implementation that sleeps, and directly; a thread may sleep.
 */
public class Sleepy {
    interface Handler {
        void handle(int vector);
    }

    static final class Quiet implements Handler {
        @Override
        public void handle(int vector) {
            count++;
        }
    }

    static final class Locking implements Handler {
        @Override
        public void handle(int vector) {
            Mutex.lock();
            count++;
        }
    }

    static final class Mutex {
        @MaySleep
        static void lock() {
            count += 2;
        }

        @MaySleep
        static void sleep(int ticks) {
            count += ticks;
        }
    }

    static final Handler[] HANDLERS = {new Quiet(), new Locking()};
    static int count;

    @Export("sleepy_trap")
    @InterruptContext
    static void trap(int vector) {
        HANDLERS[vector & 1].handle(vector);
        if (vector == 0) {
            pause();
        }
    }

    static void pause() {
        Mutex.sleep(1);
    }

    /** Not interrupt context: it may sleep. */
    @Export("sleepy_thread")
    static void thread() {
        Mutex.sleep(10);
        HANDLERS[1].handle(3);
    }
}
