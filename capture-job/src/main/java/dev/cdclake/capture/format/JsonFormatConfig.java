package dev.cdclake.capture.format;

import java.io.Serializable;
import java.util.Objects;

/** How a JSON format renders values: the {@link FormatOptions#JSON_FORMAT_OPTIONS} of one format. Immutable. */
public final class JsonFormatConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The defaults: SQL timestamps, decimals as {@link java.math.BigDecimal#toString()}, nulls written. */
    public static final JsonFormatConfig DEFAULT = new JsonFormatConfig(TimestampFormat.SQL, false, false);

    private final TimestampFormat timestampFormat;
    private final boolean decimalAsPlainNumber;
    private final boolean ignoreNullFields;

    public JsonFormatConfig(TimestampFormat timestampFormat, boolean decimalAsPlainNumber, boolean ignoreNullFields) {
        this.timestampFormat = Objects.requireNonNull(timestampFormat, "timestampFormat");
        this.decimalAsPlainNumber = decimalAsPlainNumber;
        this.ignoreNullFields = ignoreNullFields;
    }

    public JsonFormatConfig withTimestampFormat(TimestampFormat format) {
        return new JsonFormatConfig(format, decimalAsPlainNumber, ignoreNullFields);
    }

    public JsonFormatConfig withDecimalAsPlainNumber(boolean plain) {
        return new JsonFormatConfig(timestampFormat, plain, ignoreNullFields);
    }

    public JsonFormatConfig withIgnoreNullFields(boolean ignore) {
        return new JsonFormatConfig(timestampFormat, decimalAsPlainNumber, ignore);
    }

    public TimestampFormat timestampFormat() {
        return timestampFormat;
    }

    public boolean decimalAsPlainNumber() {
        return decimalAsPlainNumber;
    }

    public boolean ignoreNullFields() {
        return ignoreNullFields;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof JsonFormatConfig)) {
            return false;
        }
        JsonFormatConfig that = (JsonFormatConfig) o;
        return timestampFormat == that.timestampFormat
                && decimalAsPlainNumber == that.decimalAsPlainNumber
                && ignoreNullFields == that.ignoreNullFields;
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestampFormat, decimalAsPlainNumber, ignoreNullFields);
    }

    @Override
    public String toString() {
        return "timestamp-format.standard=" + timestampFormat
                + ", encode.decimal-as-plain-number=" + decimalAsPlainNumber
                + ", encode.ignore-null-fields=" + ignoreNullFields;
    }
}
