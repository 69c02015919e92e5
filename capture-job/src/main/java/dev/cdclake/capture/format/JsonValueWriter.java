package dev.cdclake.capture.format;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/** Writes one non-null value of a column, typed as its {@link dev.cdclake.events.DataKind#javaClass()}. */
@FunctionalInterface
interface JsonValueWriter {
    void write(JsonGenerator generator, Object value) throws IOException;
}
