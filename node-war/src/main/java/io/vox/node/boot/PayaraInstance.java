package io.vox.node.boot;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * This node's Payara Micro instance name ({@code --name}) when it runs clustered (Payara's
 * Hazelcast is up), so a node of a Payara cluster is known by the name it has there. Read through
 * Payara Micro's own API ({@code PayaraMicro.getInstance()}), by reflection: a node outside Payara
 * Micro has none.
 */
final class PayaraInstance {
  private PayaraInstance() {}

  /** The instance name, or null without Hazelcast ({@code --nohazelcast}) or Payara Micro. */
  static String name() {
    try {
      if (new InitialContext().lookup("payara/Hazelcast") == null) {
        return null;
      }
    } catch (NamingException e) {
      return null; // not clustered
    }
    try {
      Class<?> micro = Class.forName("fish.payara.micro.PayaraMicro");
      Object instance = micro.getMethod("getInstance").invoke(null);
      return (String) micro.getMethod("getInstanceName").invoke(instance);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }
}
