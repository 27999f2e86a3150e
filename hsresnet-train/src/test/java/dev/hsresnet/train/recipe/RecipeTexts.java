package dev.hsresnet.train.recipe;

/** Recipe texts shared by the tests. */
final class RecipeTexts {
    private RecipeTexts() {
    }

    /** A recipe setting every key, in YAML. */
    static final String FULL_YAML = """
            # CIFAR-10, step schedule, everything spelled out
            model:
              name: hs_resnet50
              zeroInitLastBn: false
            data:
              kind: folder
              train: data/flowers/train
              val: data/flowers/val
              valFraction: 0
              imageSize: 224
              augment: rrc
              flip: false
              workers: 6
              limitPerClass: 40
            epochs: 90
            batchSize: 256
            seed: 42
            optimizer:
              lr: 0.2
              momentum: 0.85
              nesterov: true
              weightDecay: 1.0e-4
              decayBnAndBias: true
            schedule:
              kind: step
              warmupEpochs: 2.5
              minLr: 0.001
              milestones: [30, 60, 80]
              gamma: 0.2
            labelSmoothing: 0.1
            mixup: {alpha: 0.2}
            cutmix:
              alpha: 1.0
            mixProb: 0.8
            switchProb: 0.3
            ema:
              enabled: true
              decay: 0.999
            checkpoint:
              everySteps: 500
              keepLast: 5
            """;

    /** The same recipe in JSON, keys in another order. */
    static final String FULL_JSON = """
            {
              "epochs": 90, "batchSize": 256, "seed": 42,
              "data": {"train": "data/flowers/train", "kind": "folder", "val": "data/flowers/val",
                       "valFraction": 0.0, "imageSize": 224, "augment": "rrc", "flip": false,
                       "workers": 6, "limitPerClass": 40},
              "model": {"zeroInitLastBn": false, "name": "hs_resnet50"},
              "optimizer": {"lr": 0.2, "momentum": 0.85, "nesterov": true, "weightDecay": 0.0001,
                            "decayBnAndBias": true},
              "schedule": {"kind": "step", "warmupEpochs": 2.5, "minLr": 0.001, "milestones": [30, 60, 80],
                           "gamma": 0.2},
              "labelSmoothing": 0.1, "mixup": {"alpha": 0.2}, "cutmix": {"alpha": 1},
              "mixProb": 0.8, "switchProb": 0.3,
              "ema": {"enabled": true, "decay": 0.999},
              "checkpoint": {"everySteps": 500, "keepLast": 5}
            }
            """;

    /** Only what is required. */
    static final String MINIMAL_YAML = """
            model:
              name: hs_resnet18
            data:
              kind: cifar10
              train: data/cifar-10-batches-bin
            """;

    /** MINIMAL_YAML plus {@code extra} (YAML lines, top level or indented). */
    static String minimalPlus(String extra) {
        return MINIMAL_YAML + extra;
    }
}
