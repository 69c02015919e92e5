package dev.cdclake.events;

/** Kind of a change. The codes are Debezium's {@code op} values, also the byte each kind is written as. */
public enum Op {
    /** A row read by the snapshot phase. */
    READ('r'),
    INSERT('c'),
    UPDATE('u'),
    DELETE('d');

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

    /** @return the operation for a Debezium code (or its byte), or null when it is not a row change (t, m, ...). */
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
}
