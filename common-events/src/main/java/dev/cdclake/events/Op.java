package dev.cdclake.events;

/**
 * Kind of a change. The codes are Debezium's {@code op} values, also the byte each kind is written as; {@link
 * #HEARTBEAT} is cdclake's own.
 */
public enum Op {
    /** A row read by the snapshot phase. */
    READ('r'),
    INSERT('c'),
    UPDATE('u'),
    DELETE('d'),
    /**
     * Not a row change but a progress marker ({@link ChangeEvent#heartbeat}): every change of its source committed at
     * or before its time has been read.
     */
    HEARTBEAT('h'),
    /**
     * Not a row change but a DDL statement that changed the table ({@link ChangeEvent#schemaChange}), in binlog order
     * with its changes.
     */
    SCHEMA_CHANGE('s');

    private final char code;
    private final String codeString;

    Op(char code) {
        this.code = code;
        this.codeString = String.valueOf(code);
    }

    /** Debezium's one-letter code: r, c, u, d. */
    public char code() {
        return code;
    }

    public String codeString() {
        return codeString;
    }

    /**
     * @return the row change for a Debezium {@code op} code, or null when it is not a row change (t, m, ...; also h,
     *     which no Debezium message carries)
     */
    public static Op fromCode(char code) {
        switch (code) {
            case 'r':
                return READ;
            case 'c':
                return INSERT;
            case 'u':
                return UPDATE;
            case 'd':
                return DELETE;
            default:
                return null;
        }
    }

    /** @return the kind of a code as {@link #code()} writes it, heartbeats included, or null for an unknown code */
    public static Op ofWireCode(char code) {
        return code == 'h' ? HEARTBEAT : code == 's' ? SCHEMA_CHANGE : fromCode(code);
    }
}
