package dev.veto.pep;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.json.JsonPath;
import dev.veto.control.EngineEffects;
import dev.veto.ledger.merkle.Frontier;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a state snapshot ({@code GET /v1/snapshot}, {@code veto-snapshot/1}) as it streams in —
 * its revision, the log's frontier at it, the engine effects' state and every entity — and
 * installs it in a replica, which decides on it once a checkpoint verifies the frontier. Equal
 * entities decoded by points joining at the same time in one process are held once
 * ({@link SharedEntities}).
 */
final class StateSnapshot {
    /** Values are read one after another from one stream: what follows a value is not an error. */
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private StateSnapshot() {}

    static void read(InputStream in, Replica replica) throws Replica.Refused {
        SharedEntities shared = SharedEntities.join();
        try {
            read(in, replica, shared);
        } finally {
            shared.leave();
        }
    }

    private static void read(InputStream in, Replica replica, SharedEntities shared) throws Replica.Refused {
        long revision = -1;
        List<byte[]> frontier = new ArrayList<>();
        EngineEffects.Saved effects = null;
        List<Entity> entities = new ArrayList<>();
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Replica.Refused("the state snapshot is not a JSON object");
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "format" -> {
                        if (!"veto-snapshot/1".equals(p.getString())) {
                            throw new Replica.Refused("the state snapshot's format is \"" + p.getString() + "\", not veto-snapshot/1; upgrade this enforcement point");
                        }
                    }
                    case "revision" -> revision = p.getLongValue();
                    case "frontier" -> {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            frontier.add(Base64.getDecoder().decode(p.getString()));
                        }
                    }
                    case "effects" -> effects = JSON.treeToValue(JSON.readTree(p), EngineEffects.Saved.class);
                    case "entities" -> {
                        JsonPath at = new JsonPath("state snapshot");
                        int i = 0;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            JsonNode n = JSON.readTree(p);
                            entities.add(shared.share(CedarJson.parseEntity(n, at.key("entities").index(i++), null)));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (RuntimeException e) {
            throw new Replica.Refused("the state snapshot could not be read: " + e.getMessage());
        }
        if (revision < 0 || effects == null) {
            throw new Replica.Refused("the state snapshot lacks its revision or its effects");
        }
        Frontier f;
        try {
            f = Frontier.of(revision, frontier);
        } catch (IllegalArgumentException e) {
            throw new Replica.Refused("the state snapshot's frontier is wrong: " + e.getMessage());
        }
        replica.install(f, effects, entities);
    }
}
