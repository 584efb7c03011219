package dev.parity.ui;

/** Puts JavaFX on the Monocle headless platform with software rendering; call before the toolkit starts. */
final class Headless {
    private Headless() {
    }

    static void use() {
        System.setProperty("testfx.robot", "glass");
        System.setProperty("testfx.headless", "true");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("headless.geometry", "1600x1000-32");
        System.setProperty("java.awt.headless", "true");
        System.setProperty("parity.ui.audio", "off");
    }
}
