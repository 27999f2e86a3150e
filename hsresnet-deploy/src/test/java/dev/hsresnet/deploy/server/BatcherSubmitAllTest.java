package dev.hsresnet.deploy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.deploy.Classifier;
import dev.hsresnet.deploy.Prediction;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A request's images enter the {@link Batcher} queue all together or not at all. */
class BatcherSubmitAllTest {

    private static List<ClassifierRunner.Input> images(Classifier classifier, int n) {
        return ClassifierRunner.inputs(
                Collections.nCopies(n, new float[classifier.imageLength()]), 2);
    }

    @Test
    void aRequestThatDoesNotFitQueuesNoneOfItsImages() throws Exception {
        try (Classifier classifier = ServerFixtures.fakeClassifier(
                new ServerFixtures.FakeBackend(false))) {
            Batcher<ClassifierRunner.Input, List<Prediction>> batcher = ClassifierRunner.batcher(
                    classifier, 8, Duration.ZERO, 3, 1, (n, s, f) -> {});
            try {
                RejectedExecutionException tooMany = assertThrows(
                        RejectedExecutionException.class,
                        () -> batcher.submitAll(images(classifier, 4)));
                assertTrue(tooMany.getMessage().contains("no room for 4"), tooMany.getMessage());
                assertEquals(0, batcher.depth(), "a refused request leaves nothing queued");

                List<CompletableFuture<List<Prediction>>> first =
                        batcher.submitAll(images(classifier, 2));
                assertEquals(2, batcher.depth());
                assertThrows(RejectedExecutionException.class,
                        () -> batcher.submitAll(images(classifier, 2)));
                assertEquals(2, batcher.depth(), "the second request left no image behind");

                batcher.start();
                for (CompletableFuture<List<Prediction>> f : first) {
                    assertEquals(2, f.get(ServerFixtures.WAIT_SECONDS, TimeUnit.SECONDS).size());
                }
            } finally {
                batcher.close(Duration.ofSeconds(5));
            }
        }
    }
}
