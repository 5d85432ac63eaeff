package org.vigil.gateway.hl7;

/**
 * What an OBX can be to Vigil: one reading of the NEWS2 set (RCP NEWS2 Chart 1, reference/news2.md), or a fact
 * that decides one (oxygen flow, FiO2 or the delivery device → "air or oxygen"; the Scale 2 sub-score code →
 * the set was charted on SpO2 Scale 2). The names are the ones the code-maps file uses.
 */
public enum News2Parameter {
    RESPIRATION_RATE("respirationRate", Quantity.RATE),
    SPO2("spo2", Quantity.PERCENT),
    /** The presence of this OBX (any value) means the set was charted on SpO2 Scale 2. */
    SPO2_SCALE_2("spo2Scale2", null),
    SYSTOLIC_BP("systolicBp", Quantity.PRESSURE),
    PULSE("pulse", Quantity.RATE),
    TEMPERATURE("temperature", Quantity.TEMPERATURE),
    /** A coded or text ACVPU value, read through the sender's consciousness value set. */
    CONSCIOUSNESS("consciousness", null),
    /** Litres a minute: more than 0 means on oxygen. */
    OXYGEN_FLOW("oxygenFlow", Quantity.FLOW),
    /** Inspired oxygen, %: more than 21 (room air) means on oxygen. */
    FIO2("fio2", Quantity.OXYGEN_FRACTION),
    /** A coded or text delivery device, read through the sender's oxygen value set (air or oxygen). */
    OXYGEN_DEVICE("oxygenDevice", null);

    private final String configName;
    private final Quantity quantity;

    News2Parameter(String configName, Quantity quantity) {
        this.configName = configName;
        this.quantity = quantity;
    }

    public String configName() {
        return configName;
    }

    /** The kind of number this reading is, with its canonical unit; null when the value is coded or unused. */
    public Quantity quantity() {
        return quantity;
    }

    public static News2Parameter fromConfig(String name) {
        for (News2Parameter p : values()) {
            if (p.configName.equals(name)) {
                return p;
            }
        }
        return null;
    }
}
