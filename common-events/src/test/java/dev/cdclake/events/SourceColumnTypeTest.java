package dev.cdclake.events;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.cdclake.events.SourceColumnType.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;

class SourceColumnTypeTest {

    @Test
    void mySqlSpellingAndDebeziumSpellingReadAlike() {
        SourceColumnType mysql = SourceColumnType.parse("int(10) unsigned");
        SourceColumnType debezium = SourceColumnType.parse("INT UNSIGNED(10)");
        assertThat(mysql).isEqualTo(debezium);
        assertThat(mysql.name()).isEqualTo("INT UNSIGNED");
        assertThat(mysql.baseName()).isEqualTo("INT");
        assertThat(mysql.unsigned()).isTrue();
        assertThat(mysql.length()).isEqualTo(10);
        assertThat(mysql.scale()).isEqualTo(ABSENT);
        assertThat(mysql).hasToString("INT UNSIGNED(10)");
    }

    @Test
    void lengthAndScale() {
        SourceColumnType decimal = SourceColumnType.parse("decimal(10,2)");
        assertThat(decimal.name()).isEqualTo("DECIMAL");
        assertThat(decimal.length()).isEqualTo(10);
        assertThat(decimal.scale()).isEqualTo(2);
        assertThat(decimal).hasToString("DECIMAL(10,2)");
        assertThat(SourceColumnType.parse("varchar(255)").length()).isEqualTo(255);
        SourceColumnType text = SourceColumnType.parse(" longtext ");
        assertThat(text.name()).isEqualTo("LONGTEXT");
        assertThat(text.length()).isEqualTo(ABSENT);
        assertThat(text.unsigned()).isFalse();
        assertThat(SourceColumnType.parse("bigint unsigned zerofill").baseName())
                .isEqualTo("BIGINT");
    }

    @Test
    void enumAndSetValues() {
        SourceColumnType e = SourceColumnType.parse("enum('red','it''s, (odd)','blue')");
        assertThat(e.name()).isEqualTo("ENUM");
        assertThat(e.values()).containsExactly("red", "it's, (odd)", "blue");
        assertThat(e.length()).isEqualTo(ABSENT);
        assertThat(e).hasToString("ENUM('red','it''s, (odd)','blue')");
        assertThat(SourceColumnType.parse(e.toString())).isEqualTo(e);
        assertThat(SourceColumnType.of("set", ABSENT, ABSENT, List.of("a", "b")))
                .hasToString("SET('a','b')");
    }

    @Test
    void debeziumParametersWithoutLength() {
        SourceColumnType datetime = SourceColumnType.of("DATETIME", ABSENT, ABSENT, List.of());
        assertThat(datetime).hasToString("DATETIME");
        assertThat(SourceColumnType.parse("DATETIME")).isEqualTo(datetime);
    }
}
