package io.vox.master.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vox.messaging.NodeSlice;
import io.vox.persistence.RunNode;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A coordinator step asks for a run's nodes several times; the database is asked once. */
class JpaRunStoreTest {
  private final RunNode n1 = new RunNode(7, "n1", 0, 10);
  private final RunNode n2 = new RunNode(7, "n2", 10, 10);
  private int queries;

  /** One transaction at a time: its key (null: none) and its resources. */
  private Object txKey;

  private final Map<Object, Object> resources = new HashMap<>();

  private JpaRunStore store() {
    JpaRunStore store = new JpaRunStore();
    store.em = proxy(EntityManager.class, this::entityManager);
    store.transactions = proxy(TransactionSynchronizationRegistry.class, this::registry);
    return store;
  }

  private Object entityManager(String method, Object[] args) {
    switch (method) {
      case "createNamedQuery" -> {
        assertEquals(RunNode.OF_RUN, args[0]);
        queries++;
        return proxy(
            TypedQuery.class,
            (m, a) -> m.equals("getResultList") ? List.of(n1, n2) : null /* setParameter */);
      }
      case "find" -> {
        return ((RunNode.Key) args[1]).equals(new RunNode.Key(7, "n2")) ? n2 : n1;
      }
      default -> throw new UnsupportedOperationException(method);
    }
  }

  private Object registry(String method, Object[] args) {
    return switch (method) {
      case "getTransactionKey" -> txKey;
      case "getResource" -> resources.get(args[0]);
      case "putResource" -> resources.put(args[0], args[1]);
      default -> throw new UnsupportedOperationException(method);
    };
  }

  private void begin(Object key) {
    txKey = key;
    resources.clear();
  }

  @Test
  void oneQueryPerTransactionAndWhatTheStepChangesIsSeen() {
    JpaRunStore store = store();
    begin("tx1");
    n1.markReady(10, 0);
    n1.setIncarnation("a");
    assertEquals(List.of(new NodeSlice("n1", 0, 10), new NodeSlice("n2", 10, 10)), store.slices(7));
    assertEquals(Set.of(), store.lostNodes(7));
    assertEquals(Map.of("n1", "a"), store.incarnations(7));
    assertEquals(1, store.readiness(7).ready());
    store.nodeLost(7, "n2", "no heartbeat", 0, null, 0);
    assertEquals(Set.of("n2"), store.lostNodes(7), "the node lost in this step");
    assertEquals(2, store.readiness(7).ready(), "a lost node counts as ready");
    assertEquals(1, queries, "the step asked the database once");

    begin("tx2");
    store.slices(7);
    store.lostNodes(7);
    assertEquals(2, queries, "a new transaction reads afresh");
  }

  @Test
  void outsideATransactionEveryQuestionIsAQuery() {
    JpaRunStore store = store();
    begin(null);
    store.slices(7);
    store.lostNodes(7);
    assertEquals(2, queries);
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, java.util.function.BiFunction<String, Object[], ?> f) {
    return (T)
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (self, m, args) -> {
              Object r = f.apply(m.getName(), args);
              return r == null && m.getReturnType() == type ? self : r; // a builder method
            });
  }
}
