package org.zeptux.kernel.dev;

import org.zeptux.kernel.hw.PortRange;
import org.zeptux.kernel.hw.Ports;

/**
 * The PC's real-time clock (the MC146818 in the CMOS, registers at index 0x00..0x0B): read once
 * at boot for the wall-clock time that CLOCK_REALTIME counts from. Registers: 0 seconds, 2
 * minutes, 4 hours, 7 day of month, 8 month, 9 year (two digits; 0x32 the century where the
 * firmware keeps it); status A bit 7 "update in progress", status B bit 2 binary (else BCD),
 * bit 1 24-hour (else 12-hour with bit 7 of the hour PM). The time is UTC, as Linux assumes
 * for a PC's clock by default.
 */
public final class Rtc {
    private Rtc() {}

    static final PortRange CMOS = Ports.CMOS;
    static final int STATUS_A = 0x0A;
    static final int STATUS_B = 0x0B;
    static final int CENTURY = 0x32;
    /** NMI stays enabled: bit 7 of the index clear. */
    static final int NMI_ENABLED = 0;

    private static int read(int register) {
        CMOS.out8(0, register | NMI_ENABLED);
        return CMOS.in8(1);
    }

    private static int decode(int v, boolean binary) {
        return binary ? v : (v >> 4) * 10 + (v & 0xF);
    }

    /**
     * Seconds since 1970-01-01 00:00 UTC by the clock, read twice in a row until two reads
     * agree (an update may fall between the registers); 0 when the clock reads as nonsense.
     */
    public static long epochSeconds() {
        long last = -1;
        for (int attempt = 0; attempt < 10; attempt++) {
            int spins = 0;
            while ((read(STATUS_A) & 0x80) != 0 && spins < 1_000_000) {
                spins++;
            }
            long now = readOnce();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last < 0 ? 0 : last;
    }

    private static long readOnce() {
        int b = read(STATUS_B);
        boolean binary = (b & 4) != 0;
        boolean hours24 = (b & 2) != 0;
        int second = decode(read(0), binary);
        int minute = decode(read(2), binary);
        int rawHour = read(4);
        int hour = decode(rawHour & 0x7F, binary);
        if (!hours24) {
            boolean pm = (rawHour & 0x80) != 0;
            hour = hour % 12 + (pm ? 12 : 0);
        }
        int day = decode(read(7), binary);
        int month = decode(read(8), binary);
        int year = decode(read(9), binary);
        int century = decode(read(CENTURY), binary);
        year += century >= 19 && century <= 30 ? century * 100 : (year < 70 ? 2000 : 1900);
        if (second > 59 || minute > 59 || hour > 23 || day < 1 || day > 31 || month < 1 || month > 12) {
            return 0;
        }
        return daysSinceEpoch(year, month, day) * 86400L + hour * 3600L + minute * 60L + second;
    }

    /** Days from 1970-01-01 to year-month-day of the proleptic Gregorian calendar. */
    static long daysSinceEpoch(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long mp = (month + 9) % 12;
        long doy = (153 * mp + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
