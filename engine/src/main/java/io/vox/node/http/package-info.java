/** Non-blocking HTTP on Netty: one lane per event loop, pooled keep-alive connections. */
package io.vox.node.http;
