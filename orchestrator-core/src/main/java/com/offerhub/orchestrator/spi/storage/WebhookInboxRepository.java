package com.offerhub.orchestrator.spi.storage;

import java.time.Instant;
import java.util.Optional;

/**
 * Provider webhooks as received (spec/06 §8.3): one message per {@code (provider, messageId)}, stored
 * before it is processed so that a redelivery of the same message is recognised.
 */
public interface WebhookInboxRepository {
  /**
   * A received message. {@code objectId} and {@code objectCode} are the provider's id and our
   * reference of the payment it is about; {@code processedAt} and {@code outcome} are set once
   * processing is done.
   */
  record Message(String provider, String messageId, String eventType, String objectId, String objectCode,
      Instant receivedAt, Instant processedAt, String outcome) {
    public Message {
      java.util.Objects.requireNonNull(provider, "provider");
      java.util.Objects.requireNonNull(messageId, "messageId");
      java.util.Objects.requireNonNull(eventType, "eventType");
      java.util.Objects.requireNonNull(receivedAt, "receivedAt");
    }
  }

  /** Stores {@code message} unless one with its provider and id exists; true if it was stored. */
  boolean add(Message message);

  Optional<Message> find(String provider, String messageId);

  /** Records that the message was processed, with a short outcome ({@code applied}, {@code unknown payment}). */
  void markProcessed(String provider, String messageId, Instant at, String outcome);
}
