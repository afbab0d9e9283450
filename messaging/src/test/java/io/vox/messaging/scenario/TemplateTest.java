package io.vox.messaging.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private static final Scenario SCENARIO =
      new Scenario(
          List.of(
              new Step(
                  new Request(
                      null,
                      "POST",
                      "/login",
                      Map.of(),
                      null,
                      List.of(),
                      List.of(
                          new Extract("token", "$.token", null, null),
                          new Extract("sid", null, "X-Session", null)),
                      null,
                      null,
                      null,
                      null),
                  null,
                  null,
                  null)),
          List.of(),
          List.of(
              new Feeder(
                  "creds",
                  "unique",
                  List.of("login", "password"),
                  List.of(List.of("alice", "a1"), List.of("bob", "b2")))),
          0,
          0,
          HttpOptions.DEFAULT,
          List.of());
  private static final Vocabulary VOCABULARY = Vocabulary.of(SCENARIO);

  private record FakeSession(long user, int action, String[] values, int row) implements Session {
    @Override
    public String value(int slot) {
      return values[slot];
    }

    @Override
    public String feed(int feeder, int column) {
      return SCENARIO.feeders().get(feeder).rows().get(row).get(column);
    }
  }

  @Test
  void rendersEveryKindOfName() {
    Template t =
        Template.compile(
            "/u/${user}/a/${action}?t=${token}&s=${ sid }&l=${creds.login}:${creds.password}",
            VOCABULARY);
    Session s = new FakeSession(42, 3, new String[] {"tok", "S1"}, 1);
    assertEquals("/u/42/a/3?t=tok&s=S1&l=bob:b2", t.render(s));
    assertFalse(t.isConstant());
  }

  @Test
  void aValueNotExtractedYetRendersEmpty() {
    Template t = Template.compile("Bearer ${token}", VOCABULARY);
    assertEquals("Bearer ", t.render(new FakeSession(1, 0, new String[2], 0)));
  }

  @Test
  void escapedPlaceholderAndConstantText() {
    Template t = Template.compile("a $${user} b", VOCABULARY);
    assertTrue(t.isConstant());
    assertEquals("a ${user} b", t.render(null));
    assertEquals("", Template.compile("", VOCABULARY).render(null));
  }

  @Test
  void placeholdersAreListedAndBadOnesRejected() {
    assertEquals(List.of("a", "b.c"), Template.placeholders("x${a}y${b.c}"));
    assertThrows(IllegalArgumentException.class, () -> Template.placeholders("x${a"));
    assertThrows(IllegalArgumentException.class, () -> Template.placeholders("x${ }"));
    var e =
        assertThrows(IllegalArgumentException.class, () -> Template.compile("${nope}", VOCABULARY));
    assertTrue(e.getMessage().contains("nope"));
  }

  @Test
  void vocabularyKnowsSlotsAndFeeds() {
    assertEquals(2, VOCABULARY.slots());
    assertEquals(0, VOCABULARY.slotOf("token"));
    assertEquals(1, VOCABULARY.slotOf("sid"));
    assertTrue(VOCABULARY.knows("creds.password"));
    assertFalse(VOCABULARY.knows("creds.email"));
    assertEquals(
        List.of("user", "action", "token", "sid", "creds.login", "creds.password"),
        VOCABULARY.names());
  }

  @Test
  void feederRowsPerStrategy() {
    Feeder rows =
        new Feeder(
            "f", "circular", List.of("c"), List.of(List.of("0"), List.of("1"), List.of("2")));
    assertEquals(1, rows.rowOf(9, 4));
    Feeder random = new Feeder("f", "random", List.of("c"), rows.rows());
    assertEquals(random.rowOf(9, 4), random.rowOf(9, 4), "the same row on every node");
    long distinct =
        java.util.stream.LongStream.range(0, 300).map(u -> random.rowOf(9, u)).distinct().count();
    assertEquals(3, distinct, "random spreads users over all rows");
  }
}
