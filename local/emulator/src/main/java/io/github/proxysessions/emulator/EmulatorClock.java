package io.github.proxysessions.emulator;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's clock: the clock it was built with, moved ahead by an offset that only grows. Timestamps and session
 * expiry follow it, so moving it ahead lets sessions expire without waiting.
 */
final class EmulatorClock extends Clock {

    private final Clock base;
    private final AtomicLong offsetMillis = new AtomicLong();

    EmulatorClock(Clock base) {
        this.base = base;
    }

    long offsetMillis() {
        return offsetMillis.get();
    }

    void setOffsetMillis(long offset) {
        offsetMillis.set(offset);
    }

    @Override
    public long millis() {
        return base.millis() + offsetMillis.get();
    }

    @Override
    public Instant instant() {
        return base.instant().plusMillis(offsetMillis.get());
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the emulator's clock keeps its zone");
    }
}
