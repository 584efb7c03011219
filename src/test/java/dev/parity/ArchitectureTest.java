package dev.parity;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import ai.djl.ndarray.NDArray;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the layering of docs/style.md: arrows point down the package list; DJL, JavaFX and AWT stay put. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.parity");
    }

    @Test
    void tensorImportsNothingOfOurs() {
        noClasses().that().resideInAPackage("dev.parity.tensor..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parity.io..", "dev.parity.compare..",
                        "dev.parity.weights..", "dev.parity.report..", "dev.parity.port..", "dev.parity.localize..",
                        "dev.parity.cli..", "dev.parity.ui..")
                .check(classes);
    }

    @Test
    void ioImportsOnlyTensor() {
        noClasses().that().resideInAPackage("dev.parity.io..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parity.compare..", "dev.parity.weights..",
                        "dev.parity.report..", "dev.parity.port..", "dev.parity.localize..", "dev.parity.cli..",
                        "dev.parity.ui..")
                .check(classes);
    }

    @Test
    void compareAndWeightsStayBelowReportPortAndApps() {
        noClasses().that().resideInAnyPackage("dev.parity.compare..", "dev.parity.weights..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parity.report..", "dev.parity.port..",
                        "dev.parity.localize..", "dev.parity.cli..", "dev.parity.ui..")
                .check(classes);
    }

    @Test
    void reportDoesNotReachUp() {
        noClasses().that().resideInAPackage("dev.parity.report..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parity.port..", "dev.parity.localize..",
                        "dev.parity.cli..", "dev.parity.ui..")
                .check(classes);
    }

    @Test
    void portAndLocalizeDoNotReachTheApps() {
        noClasses().that().resideInAnyPackage("dev.parity.port..", "dev.parity.localize..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parity.cli..", "dev.parity.ui..")
                .check(classes);
    }

    @Test
    void cliAndUiArePeers() {
        noClasses().that().resideInAPackage("dev.parity.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.parity.ui..").check(classes);
        noClasses().that().resideInAPackage("dev.parity.ui..")
                .should().dependOnClassesThat().resideInAPackage("dev.parity.cli..").check(classes);
    }

    @Test
    void onlyPortAndLocalizeUseDjl() {
        noClasses().that().resideOutsideOfPackages("dev.parity.port..", "dev.parity.localize..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl..").check(classes);
    }

    /** Run state (trace sink, faults, stage feeds) travels in a RunContext, never in hidden per-thread state. */
    @Test
    void portAndLocalizeHoldNoThreadLocalState() {
        noClasses().that().resideInAnyPackage("dev.parity.port..", "dev.parity.localize..")
                .should().dependOnClassesThat().areAssignableTo(ThreadLocal.class).check(classes);
    }

    @Test
    void onlyUiUsesJavaFx() {
        noClasses().that().resideOutsideOfPackage("dev.parity.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.jfree.chart.fx..")
                .check(classes);
    }

    @Test
    void onlyReportAndUiUseJFreeChartAndAwt() {
        noClasses().that().resideOutsideOfPackages("dev.parity.report..", "dev.parity.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jfree..", "java.awt..", "javax.imageio..")
                .check(classes);
    }

    @Test
    void workflowSitsBetweenLocalizeAndTheApps() {
        noClasses().that().resideInAPackage("dev.parity.workflow..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parity.cli..", "dev.parity.ui..")
                .check(classes);
        noClasses().that().resideInAnyPackage("dev.parity.tensor..", "dev.parity.io..", "dev.parity.compare..",
                        "dev.parity.weights..", "dev.parity.report..", "dev.parity.port..", "dev.parity.localize..")
                .should().dependOnClassesThat().resideInAPackage("dev.parity.workflow..")
                .check(classes);
    }

    /**
     * The port never changes a tensor in place (DJL's {@code addi}, {@code muli}, ... and {@code set}), except the
     * T3 key/value cache, whose buffers are never recorded (only fresh views of them are). A recorded tensor is
     * therefore what it was when recorded, which {@code TraceWriterSink} relies on to share one file between the
     * entries of one tensor object.
     */
    @Test
    void portChangesNoTensorInPlace() {
        DescribedPredicate<JavaMethodCall> inPlace = DescribedPredicate.describe("an in-place NDArray method",
                call -> call.getTargetOwner().isAssignableTo(NDArray.class)
                        && call.getName().matches("(add|sub|mul|div|mod|pow|neg|sign)i|set"));
        noClasses().that().resideInAPackage("dev.parity.port..").and().doNotHaveFullyQualifiedName(
                        "dev.parity.port.t3.DynamicCache")
                .should().callMethodWhere(inPlace).check(classes);
    }
}
