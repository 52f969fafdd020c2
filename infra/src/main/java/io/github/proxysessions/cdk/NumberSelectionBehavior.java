package io.github.proxysessions.cdk;

/** Whether the same pair of participants should get the same proxy number across sessions. */
public enum NumberSelectionBehavior {
    /** Give the pair the proxy number it had before, when it is free. */
    PREFER_STICKY("PreferSticky"),
    /** Give the pair a different proxy number than before. */
    AVOID_STICKY("AvoidSticky");

    private final String value;

    NumberSelectionBehavior(String value) {
        this.value = value;
    }

    /** The API's string for this behaviour. */
    public String getValue() {
        return value;
    }
}
