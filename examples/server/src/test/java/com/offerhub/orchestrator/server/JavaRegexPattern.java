package com.offerhub.orchestrator.server;

import com.atlassian.oai.validator.schema.SwaggerV20Library;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.fge.jackson.NodeType;
import com.github.fge.jsonschema.cfg.ValidationConfiguration;
import com.github.fge.jackson.jsonpointer.JsonPointer;
import com.github.fge.jsonschema.core.keyword.syntax.checkers.AbstractSyntaxChecker;
import com.github.fge.jsonschema.core.tree.SchemaTree;
import com.github.fge.jsonschema.core.processing.Processor;
import com.github.fge.jsonschema.core.report.ListReportProvider;
import com.github.fge.jsonschema.core.report.LogLevel;
import com.github.fge.jsonschema.core.report.ProcessingReport;
import com.github.fge.jsonschema.keyword.validator.AbstractKeywordValidator;
import com.github.fge.jsonschema.library.Keyword;
import com.github.fge.jsonschema.library.Library;
import com.github.fge.jsonschema.main.JsonSchemaFactory;
import com.github.fge.jsonschema.processors.data.FullData;
import com.github.fge.msgsimple.bundle.MessageBundle;
import com.github.fge.msgsimple.load.MessageBundles;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The JSON Schema {@code pattern} keyword matched with {@link java.util.regex} (compiled once per pattern)
 * instead of the validator's default, which runs every match through a JavaScript engine and made a
 * request with a few text fields cost milliseconds. The document's patterns use only syntax that ECMA-262 and
 * Java read alike (classes, {@code \\uXXXX} escapes, look-ahead); whitespace is spelled out as the server's
 * {@code String.isBlank()} counts it, never {@code \\s}, which the two dialects read differently.
 */
final class JavaRegexPattern extends AbstractKeywordValidator {
  private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();
  private final String regex;
  private final Pattern pattern;

  private JavaRegexPattern(JsonNode digest) {
    super("pattern");
    regex = digest.get(keyword).textValue();
    pattern = COMPILED.computeIfAbsent(regex, JavaRegexPattern::compile);
  }

  /**
   * ECMA-262's {@code $} (without the multiline flag) is the end of the input; Java's would also match before
   * a final line terminator (so "x" followed by a line feed or a NEL would pass): it becomes {@code \z}.
   */
  static Pattern compile(String ecma) {
    StringBuilder java = new StringBuilder();
    boolean inClass = false;
    for (int i = 0; i < ecma.length(); i++) {
      char c = ecma.charAt(i);
      if (c == '\\' && i + 1 < ecma.length()) {
        java.append(c).append(ecma.charAt(++i));
        continue;
      }
      if (c == '[') {
        inClass = true;
      } else if (c == ']') {
        inClass = false;
      }
      java.append(c == '$' && !inClass ? "\\z" : String.valueOf(c));
    }
    return Pattern.compile(java.toString());
  }

  /** The validator's own schema factory (OpenAPI formats, nullable, discriminator) with this pattern keyword. */
  static JsonSchemaFactory schemaFactory() {
    Library library = SwaggerV20Library.get().thaw()
        .addKeyword(Keyword.newBuilder("pattern")
            .withSyntaxChecker(new SyntaxChecker())
            .withIdentityDigester(NodeType.STRING)
            .withValidatorFactory(JavaRegexPattern::new)
            .freeze())
        .freeze();
    ValidationConfiguration configuration = ValidationConfiguration.newBuilder()
        .setDefaultLibrary(SwaggerV20Library.OAI_V2_METASCHEMA_URI, library)
        .setSyntaxMessages(MessageBundles.getBundle(SwaggerV20Library.SyntaxBundle.class))
        .setValidationMessages(MessageBundles.getBundle(SwaggerV20Library.ValidationBundle.class))
        .freeze();
    return JsonSchemaFactory.newBuilder()
        .setValidationConfiguration(configuration)
        .setReportProvider(new ListReportProvider(LogLevel.ERROR, LogLevel.FATAL))
        .freeze();
  }

  /** The keyword's syntax, checked with the same regex engine (the default also ran a JavaScript engine). */
  private static final class SyntaxChecker extends AbstractSyntaxChecker {
    SyntaxChecker() {
      super("pattern", NodeType.STRING);
    }

    @Override
    protected void checkValue(Collection<JsonPointer> pointers, MessageBundle bundle, ProcessingReport report,
        SchemaTree tree) throws com.github.fge.jsonschema.core.exceptions.ProcessingException {
      String value = getNode(tree).textValue();
      try {
        COMPILED.computeIfAbsent(value, JavaRegexPattern::compile);
      } catch (java.util.regex.PatternSyntaxException e) {
        report.error(newMsg(tree, bundle, "common.invalidRegex").putArgument("value", value));
      }
    }
  }

  @Override
  public void validate(Processor<FullData, FullData> processor, ProcessingReport report, MessageBundle bundle,
      FullData data) throws com.github.fge.jsonschema.core.exceptions.ProcessingException {
    String value = data.getInstance().getNode().textValue();
    if (!pattern.matcher(value).find()) {
      report.error(newMsg(data, bundle, "err.common.pattern.noMatch").putArgument("regex", regex)
          .putArgument("string", value));
    }
  }

  @Override
  public String toString() {
    return keyword + ": " + regex;
  }
}
