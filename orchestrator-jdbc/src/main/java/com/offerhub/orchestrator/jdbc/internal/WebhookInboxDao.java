package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;

import com.offerhub.orchestrator.spi.storage.WebhookInboxRepository.Message;
import com.offerhub.orchestrator.spi.storage.WebhookInboxRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code oh_webhook_inbox} table: each provider message once. */
@RegisterRowMapper(WebhookInboxDao.Mapper.class)
interface WebhookInboxDao extends WebhookInboxRepository, SqlObject {
  /** Whether the message is new (a duplicate inserts nothing). */
  @Override
  @SqlUpdate("INSERT INTO oh_webhook_inbox (provider, message_id, event_type, object_id, object_code, received_at) "
      + "VALUES (:provider, :messageId, :eventType, :objectId, :objectCode, :receivedAt) ON CONFLICT DO NOTHING")
  boolean add(@BindMethods Message message);

  @Override
  @SqlQuery("SELECT * FROM oh_webhook_inbox WHERE provider = :provider AND message_id = :messageId")
  Optional<Message> find(@Bind("provider") String provider, @Bind("messageId") String messageId);

  @Override
  @SqlUpdate("UPDATE oh_webhook_inbox SET processed_at = :at, outcome = :outcome WHERE provider = :provider "
      + "AND message_id = :messageId")
  void markProcessed(@Bind("provider") String provider, @Bind("messageId") String messageId, @Bind("at") Instant at,
      @Bind("outcome") String outcome);

  /** A row of {@code oh_webhook_inbox}. */
  final class Mapper implements RowMapper<Message> {
    @Override
    public Message map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Message(rs.getString("provider"), rs.getString("message_id"), rs.getString("event_type"),
          rs.getString("object_id"), rs.getString("object_code"), instant(rs, "received_at"),
          instant(rs, "processed_at"), rs.getString("outcome"));
    }
  }
}
