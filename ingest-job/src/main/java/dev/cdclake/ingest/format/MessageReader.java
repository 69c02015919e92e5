package dev.cdclake.ingest.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.cdclake.events.ChangeEvent;
import org.apache.flink.util.Collector;
import org.apache.kafka.common.header.Headers;

import javax.annotation.Nullable;
import java.io.IOException;

/** Reads the messages of one {@link SourceValueFormat}; one instance per parser, reusing its buffers. */
abstract class MessageReader implements EventAssembler.TableHints {
    protected final JsonFactory factory;
    protected final EventAssembler assembler;

    MessageReader(JsonFactory factory, EventAssembler assembler) {
        this.factory = factory;
        this.assembler = assembler;
    }

    /**
     * Parses one record and emits its events.
     *
     * @throws IOException for JSON that does not parse (the caller reports it as malformed JSON)
     */
    abstract ParseOutcome read(
            String topic,
            long timestamp,
            @Nullable byte[] key,
            @Nullable byte[] value,
            @Nullable Headers headers,
            Collector<ChangeEvent> out)
            throws IOException, MalformedRecordException;

    /**
     * The current string token, as {@code previous} when it has the same characters: database and table names repeat
     * in every message, and reusing the instance saves the allocation and the hashing of the map look-ups after it.
     */
    static String sameOrNewText(JsonParser p, @Nullable String previous) throws IOException {
        if (previous != null) {
            int length = p.getTextLength();
            if (length == previous.length()) {
                char[] chars = p.getTextCharacters();
                int offset = p.getTextOffset();
                int i = 0;
                while (i < length && chars[offset + i] == previous.charAt(i)) {
                    i++;
                }
                if (i == length) {
                    return previous;
                }
            }
        }
        return p.getText();
    }
}
