/**
 * The composition root: {@link org.safehouse.app.SafehouseAssembly} builds the server from a config (broker, password
 * pool, stores, metrics, core, and the transport's runtime), and {@link org.safehouse.app.SafehouseBootstrap}, the
 * container's entry point, deploys it. May depend on every other package of ours; none depends on it. Its only
 * container code is the entry point's reading of the servlet context; everything else Jakarta stays in transport.
 */
package org.safehouse.app;
