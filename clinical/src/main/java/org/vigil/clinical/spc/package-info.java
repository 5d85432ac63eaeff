/**
 * Statistical process control: XmR ("individuals") charts exactly as NHS England's Making Data Count (MDC) tools draw
 * them, for board reporting ("SPC" in {@code docs/spc.md}; the rules and their edge cases in
 * {@code reference/spc.md}). Pure Java: no Vert.x, no JSON, no state; every type here is immutable and may be used
 * from any thread.
 *
 * <p>Sources cited at each threshold:
 * <ul>
 *   <li><b>[MDC-spec]</b> "SPC Charts – XmR Testing", the MDC team's checklist for matching the MDC Single Chart Tool
 *   v5.0 (Excel), with its worked data ({@code Test Data.csv}). Vigil follows it by default.</li>
 *   <li><b>[SQL]</b> NHS England "SPC Charts SQL Query v2.6" (MDC team, January 2024); "2.6a" is the copy that adds a
 *   rule-ranking step for conflicts.</li>
 *   <li><b>[R]</b> NHSRplotthedots (NHS-R Community).</li>
 * </ul>
 * The entry point is {@link org.vigil.clinical.spc.XmrChart#of(double[], SpcSettings)}.
 */
package org.vigil.clinical.spc;
