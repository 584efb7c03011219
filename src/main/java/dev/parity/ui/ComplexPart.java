package dev.parity.ui;

/**
 * Which real picture of a complex tensor the layer detail draws: its magnitude {@code |z|} or its phase
 * {@code arg z} in radians, (−π, π]. Differences follow the same picture: {@code |c| − |r|} for the magnitude,
 * the wrapped angle {@code arg(c·r̄)} for the phase (the metrics themselves use {@code |c − r|}).
 */
public enum ComplexPart {
    MAGNITUDE("magnitude"),
    PHASE("phase");

    private final String label;

    ComplexPart(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** This part of {@code re + i·im}. */
    public double of(double re, double im) {
        return this == MAGNITUDE ? Math.hypot(re, im) : Math.atan2(im, re);
    }

    /** Candidate minus reference in this picture; the phase difference is wrapped into (−π, π]. */
    public double difference(double rRe, double rIm, double cRe, double cIm) {
        if (this == MAGNITUDE) {
            return Math.hypot(cRe, cIm) - Math.hypot(rRe, rIm);
        }
        return Math.atan2(cIm * rRe - cRe * rIm, cRe * rRe + cIm * rIm);
    }

    /** This part of every element of a complex slice given as its real and imaginary slices. */
    public Slice of(Slice re, Slice im) {
        double[] v = new double[re.values().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = of(re.values()[i], im.values()[i]);
        }
        return new Slice(v, re.rows(), re.cols());
    }

    @Override
    public String toString() {
        return label;
    }
}
