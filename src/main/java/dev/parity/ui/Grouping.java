package dev.parity.ui;

/** How the layer navigator orders and labels its rows. */
public enum Grouping {
    EXECUTION("execution order"),
    ODE_STEP("by ODE step"),
    CFG_BRANCH("by CFG branch");

    private final String label;

    Grouping(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
