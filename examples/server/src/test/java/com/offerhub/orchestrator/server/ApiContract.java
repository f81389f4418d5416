package com.offerhub.orchestrator.server;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * The OpenAPI document as a contract: every request the tests send and every response they get is checked
 * against {@code openapi.json} (the document the server serves), so the document cannot drift from the server
 * without failing the build. The document is parsed and the validator built once per JVM.
 */
final class ApiContract {
  static final String BASE = "/api/v1";

  /** One exchange as sent and received. Header names and values in pairs; the path may carry a query. */
  record Exchange(String method, String pathAndQuery, List<String> requestHeaders, byte[] requestBody,
      int status, Map<String, List<String>> responseHeaders, String responseBody) {}

  private static final class Loaded {
    private static final long START = System.nanoTime();
    static final OpenAPI DOCUMENT = parse();
    static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator.createFor(DOCUMENT)
        .withBasePathOverride(BASE)
        .withSchemaFactorySupplier(JavaRegexPattern::schemaFactory)
        .build();
    static final SchemaValidator SCHEMAS = new SchemaValidator(DOCUMENT, new MessageResolver(),
        JavaRegexPattern::schemaFactory);
    static final long LOAD_MILLIS = (System.nanoTime() - START) / 1_000_000;
  }

  private ApiContract() {}

  /**
   * The document and the server disagree. Its own type so that a test catching the AssertionError of a lost
   * connection (Http wraps I/O failures in one) can let drifts through.
   */
  static final class DriftError extends AssertionError {
    private static final long serialVersionUID = 1L;

    DriftError(String message) {
      super(message);
    }
  }

  private static OpenAPI parse() {
    String text;
    try (InputStream in = ApiContract.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is not on the test class path");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    // allOf merged into one schema, so that undocumented members are refused (the validator's default)
    options.setResolveFully(true);
    options.setResolveCombinators(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(nullableRefsInlined(text), null, options);
    if (result.getOpenAPI() == null || (result.getMessages() != null && !result.getMessages().isEmpty())) {
      throw new IllegalStateException("openapi.json does not parse: " + result.getMessages());
    }
    return result.getOpenAPI();
  }

  /**
   * The document's nullable reference, {@code {"allOf": [{"$ref": X}], "nullable": true}} (the OpenAPI 3.0
   * idiom), with X's schema copied in its place: merging allOf drops the {@code nullable} beside it.
   */
  private static String nullableRefsInlined(String text) {
    try {
      JsonNode document = Http.JSON.readTree(text);
      JsonNode schemas = document.path("components").path("schemas");
      inline(document, schemas);
      return Http.JSON.writeValueAsString(document);
    } catch (IOException e) {
      throw new IllegalStateException("openapi.json is not JSON", e);
    }
  }

  private static void inline(JsonNode node, JsonNode schemas) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> members = object.properties().iterator();
      while (members.hasNext()) {
        Map.Entry<String, JsonNode> member = members.next();
        JsonNode value = member.getValue();
        JsonNode allOf = value.path("allOf");
        if (value.path("nullable").asBoolean(false) && allOf.size() == 1 && allOf.get(0).has("$ref")) {
          String name = allOf.get(0).get("$ref").asText().replace("#/components/schemas/", "");
          ObjectNode copy = ((ObjectNode) schemas.get(name)).deepCopy();
          value.properties().forEach(e -> {
            if (!e.getKey().equals("allOf")) {
              copy.set(e.getKey(), e.getValue());
            }
          });
          member.setValue(copy);
        }
        inline(member.getValue(), schemas);
      }
    } else if (node.isArray()) {
      node.forEach(item -> inline(item, schemas));
    }
  }

  /**
   * Problems of one exchange: the response against the operation's documented responses, and the request
   * against the operation unless {@code checkRequest} is false (a test that sends an invalid request on
   * purpose). Empty when the exchange is as documented.
   */
  static List<String> problems(Exchange exchange, boolean checkRequest) {
    long start = System.nanoTime();
    try {
      return validate(exchange, checkRequest, request(exchange));
    } finally {
      Cost.NANOS.add(System.nanoTime() - start);
      Cost.EXCHANGES.increment();
    }
  }

  /**
   * What the checks cost the suite (the CI budget), written when the test JVM exits to
   * {@code target/openapi-contract-cost.txt}.
   */
  private static final class Cost {
    static final LongAdder NANOS = new LongAdder();
    static final LongAdder EXCHANGES = new LongAdder();

    static {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        String line = String.format("%d exchanges checked in %d ms; document loaded in %d ms%n", EXCHANGES.sum(),
            NANOS.sum() / 1_000_000, Loaded.LOAD_MILLIS);
        try {
          Files.writeString(Path.of("target", "openapi-contract-cost.txt"), line, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
          // only a measurement
        }
      }));
    }
  }

  private static List<String> validate(Exchange exchange, boolean checkRequest, Request request) {
    SimpleResponse.Builder response = SimpleResponse.Builder.status(exchange.status());
    exchange.responseHeaders().forEach((name, values) -> {
      if (!name.startsWith(":")) {
        response.withHeader(name, values);
      }
    });
    if (exchange.responseBody() != null && !exchange.responseBody().isEmpty()) {
      response.withBody(exchange.responseBody());
    }
    ValidationReport report = checkRequest
        ? Loaded.VALIDATOR.validate(request, response.build())
        : Loaded.VALIDATOR.validateResponse(request.getPath(), request.getMethod(), response.build());
    List<String> problems = messages(report);
    if (!checkRequest && !problems.isEmpty() && problems.stream().allMatch(p -> p.startsWith(PATH_MISSING))) {
      // a path the document does not have, on purpose: the answer must still be a documented error
      return unknownRoute(exchange, 404);
    }
    if (!checkRequest && !problems.isEmpty() && problems.stream().allMatch(p -> p.startsWith(METHOD_MISSING))) {
      return unknownRoute(exchange, 405);
    }
    return problems;
  }

  private static final String PATH_MISSING = "validation.request.path.missing";
  private static final String METHOD_MISSING = "validation.request.operation.notAllowed";

  private static List<String> unknownRoute(Exchange exchange, int expected) {
    List<String> problems = new ArrayList<>(schemaProblems(exchange.responseBody(), "ErrorEnvelope"));
    if (exchange.status() != expected) {
      problems.add("an unknown route must answer " + expected + ", not " + exchange.status());
    }
    return problems;
  }

  /** Problems of a request alone: empty when the document accepts it. */
  static List<String> requestProblems(String method, String pathAndQuery, List<String> headers, byte[] body) {
    Exchange exchange = new Exchange(method, pathAndQuery, headers, body, 0, Map.of(), null);
    return messages(Loaded.VALIDATOR.validateRequest(request(exchange)));
  }

  /** Problems of one JSON value against a named schema of {@code components/schemas} (SSE frames). */
  static List<String> schemaProblems(String json, String schemaName) {
    Schema<?> schema = Loaded.DOCUMENT.getComponents().getSchemas().get(schemaName);
    if (schema == null) {
      return List.of("no schema " + schemaName + " in the document");
    }
    return messages(Loaded.SCHEMAS.validate(json, schema, "sse"));
  }

  /** Fails with a message naming the operation and every problem of the exchange. */
  static void assertConforms(Exchange exchange, boolean checkRequest) {
    List<String> problems = problems(exchange, checkRequest);
    if (!problems.isEmpty()) {
      throw new DriftError(describe(exchange, problems));
    }
  }

  /**
   * What {@link Http} runs on every exchange: {@link #assertConforms}, or, with {@code -Dopenapi.drift.log=FILE},
   * the problems appended to FILE with the test that met them, so that one run of the suite lists every drift
   * (for updating the document).
   */
  static void check(Exchange exchange, boolean checkRequest) {
    List<String> problems = problems(exchange, checkRequest);
    if (!problems.isEmpty()) {
      fail(describe(exchange, problems));
    }
  }

  /** Fails the test with {@code message}, or appends it to the drift log when one is asked for. */
  static void fail(String message) {
    String driftLog = System.getProperty("openapi.drift.log");
    if (driftLog == null || driftLog.isEmpty()) {
      throw new DriftError(message);
    }
    String test = java.util.Arrays.stream(Thread.currentThread().getStackTrace())
        .filter(frame -> frame.getClassName().matches(".*(Test|Scenarios)(\\$.*)?"))
        .map(frame -> frame.getClassName().replaceAll(".*\\.", "") + "." + frame.getMethodName() + ":"
            + frame.getLineNumber())
        .findFirst().orElse("?");
    try {
      Files.writeString(Path.of(driftLog), "[" + test + "] " + message + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(Exchange exchange, List<String> problems) {
    String body = exchange.responseBody() == null ? "" : exchange.responseBody();
    return "OpenAPI contract: " + exchange.method() + " " + exchange.pathAndQuery() + " -> " + exchange.status()
        + " differs from openapi.json:\n  " + String.join("\n  ", problems)
        + "\n  response body: " + (body.length() > 600 ? body.substring(0, 600) + "..." : body);
  }

  private static Request request(Exchange exchange) {
    String pathAndQuery = exchange.pathAndQuery();
    int question = pathAndQuery.indexOf('?');
    String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    SimpleRequest.Builder request = new SimpleRequest.Builder(exchange.method().toUpperCase(Locale.ROOT), path);
    if (question >= 0) {
      Map<String, List<String>> query = new LinkedHashMap<>();
      for (String pair : pathAndQuery.substring(question + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String name = decode(equals < 0 ? pair : pair.substring(0, equals));
        String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
        query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      }
      query.forEach(request::withQueryParam);
    }
    List<String> headers = exchange.requestHeaders();
    for (int i = 0; i < headers.size(); i += 2) {
      request.withHeader(headers.get(i), headers.get(i + 1));
    }
    if (exchange.requestBody() != null) {
      request.withBody(exchange.requestBody());
    }
    return request.build();
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  private static List<String> messages(ValidationReport report) {
    return report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        .map(m -> m.getKey() + ": " + m.getMessage()
            + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo())
            + m.getNestedMessages().stream().map(n -> "\n      " + n.getMessage()).collect(Collectors.joining()))
        .toList();
  }
}
