package dev.cdclake.ingest.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import javax.annotation.Nullable;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;

/**
 * One row image as it appeared in a message, before any type is decided: field names with their JSON tokens. Reused
 * across records (see {@link #clear()}) so that reading a message allocates only the value strings Jackson hands out.
 * Numbers keep their literal text (or a primitive long) so that decimals stay exact until a column type is known.
 */
public final class RawRow {
    /** JSON null. */
    public static final byte NULL = 0;

    public static final byte TRUE = 1;
    public static final byte FALSE = 2;
    /** An integer that fits a long, in {@link #longValue(int)}. */
    public static final byte LONG = 3;
    /** An integer literal beyond the long range, as text. */
    public static final byte BIG_INTEGER = 4;
    /** A number with a fraction or exponent, as its literal text. */
    public static final byte FRACTION = 5;

    public static final byte STRING = 6;
    /** A nested object or array, as compact JSON text. */
    public static final byte NESTED = 7;

    private String[] names = new String[16];
    private byte[] kinds = new byte[16];
    private long[] longs = new long[16];
    private String[] texts = new String[16];
    private DeclaredType[] declared = new DeclaredType[16];
    private int size;

    public void clear() {
        // Keep the arrays; drop references so that old strings can be collected.
        Arrays.fill(texts, 0, size, null);
        Arrays.fill(declared, 0, size, null);
        size = 0;
    }

    public int size() {
        return size;
    }

    public String name(int i) {
        return names[i];
    }

    public byte kind(int i) {
        return kinds[i];
    }

    public long longValue(int i) {
        return longs[i];
    }

    /** The text of STRING, BIG_INTEGER, FRACTION and NESTED values. */
    public String text(int i) {
        return texts[i];
    }

    @Nullable
    public DeclaredType declared(int i) {
        return declared[i];
    }

    public void declare(int i, @Nullable DeclaredType type) {
        declared[i] = type;
    }

    /** @return the position of the field, or -1. Linear: rows are short and this is used off the hot path. */
    public int indexOf(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Adds a field holding text, for values that come from outside a JSON body (Kafka headers, keys). */
    public void addString(String name, @Nullable String value) {
        int i = slot(name);
        if (value == null) {
            kinds[i] = NULL;
        } else {
            kinds[i] = STRING;
            texts[i] = value;
        }
    }

    /** Copies field {@code from} of {@code other} into this row, replacing a field of the same name. */
    public void put(RawRow other, int from) {
        String name = other.names[from];
        int i = indexOf(name);
        if (i < 0) {
            i = slot(name);
        }
        kinds[i] = other.kinds[from];
        longs[i] = other.longs[from];
        texts[i] = other.texts[from];
        declared[i] = other.declared[from];
    }

    /** Replaces this row's content with a copy of {@code other}. */
    public void copyFrom(RawRow other) {
        clear();
        for (int from = 0; from < other.size; from++) {
            int i = slot(other.names[from]);
            kinds[i] = other.kinds[from];
            longs[i] = other.longs[from];
            texts[i] = other.texts[from];
            declared[i] = other.declared[from];
        }
    }

    /**
     * Reads the members of the JSON object the parser is positioned on (its START_OBJECT is the current token) into
     * this row. The {@code factory} creates the generator that renders nested values as text.
     */
    public void readObject(JsonParser parser, JsonFactory factory) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            addValue(name, parser, parser.nextToken(), factory);
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IOException("Unexpected token " + token + " in a row object");
        }
    }

    /** Adds the value the parser is positioned on. */
    public void addValue(String name, JsonParser parser, JsonToken token, JsonFactory factory) throws IOException {
        int i = slot(name);
        switch (token) {
            case VALUE_NULL:
                kinds[i] = NULL;
                break;
            case VALUE_TRUE:
                kinds[i] = TRUE;
                break;
            case VALUE_FALSE:
                kinds[i] = FALSE;
                break;
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    kinds[i] = BIG_INTEGER;
                    texts[i] = parser.getText();
                } else {
                    kinds[i] = LONG;
                    longs[i] = parser.getLongValue();
                }
                break;
            case VALUE_NUMBER_FLOAT:
                kinds[i] = FRACTION;
                texts[i] = parser.getText();
                break;
            case VALUE_STRING:
                kinds[i] = STRING;
                texts[i] = parser.getText();
                break;
            case START_OBJECT:
            case START_ARRAY:
                kinds[i] = NESTED;
                texts[i] = nestedText(parser, factory);
                break;
            default:
                throw new IOException("Unexpected token " + token + " as the value of field '" + name + "'");
        }
    }

    private static String nestedText(JsonParser parser, JsonFactory factory) throws IOException {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator generator = factory.createGenerator(out)) {
            generator.copyCurrentStructure(parser);
        }
        return out.toString();
    }

    private int slot(String name) {
        if (size == names.length) {
            int n = size * 2;
            names = Arrays.copyOf(names, n);
            kinds = Arrays.copyOf(kinds, n);
            longs = Arrays.copyOf(longs, n);
            texts = Arrays.copyOf(texts, n);
            declared = Arrays.copyOf(declared, n);
        }
        names[size] = name;
        declared[size] = null;
        return size++;
    }

    /** The value as JSON-ish text for error messages. */
    public String describe(int i) {
        switch (kinds[i]) {
            case NULL:
                return "null";
            case TRUE:
                return "true";
            case FALSE:
                return "false";
            case LONG:
                return Long.toString(longs[i]);
            case STRING:
                return '"' + abbreviate(texts[i]) + '"';
            default:
                return abbreviate(texts[i]);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names[i]).append('=').append(describe(i));
        }
        return sb.append('}').toString();
    }
}
