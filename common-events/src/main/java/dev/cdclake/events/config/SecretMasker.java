package dev.cdclake.events.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Masks the values of keys that hold passwords, secrets, tokens or access keys wherever configuration is printed. */
public final class SecretMasker {
    public static final String MASK = "******";

    private static final String[] SENSITIVE_PARTS = {
        "password",
        "passwd",
        "secret",
        "token",
        "access-key",
        "accesskey",
        "access.key",
        "credential",
        "sasl.jaas.config",
        "private-key",
        "apikey",
        "api-key",
        "auth-params",
        "basic-auth"
    };

    /** Keys that name how to get a secret, not the secret itself. */
    private static final String[] NOT_SECRET_SUFFIXES = {
        "token.provider", "token-path", "token-loader", "token-ecs-role-name", "token-ecs-metadata-url"
    };

    private SecretMasker() {}

    public static boolean isSensitive(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String suffix : NOT_SECRET_SUFFIXES) {
            if (k.endsWith(suffix)) {
                return false;
            }
        }
        for (String part : SENSITIVE_PARTS) {
            if (k.contains(part)) {
                return true;
            }
        }
        return false;
    }

    public static String mask(String key, String value) {
        return isSensitive(key) ? MASK : value;
    }

    /** A sorted copy with sensitive values masked, for logs and error messages. */
    public static Map<String, String> mask(Map<String, String> options) {
        Map<String, String> out = new TreeMap<>();
        options.forEach((k, v) -> out.put(k, mask(k, v)));
        return out;
    }
}
