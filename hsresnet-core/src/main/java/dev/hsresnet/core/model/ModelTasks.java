package dev.hsresnet.core.model;

import dev.hsresnet.core.spec.InvalidFieldException;
import dev.hsresnet.core.text.Printable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The {@link ModelTask}s on the class path, by name. */
public final class ModelTasks {

    private static volatile Map<String, ModelTask> tasks;

    private ModelTasks() {}

    /**
     * @param name a task name from {@code model.json}
     * @return the task
     * @throws InvalidFieldException naming {@code task}, the value and the known tasks when none
     *     of that name is on the class path
     */
    public static ModelTask get(String name) {
        ModelTask task = all().get(name);
        if (task == null) {
            throw new InvalidFieldException("task", "'" + Printable.escape(name)
                    + "' is not a known task (known: " + String.join(", ", names())
                    + "; dense tasks need hsresnet-vision on the class path)");
        }
        return task;
    }

    /** @return every task name, classification first */
    public static List<String> names() {
        java.util.ArrayList<String> names = new java.util.ArrayList<>();
        names.add(ModelConfig.CLASSIFICATION);
        names.addAll(all().keySet());
        return names;
    }

    private static Map<String, ModelTask> all() {
        Map<String, ModelTask> found = tasks;
        if (found == null) {
            found = new TreeMap<>();
            for (ModelTask t : ServiceLoader.load(ModelTask.class, ModelTasks.class.getClassLoader())) {
                found.put(t.name(), t);
            }
            tasks = found;
        }
        return found;
    }
}
