/** How Vox messages travel as JMS text messages; shared by master, nodes and tests. */
package io.vox.messaging.jms;
