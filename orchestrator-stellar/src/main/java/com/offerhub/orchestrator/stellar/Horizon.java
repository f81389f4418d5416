package com.offerhub.orchestrator.stellar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.offerhub.orchestrator.spi.chain.ChainException;
import com.offerhub.orchestrator.spi.chain.SubmitResult;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.stellar.sdk.Server;
import org.stellar.sdk.requests.ErrorResponse;
import org.stellar.sdk.responses.AccountResponse;
import org.stellar.sdk.responses.RootResponse;
import org.stellar.sdk.responses.TransactionResponse;

/**
 * Horizon over HTTP: reads through the SDK's {@link Server}, submission by its own
 * {@code POST /transactions} so that every answer is classified exactly (spec/04 §7.4).
 */
final class Horizon implements AutoCloseable {
  private final HttpUrl base;
  private final Server server;
  private final OkHttpClient submitClient;
  private final OkHttpClient client;
  private final ObjectMapper json = new ObjectMapper();

  Horizon(HttpUrl base, OkHttpClient client, Duration submitReadTimeout) {
    this.base = base;
    this.client = client;
    this.submitClient = client.newBuilder().readTimeout(submitReadTimeout).build();
    this.server = new Server(base.toString(), client, submitClient);
  }

  /** The account, or empty when Horizon answers 404. */
  Optional<AccountResponse> account(String accountId) {
    try {
      return Optional.of(server.accounts().account(accountId));
    } catch (ErrorResponse e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw unavailable("reading account " + accountId, e);
    } catch (IOException | RuntimeException e) {
      throw unavailable("reading account " + accountId, e);
    }
  }

  RootResponse root() {
    try {
      return server.root();
    } catch (IOException | RuntimeException e) {
      throw unavailable("reading the root document", e);
    }
  }

  /** Close time of the newest ledger Horizon has ingested. */
  Instant latestCloseTime() {
    RootResponse root = root();
    String closedAt = root.getHistoryLatestLedgerClosedAt();
    try {
      if (closedAt == null) {
        closedAt = server.ledgers().ledger(root.getHistoryLatestLedger()).getClosedAt();
      }
      return Instant.parse(closedAt);
    } catch (IOException | DateTimeParseException | NullPointerException | ErrorResponse e) {
      throw unavailable("reading the latest ledger's close time", e);
    }
  }

  /** The transaction by hash (outer or inner hash of a fee-bump), or empty on 404. */
  Optional<TransactionResponse> transaction(String hash) {
    try {
      return Optional.of(server.transactions().transaction(hash));
    } catch (ErrorResponse e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw unavailable("looking up transaction " + hash, e);
    } catch (IOException | RuntimeException e) {
      throw unavailable("looking up transaction " + hash, e);
    }
  }

  /** {@code GET /payments} ascending from {@code cursor} (null = the oldest), records alone. */
  List<PaymentRecord> payments(String cursor, int limit) {
    return page(base.newBuilder().addPathSegment("payments"), cursor, "asc", limit, "scanning payments", false);
  }

  /** {@code GET /accounts/{id}/payments} newest first, before {@code cursor}; empty for an unknown account. */
  List<PaymentRecord> accountPayments(String accountId, String cursor, int limit) {
    return page(base.newBuilder().addPathSegment("accounts").addPathSegment(accountId).addPathSegment("payments"),
        cursor, "desc", limit, "reading payments of " + accountId, true);
  }

  /**
   * One page of a payments endpoint, read with Jackson (see {@link PaymentRecord}). Anything but a
   * whole, readable 200 page (404 of an account when {@code unknownIsEmpty}) is a ChainException.
   */
  private List<PaymentRecord> page(HttpUrl.Builder url, String cursor, String order, int limit, String what,
      boolean unknownIsEmpty) {
    url.addQueryParameter("order", order).addQueryParameter("limit", Integer.toString(limit));
    if (cursor != null) {
      url.addQueryParameter("cursor", cursor);
    }
    Request request = new Request.Builder().url(url.build()).get().build();
    int status;
    JsonNode page;
    try (Response response = client.newCall(request).execute()) {
      status = response.code();
      if (status != 200) {
        page = null;
      } else {
        ResponseBody body = response.body();
        page = body == null ? null : json.readTree(body.byteStream());
      }
    } catch (IOException | RuntimeException e) {
      throw unavailable(what, e);
    }
    if (status == 404 && unknownIsEmpty) {
      return List.of();
    }
    if (status == 429) {
      throw new ChainException("Horizon is limiting requests (429) while " + what);
    }
    if (status != 200) {
      throw new ChainException("Horizon did not answer while " + what + " (HTTP " + status + ")");
    }
    if (page == null || !page.isObject()) {
      throw new ChainException("Horizon answered an unreadable page while " + what);
    }
    return PaymentRecord.page(page);
  }

  /**
   * {@code POST /transactions}: 200 is CONFIRMED; a 400 that names result codes (or the problem)
   * is REJECTED; anything else, a timeout, a lost connection or an unreadable answer is PENDING,
   * to be settled by a lookup of the hash.
   */
  SubmitResult submit(String envelope, String hash) {
    Request request = new Request.Builder().url(base.newBuilder().addPathSegment("transactions").build())
        .post(new FormBody.Builder().add("tx", envelope).build())
        .build();
    int status;
    String body;
    try (Response response = submitClient.newCall(request).execute()) {
      status = response.code();
      ResponseBody content = response.body();
      body = content == null ? "" : content.string();
    } catch (IOException | RuntimeException e) {
      return SubmitResult.pending(hash);
    }
    JsonNode answer;
    try {
      answer = json.readTree(body);
    } catch (IOException e) {
      return SubmitResult.pending(hash);
    }
    if (status == 200 && answer != null && answer.hasNonNull("ledger")) {
      return SubmitResult.confirmed(hash, answer.path("ledger").asLong());
    }
    if (status == 400 && answer != null && answer.isObject()) {
      JsonNode codes = answer.path("extras").path("result_codes");
      if (codes.isObject()) {
        List<String> operations = new ArrayList<>();
        codes.path("operations").forEach(op -> operations.add(op.asText()));
        return SubmitResult.rejected(hash, ResultCodes.describe(text(codes, "transaction"),
            text(codes, "inner_transaction"), operations));
      }
      String type = text(answer, "type");
      if (type != null || answer.hasNonNull("title")) {
        String name = type == null ? text(answer, "title") : type.substring(type.lastIndexOf('/') + 1);
        return SubmitResult.rejected(hash, name);
      }
    }
    return SubmitResult.pending(hash);
  }

  /** Asks friendbot to fund {@code accountId}; returns the HTTP status and a short body. */
  FriendbotAnswer friendbot(HttpUrl friendbot, String accountId) {
    Request request = new Request.Builder().url(friendbot.newBuilder().setQueryParameter("addr", accountId).build())
        .get().build();
    try (Response response = client.newCall(request).execute()) {
      ResponseBody content = response.body();
      String body = content == null ? "" : content.string();
      return new FriendbotAnswer(response.code(), body.length() > 300 ? body.substring(0, 300) : body);
    } catch (IOException e) {
      throw unavailable("calling friendbot for " + accountId, e);
    }
  }

  record FriendbotAnswer(int status, String body) {
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static ChainException unavailable(String what, Exception e) {
    String detail = e instanceof ErrorResponse error ? "HTTP " + error.getCode() : e.getClass().getSimpleName();
    return new ChainException("Horizon did not answer while " + what + " (" + detail + ")", e);
  }

  @Override
  public void close() {
    server.close();
  }
}
