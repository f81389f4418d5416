package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.spi.storage.WebhookInboxRepository;
import java.time.Instant;
import java.util.Optional;

/** The webhook inbox of one {@link MemoryTransaction}: a message once per provider and message id. */
final class MemoryWebhookInbox implements WebhookInboxRepository {
  private final TableView<Message> rows;

  MemoryWebhookInbox(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.webhookInbox);
  }

  @Override
  public boolean add(Message message) {
    if (rows.lock(MemoryDatabase.messageKey(message.provider(), message.messageId())).isPresent()) {
      return false;
    }
    rows.insert(message);
    return true;
  }

  @Override
  public Optional<Message> find(String provider, String messageId) {
    return rows.find(MemoryDatabase.messageKey(provider, messageId));
  }

  @Override
  public void markProcessed(String provider, String messageId, Instant at, String outcome) {
    rows.lock(MemoryDatabase.messageKey(provider, messageId)).ifPresent(m -> rows.update(new Message(m.provider(),
        m.messageId(), m.eventType(), m.objectId(), m.objectCode(), m.receivedAt(), at, outcome)));
  }
}
