/**
 * The demo system under test: a small Vox API served by Netty on one event loop; also TLS
 * certificates and a real nginx as fixtures for HTTP client tests.
 */
package io.vox.demo;
