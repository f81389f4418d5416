package com.offerhub.orchestrator.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * AirTM's hosted checkout, reduced to what a test or a person trying the flow needs: {@code GET
 * /airtm/payin/{id}} shows the pay-in with a form to pay (an e-mail) or cancel; {@code
 * /airtm/payin/{id}/confirm} (POST form or JSON {@code email}, or GET {@code ?email=}) confirms it
 * and answers 302 to its {@code confirmationUri} with {@code code} appended; {@code .../cancel}
 * cancels it and answers 302 to its {@code cancelUri} (spec/06 §5.2). Once the pay-in left
 * {@code CREATED} the page answers 410, as AirTM's stops working. Stateless.
 */
final class AirtmCheckout {
  private AirtmCheckout() {}

  static void handle(Http http, AirtmEnterprise enterprise, List<String> rest) throws IOException {
    if (rest.isEmpty() || rest.size() > 2) {
      page(http, 404, "Unknown payment", "<p>There is no such payment.</p>");
      return;
    }
    String id = rest.get(0);
    ObjectNode payin = enterprise.payinOrNull(id);
    if (payin == null) {
      page(http, 404, "Unknown payment", "<p>There is no such payment.</p>");
      return;
    }
    try {
      if (rest.size() == 1) {
        show(http, payin);
      } else if (rest.get(1).equals("confirm")) {
        ObjectNode confirmed = enterprise.confirmPayin(id, email(http));
        redirect(http, AirtmFront.withCode(confirmed.get("confirmationUri").asText(), confirmed.get("code").asText()));
      } else if (rest.get(1).equals("cancel")) {
        ObjectNode canceled = enterprise.cancelPayin(id);
        redirect(http, AirtmFront.withCode(canceled.get("cancelUri").asText(), canceled.get("code").asText()));
      } else {
        page(http, 404, "Unknown page", "<p>There is no such page.</p>");
      }
    } catch (AirtmRefusal refusal) {
      page(http, refusal.status(), "Payment not possible", "<p>" + escape(refusal.getMessage()) + " ("
          + refusal.code() + ")</p>");
    }
  }

  private static void show(Http http, ObjectNode payin) throws IOException {
    String id = payin.get("id").asText();
    String status = payin.get("status").asText();
    if (!status.equals("CREATED")) {
      page(http, 410, "Payment no longer available", "<p>This payment is "
          + escape(status.toLowerCase(Locale.ROOT))
          + "; start a new one to pay again.</p>");
      return;
    }
    StringBuilder items = new StringBuilder("<ul>");
    for (JsonNode item : payin.get("items")) {
      items.append("<li>").append(item.get("quantity").asInt()).append(" &times; ")
          .append(escape(item.get("description").asText())).append(": ")
          .append(item.get("amount").decimalValue().toPlainString()).append(" USD</li>");
    }
    items.append("</ul>");
    String action = AirtmFront.PREFIX + "/payin/" + escape(id);
    page(http, 200, "Pay " + payin.get("amount").decimalValue().toPlainString() + " USD",
        "<p>" + escape(payin.get("description").asText()) + "</p>" + items
            + "<form method=\"post\" action=\"" + action + "/confirm\">"
            + "<label>AirTM e-mail <input type=\"email\" name=\"email\" required></label> "
            + "<button type=\"submit\">Pay</button></form>"
            + "<form method=\"post\" action=\"" + action + "/cancel\"><button type=\"submit\">Cancel</button></form>");
  }

  private static String email(Http http) throws IOException {
    String email = http.query("email");
    if (email != null) {
      return email;
    }
    String type = http.header("Content-Type");
    if (type != null && type.toLowerCase(Locale.ROOT).contains("json")) {
      JsonNode body = http.json();
      return body == null || !body.hasNonNull("email") ? null : body.get("email").asText();
    }
    return http.form("email");
  }

  private static void redirect(Http http, String location) throws IOException {
    http.header("Location", location);
    http.send(302, "text/html; charset=utf-8", ("<a href=\"" + escape(location) + "\">continue</a>")
        .getBytes(StandardCharsets.UTF_8));
  }

  private static void page(Http http, int status, String title, String content) throws IOException {
    String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(title)
        + " - AirTM (simulator)</title></head><body><h1>" + escape(title) + "</h1>" + content + "</body></html>";
    http.send(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
