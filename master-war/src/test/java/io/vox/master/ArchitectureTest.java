package io.vox.master;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.vox.persistence.RunState;

@AnalyzeClasses(packages = "io.vox.master", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  /**
   * The entities, but for {@link RunState}: a plain enum, the one list of a run's states, which the
   * core decides on and the entity stores.
   */
  private static final DescribedPredicate<JavaClass> ENTITIES =
      resideInAPackage("io.vox.persistence..").and(not(equivalentTo(RunState.class)));

  @ArchTest
  static final ArchRule coreIsPlainJava =
      noClasses()
          .that()
          .resideInAnyPackage("io.vox.master.run..", "io.vox.master.report..")
          .should()
          .dependOnClassesThat(resideInAPackage("jakarta..").or(ENTITIES));

  @ArchTest
  static final ArchRule entitiesStayInTheJpaAdapter =
      noClasses()
          .that()
          .resideInAnyPackage("io.vox.master.rest..", "io.vox.master.web..", "io.vox.master.jms..")
          .should()
          .dependOnClassesThat(ENTITIES);

  /** REST, pages and MDBs ask the application layer; only it knows the ports' adapters. */
  @ArchTest
  static final ArchRule edgesGoThroughTheApplicationLayer =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.vox.master.rest..",
              "io.vox.master.web..",
              "io.vox.master.jms..",
              "io.vox.master.boot..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.vox.master.jpa..",
              "io.vox.master.jdbc..",
              "io.vox.master.app.port..",
              "java.sql..",
              "javax.sql..");

  /** Only the wiring (boot) hands the coordinator its store; resources and pages ask a service. */
  @ArchTest
  static final ArchRule edgesLeaveTheRunStoreToTheCoordinator =
      noClasses()
          .that()
          .resideInAnyPackage("io.vox.master.rest..", "io.vox.master.web..")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("io.vox.master.run.RunStore");

  /** The application layer names ports (app.port, run.RunStore), never their adapters. */
  @ArchTest
  static final ArchRule appKnowsPortsOnly =
      noClasses()
          .that()
          .resideInAPackage("io.vox.master.app..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.vox.master.jpa..",
              "io.vox.master.jdbc..",
              "io.vox.master.rest..",
              "io.vox.master.web..",
              "io.vox.master.jms..",
              "io.vox.master.boot..")
          .orShould()
          .dependOnClassesThat(ENTITIES);

  @ArchTest static final ArchRule noStdStreams = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
}
