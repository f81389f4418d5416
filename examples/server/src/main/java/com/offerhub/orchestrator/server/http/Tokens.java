package com.offerhub.orchestrator.server.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeyLengthException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Short-lived tokens (spec/02 §5.4): {@code "ohk_tok_" + JWT}, HS256 over the configured secret
 * ({@code OFFERHUB_JWT_SECRET}), claims {@code sub} (API key id), {@code scopes}, {@code mkt} (when
 * the key has a marketplace), {@code type = "short-lived"}, {@code iat}, {@code exp}. Signing,
 * parsing and signature checks are nimbus-jose-jwt's. What a token must be to be accepted:
 * <ul>
 *   <li>a JWS whose header says HS256, verified with the secret: {@code none}, {@code HS512},
 *       {@code RS256} or any other algorithm is refused whatever the signature;</li>
 *   <li>{@code exp} present and after this server's clock (no leeway: a token dies at its {@code exp});</li>
 *   <li>{@code iat} present and at most {@link #CLOCK_SKEW} after the clock (instances sharing the
 *       secret may run slightly apart); {@code nbf}, when present, likewise reached;</li>
 *   <li>{@code type} {@code "short-lived"}, {@code sub} a string, {@code scopes} a list of strings.</li>
 * </ul>
 * The secret must give at least {@link #MIN_SECRET_BYTES} bytes (256 bits, RFC 7518 §3.2's minimum
 * for HS256): a shorter one is refused when the server starts.
 */
public final class Tokens {
  public static final String PREFIX = "ohk_tok_";
  public static final int MAX_TTL_SECONDS = 3600;
  /** HS256 needs a key of at least the hash size: 256 bits. */
  public static final int MIN_SECRET_BYTES = 32;
  /** How far ahead of this server's clock a token's {@code iat} or {@code nbf} may be. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
  private static final String TYPE = "short-lived";
  private static final int MAX_LENGTH = 4096;
  private final MACSigner signer;
  private final DefaultJWTProcessor<SecurityContext> processor;
  private final Clock clock;

  /**
   * @throws IllegalArgumentException when {@code secret} is shorter than {@link #MIN_SECRET_BYTES}
   *     bytes in UTF-8 (the message names the variable, never the value)
   */
  public Tokens(String secret, Clock clock) {
    byte[] key = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    if (key.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(secretProblem(key.length));
    }
    try {
      this.signer = new MACSigner(key);
    } catch (KeyLengthException e) {
      throw new IllegalArgumentException(secretProblem(key.length), e);
    }
    this.clock = clock;
    this.processor = new DefaultJWTProcessor<>();
    // HS256 and no other: the header's alg only picks among what this selector allows
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(key)));
    processor.setJWTClaimsSetVerifier(new ClaimsCheck());
  }

  /** The configuration problem of a secret of {@code bytes} bytes; the value itself is never shown. */
  public static String secretProblem(int bytes) {
    return "OFFERHUB_JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes (256 bits, the HS256 minimum), was "
        + bytes + " bytes";
  }

  public record Minted(String token, Instant expiresAt) {
    @Override
    public String toString() {
      return "Minted[token=***, expiresAt=" + expiresAt + "]";
    }
  }

  /** Claims of a valid token. */
  public record Claims(String subject, Set<String> scopes, String marketplaceId, Instant expiresAt) {}

  public Minted mint(String apiKeyId, Set<String> scopes, String marketplaceId, int ttlSeconds) {
    // whole seconds, as NumericDate holds them
    Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    Instant exp = now.plusSeconds(ttlSeconds);
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(apiKeyId).claim("scopes", new ArrayList<>(scopes));
    if (marketplaceId != null) {
      claims.claim("mkt", marketplaceId);
    }
    claims.claim("type", TYPE).issueTime(Date.from(now)).expirationTime(Date.from(exp));
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
        claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing a token failed", e);
    }
    return new Minted(PREFIX + jwt.serialize(), exp);
  }

  /** The claims of {@code token}, or null when it is malformed, forged, of another algorithm, expired or not yet valid. */
  public Claims verify(String token) {
    if (token == null || !token.startsWith(PREFIX) || token.length() > MAX_LENGTH) {
      return null;
    }
    try {
      // SignedJWT.parse refuses an unsecured ("alg": "none") token; the processor refuses every
      // algorithm but HS256, a bad signature, then the claims ClaimsCheck refuses
      JWTClaimsSet claims = processor.process(SignedJWT.parse(token.substring(PREFIX.length())), null);
      List<String> list = claims.getStringListClaim("scopes");
      Set<String> scopes = new LinkedHashSet<>(list);
      return new Claims(claims.getSubject(), Set.copyOf(scopes), claims.getStringClaim("mkt"),
          claims.getExpirationTime().toInstant());
    } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
      return null;
    }
  }

  /** The claims rules above, on this server's clock. */
  private final class ClaimsCheck implements JWTClaimsSetVerifier<SecurityContext> {
    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
      Instant now = clock.instant();
      Instant latestStart = now.plus(CLOCK_SKEW);
      Date exp = claims.getExpirationTime();
      if (exp == null || !now.isBefore(exp.toInstant())) {
        throw new BadJWTException("expired or without exp");
      }
      Date iat = claims.getIssueTime();
      if (iat == null || iat.toInstant().isAfter(latestStart)) {
        throw new BadJWTException("issued in the future or without iat");
      }
      Date nbf = claims.getNotBeforeTime();
      if (nbf != null && nbf.toInstant().isAfter(latestStart)) {
        throw new BadJWTException("not yet valid");
      }
      try {
        if (!TYPE.equals(claims.getStringClaim("type")) || claims.getSubject() == null
            || claims.getStringListClaim("scopes") == null) {
          throw new BadJWTException("not a short-lived token");
        }
        claims.getStringClaim("mkt");
      } catch (ParseException e) {
        throw new BadJWTException("claims of the wrong type", e);
      }
    }
  }

  static List<String> sorted(Set<String> scopes) {
    List<String> list = new ArrayList<>(scopes);
    java.util.Collections.sort(list);
    return list;
  }
}
