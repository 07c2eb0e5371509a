package dev.signet.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** An {@link IncomingRequest} made by a test, for engine tests without a server. */
final class FakeRequest implements IncomingRequest {
  private final String method;
  private final String path;
  private @Nullable String query;
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private String remoteAddress = "192.0.2.10";
  private byte[] body = new byte[0];
  int bodyReads;

  private FakeRequest(String method, String path) {
    this.method = method;
    this.path = path;
  }

  static FakeRequest of(String method, String path) {
    return new FakeRequest(method, path);
  }

  static FakeRequest get(String path) {
    return of("GET", path);
  }

  FakeRequest header(String name, String value) {
    headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value);
    return this;
  }

  FakeRequest bearer(String token) {
    return header("Authorization", "Bearer " + token);
  }

  FakeRequest query(String query) {
    this.query = query;
    return this;
  }

  FakeRequest from(String address) {
    this.remoteAddress = address;
    return this;
  }

  FakeRequest body(byte[] body) {
    this.body = body.clone();
    return this;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String rawPath() {
    return path;
  }

  @Override
  public @Nullable String rawQuery() {
    return query;
  }

  @Override
  public List<String> headers(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  @Override
  public String scheme() {
    return "http";
  }

  @Override
  public Optional<byte[]> body(int maxBytes) {
    bodyReads++;
    return body.length > maxBytes ? Optional.empty() : Optional.of(body.clone());
  }
}
