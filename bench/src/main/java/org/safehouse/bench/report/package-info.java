/** Result files (JSON) and the table printed at the end of a run. */
package org.safehouse.bench.report;
