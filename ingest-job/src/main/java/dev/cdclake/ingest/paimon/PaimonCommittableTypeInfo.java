package dev.cdclake.ingest.paimon;

import dev.cdclake.events.typeinfo.SerializerTypeInfo;

/** Type information of {@link PaimonCommittable}, backed by {@link PaimonCommittableSerializer} (never Kryo). */
public final class PaimonCommittableTypeInfo extends SerializerTypeInfo<PaimonCommittable> {
    private static final long serialVersionUID = 1L;

    public static final PaimonCommittableTypeInfo INSTANCE = new PaimonCommittableTypeInfo();

    private PaimonCommittableTypeInfo() {
        super(PaimonCommittable.class, () -> PaimonCommittableSerializer.INSTANCE);
    }
}
