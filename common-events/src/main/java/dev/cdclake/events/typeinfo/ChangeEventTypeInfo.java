package dev.cdclake.events.typeinfo;

import dev.cdclake.events.ChangeEvent;

/** Type information of {@link ChangeEvent}, backed by {@link ChangeEventSerializer} (never Kryo). */
public final class ChangeEventTypeInfo extends SerializerTypeInfo<ChangeEvent> {
    private static final long serialVersionUID = 1L;

    public static final ChangeEventTypeInfo INSTANCE = new ChangeEventTypeInfo();

    private ChangeEventTypeInfo() {
        super(ChangeEvent.class, ChangeEventSerializer::new);
    }
}
