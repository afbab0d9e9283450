package io.vox.node.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.vox.node.user.HttpLane;
import java.util.ArrayList;
import java.util.List;

/** A response's Netty headers seen through {@link HttpLane.Headers}, without copying them. */
record NettyHeaders(HttpHeaders headers) implements HttpLane.Headers {
  @Override
  public String get(String name) {
    return headers.get(name);
  }

  @Override
  public List<String> getAll(String name) {
    // most responses have no Set-Cookie: a lookup is far cheaper than getAll's list
    return headers.contains(name) ? headers.getAll(name) : List.of();
  }

  @Override
  public List<String> lines() {
    List<String> out = new ArrayList<>(headers.size());
    headers.forEach(e -> out.add(e.getKey() + ": " + e.getValue()));
    return out;
  }
}
