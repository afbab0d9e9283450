/** The Maven plugin: {@code vox:run} runs a plan in a build and fails it on a missed threshold. */
package io.vox.maven;
