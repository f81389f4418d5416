package com.offerhub.orchestrator.example.boot;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every {@code /api} call needs {@code Authorization: Bearer <example.api-key>} (compared in constant
 * time); the key is at least 16 characters or the application does not start. A real marketplace
 * puts its own authentication here (Spring Security); the engine trusts its caller.
 */
@Component
public class ApiKeyFilter extends OncePerRequestFilter {
  private final byte[] expected;

  public ApiKeyFilter(@Value("${example.api-key}") String apiKey) {
    if (apiKey == null || apiKey.length() < 16) {
      throw new IllegalStateException("example.api-key must be at least 16 characters");
    }
    this.expected = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String given = request.getHeader("Authorization");
    if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
      response.setStatus(401);
      response.setContentType("application/json");
      response.getWriter().write("{\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"A valid API key is required\"}}");
      return;
    }
    chain.doFilter(request, response);
  }
}
