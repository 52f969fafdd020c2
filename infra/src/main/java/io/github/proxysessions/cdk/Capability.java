package io.github.proxysessions.cdk;

/** What a proxy session lets its participants do through the proxy number. */
public enum Capability {
    /** Calls. */
    VOICE("Voice"),
    /** Text messages. */
    SMS("SMS");

    private final String value;

    Capability(String value) {
        this.value = value;
    }

    /** The API's string for this capability. */
    public String getValue() {
        return value;
    }
}
