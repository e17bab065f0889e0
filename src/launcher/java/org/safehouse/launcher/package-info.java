/**
 * The {@code java -jar safehouse.war} launcher: {@link org.safehouse.launcher.Main} unpacks the WAR and starts
 * {@link org.safehouse.launcher.EmbeddedJetty} in a class loader over the Jetty jars of WEB-INF/jetty. These classes
 * sit at the WAR root, outside WEB-INF, so containers never load them; web.xml forbids serving them.
 */
package org.safehouse.launcher;
