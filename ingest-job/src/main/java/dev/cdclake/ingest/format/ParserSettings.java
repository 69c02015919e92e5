package dev.cdclake.ingest.format;

import dev.cdclake.events.config.ValidatedOptions;
import dev.cdclake.events.wire.ValueFormat;
import dev.cdclake.ingest.schema.InferenceSettings;
import dev.cdclake.ingest.schema.PublishedSchemas;
import dev.cdclake.ingest.schema.SchemaTopic;
import dev.cdclake.ingest.transform.TransformRules;

import javax.annotation.Nullable;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything a {@link ChangeRecordParser} needs, serializable so that the job ships it to the task managers and each
 * subtask creates its own parser with {@link #createParser()} (parsers hold per-table state and are not thread-safe).
 */
public final class ParserSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ValueFormat format;
    private final boolean distributedTables;
    private final boolean tinyInt1AsBoolean;
    private final InferenceSettings inference;

    @Nullable
    private final String defaultDatabase;

    private final TransformRules rules;
    private final SchemaTopicSettings schemaTopic;

    public ParserSettings(
            ValueFormat format,
            boolean distributedTables,
            boolean tinyInt1AsBoolean,
            InferenceSettings inference,
            @Nullable String defaultDatabase,
            TransformRules rules,
            SchemaTopicSettings schemaTopic) {
        this.format = Objects.requireNonNull(format, "format");
        this.distributedTables = distributedTables;
        this.tinyInt1AsBoolean = tinyInt1AsBoolean;
        this.inference = Objects.requireNonNull(inference, "inference");
        this.defaultDatabase = defaultDatabase;
        this.rules = Objects.requireNonNull(rules, "rules");
        this.schemaTopic = Objects.requireNonNull(schemaTopic, "schemaTopic");
    }

    /**
     * Reads the {@link SourceFormatOptions} of the source block.
     *
     * @param source the source block's options
     * @param rules the parsed {@code transform} rules ({@link TransformRules#parse})
     */
    public static ParserSettings from(ValidatedOptions source, TransformRules rules) {
        ValueFormat format = source.get(SourceFormatOptions.VALUE_FORMAT);
        ValidatedOptions formatOptions = source.group(format.optionPrefix());
        boolean distributed = format != ValueFormat.JSON && formatOptions.get(SourceFormatOptions.DISTRIBUTED_TABLES);
        InferenceSettings inference = new InferenceSettings(
                source.get(SourceFormatOptions.SCHEMA_INFERENCE_STRATEGY),
                source.get(SourceFormatOptions.SCHEMA_INFERENCE_WIDEN_TO_STRING),
                source.get(SourceFormatOptions.SCHEMA_INFERENCE_STATIC_SAMPLE_RECORDS));
        return new ParserSettings(
                format,
                distributed,
                format == ValueFormat.CANAL_JSON && formatOptions.get(SourceFormatOptions.TINYINT1_AS_BOOLEAN),
                inference,
                source.get(SourceFormatOptions.TOPIC_DEFAULT_DATABASE),
                rules,
                new SchemaTopicSettings(
                        source.get(SourceFormatOptions.SCHEMA_TOPIC),
                        source.get(SourceFormatOptions.SCHEMA_WAIT_TIMEOUT),
                        source.get(SourceFormatOptions.SCHEMA_FALLBACK_TO_INFERENCE)));
    }

    public ValueFormat format() {
        return format;
    }

    /** Whether a topic may carry several tables (the format's {@code *.distributed-tables}; always true for json). */
    public boolean distributedTables() {
        return distributedTables || format == ValueFormat.JSON;
    }

    public boolean tinyInt1AsBoolean() {
        return tinyInt1AsBoolean;
    }

    public InferenceSettings inference() {
        return inference;
    }

    @Nullable
    public String defaultDatabase() {
        return defaultDatabase;
    }

    public TransformRules rules() {
        return rules;
    }

    /** The option that allows several tables per topic for this format. */
    String distributedTablesOption() {
        return format.optionPrefix() + SourceFormatOptions.DISTRIBUTED_TABLES.key();
    }

    public SchemaTopicSettings schemaTopic() {
        return schemaTopic;
    }

    /**
     * A parser whose records may name schemas in {@code topic}, opened when the first one does.
     *
     * @param topic opens the schema topic
     */
    public ChangeRecordParser createParser(Supplier<SchemaTopic> topic) {
        return new ChangeRecordParser(
                this, new PublishedSchemas(topic, schemaTopic.waitTimeout(), schemaTopic.fallbackToInference()));
    }

    /** A parser without access to a schema topic (tests, benchmarks): records naming a schema are bad records. */
    public ChangeRecordParser createParser() {
        return createParser(() -> {
            throw new IllegalStateException("this parser has no schema topic to read ('" + schemaTopic.topic() + "')");
        });
    }

    /** Where and how the parsers read the schemas capture-job publishes ({@code schema.*} source options). */
    public static final class SchemaTopicSettings implements Serializable {
        private static final long serialVersionUID = 1L;

        /** The defaults of the options. */
        public static final SchemaTopicSettings DEFAULT = new SchemaTopicSettings(
                SourceFormatOptions.SCHEMA_TOPIC.defaultValue(),
                SourceFormatOptions.SCHEMA_WAIT_TIMEOUT.defaultValue(),
                SourceFormatOptions.SCHEMA_FALLBACK_TO_INFERENCE.defaultValue());

        private final String topic;
        private final Duration waitTimeout;
        private final boolean fallbackToInference;

        public SchemaTopicSettings(String topic, Duration waitTimeout, boolean fallbackToInference) {
            this.topic = Objects.requireNonNull(topic, "topic");
            this.waitTimeout = Objects.requireNonNull(waitTimeout, "waitTimeout");
            this.fallbackToInference = fallbackToInference;
        }

        public String topic() {
            return topic;
        }

        public Duration waitTimeout() {
            return waitTimeout;
        }

        public boolean fallbackToInference() {
            return fallbackToInference;
        }
    }
}
