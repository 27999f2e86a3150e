package dev.hsresnet.train.detection;

import dev.hsresnet.train.recipe.Recipes;
import java.nio.file.Path;
import java.util.List;

/** The recipes of the short FCOS-family run tests (detection, instance segmentation). */
public final class ShortRuns {

    private ShortRuns() {}

    /**
     * A recipe: {@code head} (model, data, sizes: the JSON object's first keys, each line ending
     * in a comma; {@code %s} for the data folder), then the settings every short run shares: lr
     * 0.01 without warm-up, an evaluation after every epoch, a checkpoint after every step; then
     * the overrides.
     *
     * @param type the recipe class
     * @param head the recipe's first keys
     * @param data the data folder
     * @param overrides {@code path=value} overrides
     * @param <T> the recipe type
     * @return the recipe
     */
    public static <T extends Record> T recipe(Class<T> type, String head, Path data,
            String... overrides) {
        String json = head.formatted(data.toString().replace("\\", "\\\\")) + """
                 "optimizer": {"lr": 0.01},
                 "schedule": {"warmupEpochs": 0},
                 "evalEvery": 1,
                 "checkpoint": {"everySteps": 1, "keepLast": 2}}
                """;
        return Recipes.applyOverrides(Recipes.parse(json, Recipes.Format.JSON, "recipe", type),
                List.of(overrides));
    }
}
