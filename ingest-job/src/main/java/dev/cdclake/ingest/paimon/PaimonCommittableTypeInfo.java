package dev.cdclake.ingest.paimon;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** {@link TypeInformation} of {@link PaimonCommittable}, backed by {@link PaimonCommittableSerializer} (never Kryo). */
public final class PaimonCommittableTypeInfo extends TypeInformation<PaimonCommittable> {
    private static final long serialVersionUID = 1L;

    public static final PaimonCommittableTypeInfo INSTANCE = new PaimonCommittableTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<PaimonCommittable> getTypeClass() {
        return PaimonCommittable.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<PaimonCommittable> createSerializer(SerializerConfig config) {
        return PaimonCommittableSerializer.INSTANCE;
    }

    @Override
    @Deprecated
    public TypeSerializer<PaimonCommittable> createSerializer(ExecutionConfig config) {
        return PaimonCommittableSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "PaimonCommittable";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof PaimonCommittableTypeInfo;
    }

    @Override
    public int hashCode() {
        return PaimonCommittableTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof PaimonCommittableTypeInfo;
    }
}
