package io.samsa.clients.producer;

/**
 * How many replicas must have a record before the broker acknowledges it: the {@code acks} setting.
 * Strings in a configuration ({@code "all"}, {@code "-1"}, {@code "1"}, {@code "0"}) and these constants are
 * interchangeable.
 */
public enum Acks {
    /**
     * {@code acks=0}: the broker does not answer; the record counts as sent once written to the socket. No
     * retries (the producer never hears of a failure) and no offsets. Fastest, may lose records silently.
     */
    NONE("0", (short) 0),
    /**
     * {@code acks=1}: the partition leader answers once it has written the record; the record is lost if the
     * leader fails before a follower copied it.
     */
    LEADER("1", (short) 1),
    /**
     * {@code acks=all} (or {@code -1}), the default: the leader answers once every in-sync replica has the
     * record. Required by the idempotent producer.
     */
    ALL("all", (short) -1);

    private final String configValue;
    private final short code;

    Acks(String configValue, short code) {
        this.configValue = configValue;
        this.code = code;
    }

    /** {@return the value as written in a configuration: {@code "0"}, {@code "1"} or {@code "all"}} */
    public String configValue() {
        return configValue;
    }

    /** {@return the value sent in the Produce request's {@code acks} field: 0, 1 or -1} */
    public short code() {
        return code;
    }

    /**
     * Reads a configuration value.
     *
     * @param value the value of {@code acks}: {@code all}, {@code -1}, {@code 0} or {@code 1}; blanks around it
     *              are ignored
     * @return the setting
     * @throws IllegalArgumentException for anything but {@code all}, {@code -1}, {@code 0} or {@code 1}
     */
    public static Acks fromConfig(String value) {
        switch (value.trim()) {
            case "all":
            case "-1":
                return ALL;
            case "1":
                return LEADER;
            case "0":
                return NONE;
            default:
                throw new IllegalArgumentException("acks must be one of [all, -1, 0, 1], got '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return configValue;
    }
}
