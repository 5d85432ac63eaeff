package org.vigil.server.wall;

import io.vertx.core.json.JsonObject;

/**
 * One unit as one kind of screen shows it, at one version: the ward wall's unit body or an overview's tile, built
 * once per unit and version and shared by every screen (and every event loop) that shows it. The body is never
 * changed after it is built; readers only read it.
 */
record WallFrame(String unit, long version, JsonObject body) {}
