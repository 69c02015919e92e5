package dev.cdclake.ingest.format;

import dev.cdclake.events.ChangeEvent;
import dev.cdclake.events.TableSchema;
import dev.cdclake.events.typeinfo.ChangeEventSerializer;
import dev.cdclake.events.wire.ValueFormat;
import dev.cdclake.ingest.schema.InferenceSettings;
import dev.cdclake.ingest.transform.TransformRules;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Golden inputs under {@code src/test/resources/golden-input/} and a collecting parser harness. */
final class Golden {
    private Golden() {}

    static byte[] bytes(String path) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden-input/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("No golden input " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    /** The non-empty lines of a .jsonl file, each one record value. */
    static List<byte[]> lines(String path) {
        List<byte[]> out = new ArrayList<>();
        for (String line : text(path).split("\n")) {
            if (!line.isBlank()) {
                out.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** The reference's rule: every table, all columns, primary key id. */
    static TransformRules referenceRules() {
        return TransformRules.parse(
                List.of(Map.of("source-table", "\\.*.\\.*", "projection", "\\*", "primary-keys", "id")));
    }

    static ChangeRecordParser parser(ValueFormat format, boolean distributed, TransformRules rules) {
        return new ParserSettings(
                        format,
                        distributed,
                        true,
                        InferenceSettings.continuous(),
                        null,
                        rules,
                        ParserSettings.SchemaTopicSettings.DEFAULT)
                .createParser();
    }

    /**
     * A collector that keeps what it gets, after checking that each event is what the rest of the job relies on: row
     * images with one value per schema column, each of its column's Java class, and a round trip through the job's
     * Flink serializer.
     */
    static final class Events implements Collector<ChangeEvent> {
        final List<ChangeEvent> list = new ArrayList<>();

        @Override
        public void collect(ChangeEvent event) {
            checkImage(event, event.before());
            checkImage(event, event.after());
            try {
                DataOutputSerializer bytes = new DataOutputSerializer(256);
                ChangeEventSerializer.INSTANCE.serialize(event, bytes);
                ChangeEvent copy =
                        ChangeEventSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer()));
                if (!copy.equals(event)) {
                    throw new AssertionError("Serializer round trip changed " + event + " into " + copy);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            list.add(event);
        }

        private static void checkImage(ChangeEvent event, Object[] image) {
            if (image == null) {
                return;
            }
            TableSchema schema = event.schema();
            if (image.length != schema.columnCount()) {
                throw new AssertionError(image.length + " values for " + schema + " in " + event);
            }
            for (int i = 0; i < image.length; i++) {
                Class<?> expected = schema.column(i).type().kind().javaClass();
                if (image[i] != null && !expected.isInstance(image[i])) {
                    throw new AssertionError(
                            "Column " + schema.column(i) + " holds a " + image[i].getClass() + " in " + event);
                }
            }
        }

        @Override
        public void close() {}

        ChangeEvent single() {
            if (list.size() != 1) {
                throw new AssertionError("Expected one event, got " + list);
            }
            return list.get(0);
        }

        ChangeEvent last() {
            return list.get(list.size() - 1);
        }
    }
}
