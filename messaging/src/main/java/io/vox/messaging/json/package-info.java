/** JSON-B codec for the message records, with type and schema version checks. */
package io.vox.messaging.json;
