package org.vigil.server.census;

/**
 * A unit's census for its local day.
 *
 * @param occupancyPercent   patients ÷ beds, one decimal (0 for a unit without beds)
 * @param patientsWithoutBed patients whose bed was given to someone admitted after them
 * @param admissionsToday    admissions on the unit's local day (transfers in are not admissions)
 * @param dischargesToday    discharges on the unit's local day
 */
public record CensusSummary(int beds, int patients, double occupancyPercent, int patientsWithoutBed,
                            int admissionsToday, int dischargesToday) {}
