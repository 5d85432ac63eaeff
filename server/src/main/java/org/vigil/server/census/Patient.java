package org.vigil.server.census;

/** An inpatient or resident currently on a unit: pseudonymous id, bed, and when they came. Engine thread only. */
public final class Patient {
    private final String id;
    private String unit;
    private String bed;
    private long admittedAt;
    private int age;
    private long lastMovementAt;

    Patient(String id, String unit, String bed, long admittedAt, int age) {
        this.id = id;
        this.unit = unit;
        this.bed = bed;
        this.admittedAt = admittedAt;
        this.age = age;
        this.lastMovementAt = admittedAt;
    }

    /** As a snapshot recorded them. */
    Patient(String id, String unit, String bed, long admittedAt, int age, long lastMovementAt) {
        this(id, unit, bed, admittedAt, age);
        this.lastMovementAt = lastMovementAt;
    }

    public String id() {
        return id;
    }

    public String unit() {
        return unit;
    }

    /** Null when the patient has no bed (their bed was given to someone admitted after them). */
    public String bed() {
        return bed;
    }

    public long admittedAt() {
        return admittedAt;
    }

    /** Years, or -1 when no feed has said. */
    public int age() {
        return age;
    }

    /** When the census last placed the patient: admitted, transferred, or moved bed (or re-sent) on their unit. */
    public long lastMovementAt() {
        return lastMovementAt;
    }

    void moveTo(String unit, String bed, long at, int age) {
        this.unit = unit;
        this.bed = bed;
        this.lastMovementAt = at;
        if (age >= 0) {
            this.age = age;
        }
    }

    /** The admission message arrived after a later movement the census took for the stay's start. */
    void admittedEarlier(long at) {
        admittedAt = at;
    }

    void loseBed() {
        this.bed = null;
    }
}
