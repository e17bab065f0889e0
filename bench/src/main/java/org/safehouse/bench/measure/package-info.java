/**
 * What the generator measures: per-sender sequence tracking (lost, duplicated, out of order), latency histograms
 * kept per event loop, CPU and memory of the server and of the generator read from /proc, and the result rows.
 */
package org.safehouse.bench.measure;
