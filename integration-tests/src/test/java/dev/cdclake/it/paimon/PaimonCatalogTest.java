package dev.cdclake.it.paimon;

import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.data.BinaryString;
import org.apache.paimon.data.GenericRow;
import org.apache.paimon.data.InternalRow;
import org.apache.paimon.reader.RecordReader;
import org.apache.paimon.rest.RESTCatalogOptions;
import org.apache.paimon.rest.exceptions.NotAuthorizedException;
import org.apache.paimon.schema.Schema;
import org.apache.paimon.schema.SchemaChange;
import org.apache.paimon.table.Table;
import org.apache.paimon.table.sink.BatchTableCommit;
import org.apache.paimon.table.sink.BatchTableWrite;
import org.apache.paimon.table.sink.BatchWriteBuilder;
import org.apache.paimon.table.source.ReadBuilder;
import org.apache.paimon.types.DataTypes;
import org.apache.paimon.types.RowKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A primary-key table is created, written and read back through each catalog fixture; the REST catalog rejects
 * wrong credentials.
 */
@ExtendWith(PaimonExtension.class)
class PaimonCatalogTest {

    private static final Identifier TABLE = Identifier.create("it_db", "customers");

    @Test
    void filesystemCatalog(PaimonWarehouse warehouse) throws Exception {
        try (Catalog catalog = warehouse.createCatalog()) {
            assertPrimaryKeyTableRoundTrip(catalog);
            assertRenameKeepsRowsAndOptions(catalog);
        }
    }

    @Test
    void restCatalogWithBearerToken(PaimonRestCatalogServer server) throws Exception {
        assertThat(server.catalogOptions())
                .containsEntry("metastore", "rest")
                .containsEntry("token.provider", "bear")
                .containsKeys("uri", "warehouse", "token");
        try (Catalog catalog = server.createCatalog()) {
            assertPrimaryKeyTableRoundTrip(catalog);
        }
    }

    @Test
    void restCatalogRejectsAWrongBearerToken(PaimonRestCatalogServer server) {
        assertThatThrownBy(() -> server.createCatalog(Map.of(RESTCatalogOptions.TOKEN.key(), "wrong-token"))
                        .close())
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void restCatalogWithDlfSigning() throws Exception {
        try (PaimonRestCatalogServer server = PaimonRestCatalogServer.startWithDlfSigning(
                "it-access-key-id", "it-access-key-secret", PaimonRestCatalogServer.DEFAULT_DLF_REGION)) {
            assertThat(server.catalogOptions())
                    .containsEntry("token.provider", "dlf")
                    .containsEntry("dlf.region", PaimonRestCatalogServer.DEFAULT_DLF_REGION)
                    .containsKeys("dlf.access-key-id", "dlf.access-key-secret");
            try (Catalog catalog = server.createCatalog()) {
                assertPrimaryKeyTableRoundTrip(catalog);
            }
            assertThatThrownBy(() -> server.createCatalog(
                                    Map.of(RESTCatalogOptions.DLF_ACCESS_KEY_SECRET.key(), "wrong-secret"))
                            .close())
                    .isInstanceOf(NotAuthorizedException.class);
        }
    }

    /** Two commits on a primary-key table: the second updates one key and deletes another, reads see the merge. */
    private static void assertPrimaryKeyTableRoundTrip(Catalog catalog) throws Exception {
        catalog.createDatabase(TABLE.getDatabaseName(), false);
        catalog.createTable(
                TABLE,
                Schema.newBuilder()
                        .column("id", DataTypes.INT().notNull())
                        .column("name", DataTypes.STRING())
                        .primaryKey("id")
                        .option("bucket", "1")
                        .build(),
                false);
        Table table = catalog.getTable(TABLE);

        commit(table, GenericRow.of(1, str("alice")), GenericRow.of(2, str("bob")));
        commit(table, GenericRow.of(1, str("alice-2")), GenericRow.ofKind(RowKind.DELETE, 2, str("bob")));

        assertThat(readAll(catalog.getTable(TABLE))).containsExactly("1:alice-2");
    }

    /**
     * What ingest-job's committer does for a RENAME TABLE under evolve, on the filesystem catalog: the mark first, then
     * the rename; the table keeps its rows and options under the new name and takes new commits there. (Paimon's own
     * REST server moves only the table's metadata, not its files: the next commit under the new name finds no
     * schema, which is why evolve follows renames on filesystem catalogs only.)
     */
    private static void assertRenameKeepsRowsAndOptions(Catalog catalog) throws Exception {
        Identifier renamed = Identifier.create(TABLE.getDatabaseName(), "clients");
        catalog.alterTable(TABLE, List.of(SchemaChange.setOption("cdclake.source.ddl-position", "1@b.1:4")), false);
        catalog.renameTable(TABLE, renamed, false);
        assertThatThrownBy(() -> catalog.getTable(TABLE)).isInstanceOf(Catalog.TableNotExistException.class);
        assertThat(catalog.getTable(renamed).options()).containsEntry("cdclake.source.ddl-position", "1@b.1:4");
        commit(catalog.getTable(renamed), GenericRow.of(3, str("carol")));
        assertThat(readAll(catalog.getTable(renamed))).containsExactly("1:alice-2", "3:carol");
    }

    private static void commit(Table table, GenericRow... rows) throws Exception {
        BatchWriteBuilder builder = table.newBatchWriteBuilder();
        try (BatchTableWrite write = builder.newWrite();
                BatchTableCommit commit = builder.newCommit()) {
            for (GenericRow row : rows) {
                write.write(row);
            }
            commit.commit(write.prepareCommit());
        }
    }

    private static List<String> readAll(Table table) throws Exception {
        ReadBuilder builder = table.newReadBuilder();
        List<String> rows = new ArrayList<>();
        try (RecordReader<InternalRow> reader =
                builder.newRead().createReader(builder.newScan().plan())) {
            reader.forEachRemaining(row -> rows.add(row.getInt(0) + ":" + row.getString(1)));
        }
        return rows;
    }

    private static BinaryString str(String value) {
        return BinaryString.fromString(value);
    }
}
