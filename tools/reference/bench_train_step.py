"""Times training steps of the PyTorch reference (forward, cross-entropy, backward, SGD step) on
synthetic data, for comparison with ``hsresnet bench-step`` on the same machine.

Usage: /usr/bin/python3 tools/reference/bench_train_step.py MODEL [MODEL ...]
           [--batch 128] [--size 32] [--steps 8] [--warmup 3] [--threads 2] [--inference]
MODEL is a registry name: one of NAMED_MODELS (the spec's table) or of the CIFAR-scale family
defined below as the Java registry defines it.
"""

import argparse
import statistics
import sys
import time

import torch
import torch.nn.functional as F

from hsresnet_torch import NAMED_MODELS, build_module


def cifar_spec(planes, n, hs):
    """The CIFAR-scale family of the Java registry (docs/models.md)."""
    stages = [{"depth": n, "planes": p, "hs": ({"s": 4, "w": p * 3 // 8} if hs else None)}
              for p in planes]
    return {"stem": "cifar", "shortcut": "d", "stages": stages, "expansion": 4,
            "numClasses": 10, "inChannels": 3, "zeroInitLastBn": True}


SPECS = dict(NAMED_MODELS)
for name, planes, n in [("resnet29_cifar", (16, 32, 64), 3), ("resnet56_cifar", (16, 32, 64), 6),
                        ("resnet29w2_cifar", (32, 64, 128), 3)]:
    SPECS["hs_" + name] = cifar_spec(planes, n, True)
    SPECS[name] = cifar_spec(planes, n, False)


def time_steps(spec, batch, size, steps, warmup, inference):
    module = build_module(spec)
    module.eval() if inference else module.train()
    opt = torch.optim.SGD(module.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    x = torch.randn(batch, spec["inChannels"], size, size)
    y = torch.randint(0, max(1, spec["numClasses"]), (batch,))
    times = []
    for i in range(warmup + steps):
        start = time.perf_counter()
        if inference:
            with torch.no_grad():
                module(x)
        else:
            opt.zero_grad()
            F.cross_entropy(module(x), y).backward()
            opt.step()
        if i >= warmup:
            times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--size", type=int, default=None)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--inference", action="store_true")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, batch {args.batch}, "
          f"{'inference' if args.inference else 'train step'}")
    for name in args.models:
        if name not in SPECS:
            print(f"unknown model {name}; known: {', '.join(sorted(SPECS))}", file=sys.stderr)
            return 1
        spec = SPECS[name]
        size = args.size or (32 if spec["stem"] == "cifar" else 224)
        med, lo, hi = time_steps(spec, args.batch, size, args.steps, args.warmup, args.inference)
        print(f"{name:22s} input {size}: median {med * 1000:8.1f} ms ({lo * 1000:.0f}-"
              f"{hi * 1000:.0f}), {args.batch / med:8.1f} images/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
