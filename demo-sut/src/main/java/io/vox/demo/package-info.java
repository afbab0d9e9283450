/** The demo system under test: a small Vox API served by Netty on one event loop. */
package io.vox.demo;
