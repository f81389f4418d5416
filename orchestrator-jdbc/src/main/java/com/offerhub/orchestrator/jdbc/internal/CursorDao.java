package com.offerhub.orchestrator.jdbc.internal;

import com.offerhub.orchestrator.spi.storage.CursorRepository;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code oh_chain_cursors} table: named positions in external streams. */
interface CursorDao extends CursorRepository, SqlObject {
  @Override
  @SqlQuery("SELECT position FROM oh_chain_cursors WHERE name = :name")
  Optional<String> get(@Bind("name") String name);

  @SqlUpdate("UPDATE oh_chain_cursors SET position = :position WHERE name = :name")
  boolean update(@Bind("name") String name, @Bind("position") String position);

  @SqlUpdate("INSERT INTO oh_chain_cursors (name, position) VALUES (:name, :position)")
  void insert(@Bind("name") String name, @Bind("position") String position);

  @Override
  default void put(String name, String position) {
    if (!update(name, position)) {
      insert(name, position);
    }
  }
}
