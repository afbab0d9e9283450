package io.vox.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.vox.node", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule userCoreIsPlainJava =
      noClasses()
          .that()
          .resideInAPackage("io.vox.node.user..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("jakarta..", "io.netty..", "io.vox.node.http..", "io.vox.node.jms..");

  @ArchTest
  static final ArchRule httpKnowsNoJakarta =
      noClasses()
          .that()
          .resideInAPackage("io.vox.node.http..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("jakarta..", "io.vox.node.jms..");

  @ArchTest
  static final ArchRule noSynchronizedUsers =
      noClasses()
          .that()
          .haveNameMatching(".*\\.(UserActor|ActionSteps|WebSocketSteps|LoopAction)")
          .should()
          .callMethod(Object.class, "wait")
          .orShould()
          .callMethod(Thread.class, "sleep", long.class);

  @ArchTest static final ArchRule noStdStreams = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
}
