"""Times training steps of the PyTorch reference (forward, cross-entropy, backward, SGD step) on
synthetic data, for comparison with ``hsresnet bench-step`` on the same machine.

Usage: /usr/bin/python3 tools/reference/bench_train_step.py MODEL [MODEL ...]
           [--batch 128 [B ...]] [--size 32] [--steps 8 | --repeats 8] [--warmup 3]
           [--warmup-seconds 0] [--min-seconds 0] [--threads 2] [--inference] [--classes N]
           [--seed 0] [--json]
MODEL is a registry name: one of NAMED_MODELS (the spec's table) or of the CIFAR-scale family
defined below as the Java registry defines it. Several batch sizes are timed one after the other
on the same module. ``--warmup-seconds`` and ``--min-seconds`` extend the warm-up and the timed
steps until they last that long (at least ``--warmup`` and ``--steps`` steps are run in any case),
as ``hsresnet bench`` does on the Java side. ``--json`` prints one JSON document instead of the table (``hsresnet bench``
reads it): {"torch", "threads", "mode", "results": [{"model", "mode", "batch", "size", "classes",
"warmup", "times_ms": [...]}]}, one time per timed step in milliseconds.
"""

import argparse
import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F

from hsresnet_torch import NAMED_MODELS, build_module, named_spec


def cifar_spec(planes, n, hs):
    """The CIFAR-scale family of the Java registry (docs/models.md)."""
    stages = [{"depth": n, "planes": p, "hs": ({"s": 4, "w": p * 3 // 8} if hs else None)}
              for p in planes]
    return {"stem": "cifar", "shortcut": "d", "stages": stages, "expansion": 4,
            "numClasses": 10, "inChannels": 3, "zeroInitLastBn": True}


SPECS = dict(NAMED_MODELS)
# the plain twins of hs_resnet101/152 in the Java registry (not in the spec's table)
SPECS["resnet101d"] = named_spec([3, 4, 23, 3])
SPECS["resnet152d"] = named_spec([3, 8, 36, 3])
for name, planes, n in [("resnet29_cifar", (16, 32, 64), 3), ("resnet56_cifar", (16, 32, 64), 6),
                        ("resnet29w2_cifar", (32, 64, 128), 3)]:
    SPECS["hs_" + name] = cifar_spec(planes, n, True)
    SPECS[name] = cifar_spec(planes, n, False)


def time_steps(module, spec, batch, size, steps, warmup, inference, warmup_seconds=0.0,
               min_seconds=0.0):
    """Times at least ``steps`` steps (and ``min_seconds``) after at least ``warmup`` untimed ones
    (and ``warmup_seconds``); returns the step times in seconds."""
    module.eval() if inference else module.train()
    opt = torch.optim.SGD(module.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    x = torch.randn(batch, spec["inChannels"], size, size)
    y = torch.randint(0, max(1, spec["numClasses"]), (batch,))

    def step():
        if inference:
            with torch.no_grad():
                module(x)
        else:
            opt.zero_grad()
            F.cross_entropy(module(x), y).backward()
            opt.step()

    warmup_end = time.perf_counter() + warmup_seconds
    done = 0
    while done < warmup or time.perf_counter() < warmup_end:
        step()
        done += 1
    times = []
    timed_end = time.perf_counter() + min_seconds
    while len(times) < steps or time.perf_counter() < timed_end:
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+")
    parser.add_argument("--batch", type=int, nargs="+", default=[128])
    parser.add_argument("--size", type=int, default=None)
    parser.add_argument("--steps", "--repeats", dest="steps", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--warmup-seconds", type=float, default=0.0)
    parser.add_argument("--min-seconds", type=float, default=0.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--inference", action="store_true")
    parser.add_argument("--classes", type=int, default=None,
                        help="classifier outputs (default: the model's, 1000 or 10)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)
    if (args.steps < 1 or args.warmup < 0 or min(args.batch) < 1 or args.threads < 1
            or args.warmup_seconds < 0 or args.min_seconds < 0):
        parser.error("--steps, --batch and --threads must be >= 1, --warmup and the seconds "
                     ">= 0")
    unknown = [m for m in args.models if m not in SPECS]
    if unknown:
        print(f"unknown model {unknown[0]}; known: {', '.join(sorted(SPECS))}", file=sys.stderr)
        return 1
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    mode = "inference" if args.inference else "train"
    if not args.json:
        print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, batch "
              f"{' '.join(map(str, args.batch))}, "
              f"{'inference' if args.inference else 'train step'}")
    results = []
    for name in args.models:
        spec = dict(SPECS[name])
        if args.classes is not None:
            spec["numClasses"] = args.classes
        size = args.size or (32 if spec["stem"] == "cifar" else 224)
        module = build_module(spec)
        for batch in args.batch:
            times = time_steps(module, spec, batch, size, args.steps, args.warmup,
                               args.inference, args.warmup_seconds, args.min_seconds)
            results.append({"model": name, "mode": mode, "batch": batch, "size": size,
                            "classes": spec["numClasses"], "warmup": args.warmup,
                            "times_ms": [t * 1000 for t in times]})
            if not args.json:
                med, lo, hi = statistics.median(times), min(times), max(times)
                print(f"{name:22s} input {size}: median {med * 1000:8.1f} ms ({lo * 1000:.0f}-"
                      f"{hi * 1000:.0f}), {batch / med:8.1f} images/s"
                      + (f" [batch {batch}]" if len(args.batch) > 1 else ""))
    if args.json:
        json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "mode": mode,
                   "results": results}, sys.stdout)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
