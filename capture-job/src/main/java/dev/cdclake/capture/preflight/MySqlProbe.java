package dev.cdclake.capture.preflight;

import dev.cdclake.events.health.PartProbe;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/** MySQL answers when a connection opens and runs {@code SELECT 1} within {@link #TIMEOUT}. */
public final class MySqlProbe implements PartProbe {
    private static final long serialVersionUID = 1L;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String where;
    private final String user;
    private final String password;
    private final Properties jdbcProperties;

    public MySqlProbe(String host, int port, String user, String password, Properties jdbcProperties) {
        this.where = host + ":" + port;
        this.user = user;
        this.password = password;
        this.jdbcProperties = new Properties();
        this.jdbcProperties.putAll(jdbcProperties);
        this.jdbcProperties.put("socketTimeout", String.valueOf(TIMEOUT.toMillis()));
    }

    @Override
    public String describe() {
        return "MySQL at " + where;
    }

    @Override
    public void probe() throws Exception {
        try (Connection c = MySqlPreflight.connect(where, user, password, TIMEOUT, jdbcProperties);
                Statement st = c.createStatement()) {
            st.execute("SELECT 1");
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
