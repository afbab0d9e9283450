package io.vox.messaging;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.vox.messaging", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule actorCoreIsPlainJava =
      noClasses()
          .that()
          .resideInAPackage("io.vox.messaging.actor..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("jakarta..");

  @ArchTest
  static final ArchRule recordsDoNotKnowTheCodec =
      noClasses()
          .that()
          .resideInAPackage("io.vox.messaging")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("jakarta..", "io.vox.messaging.json..");

  @ArchTest static final ArchRule noStdStreams = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
}
