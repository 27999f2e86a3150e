"""Counts parameters and MACs of the named models and checks them against the spec's table.

Parameters: sum of numel over ``parameters()`` (BN affine included, running stats excluded).
MACs (forward hooks, one 3x224x224 image): conv = out_elements * in_channels/groups * kh * kw,
linear = in_features * out_features; nothing else is counted.

Usage: /usr/bin/python3 tools/reference/count_complexity.py [--breakdown NAME ...]
"""

import argparse
import sys
from collections import OrderedDict

import torch
from torch import nn

from hsresnet_torch import NAMED_MODELS, SPEC_TABLE, ResNet

IMAGE_SIZE = 224


def part_of(name):
    """Groups a module/parameter name into stem, layerN or fc."""
    top = name.split(".")[0]
    return "stem" if top in ("conv1", "bn1") else top


def module_macs(module, output):
    """MACs of one conv or linear call, from its output."""
    if isinstance(module, nn.Conv2d):
        kh, kw = module.kernel_size
        return output.numel() // output.shape[0] * (module.in_channels // module.groups) * kh * kw
    return module.in_features * module.out_features


def count(model):
    """Returns ``OrderedDict(part -> [params, macs])`` for one 3x224x224 image."""
    parts = OrderedDict()
    for name, param in model.named_parameters():
        parts.setdefault(part_of(name), [0, 0])[0] += param.numel()

    def hook(name):
        def record(module, _inputs, output):
            parts.setdefault(part_of(name), [0, 0])[1] += module_macs(module, output)
        return record

    handles = [module.register_forward_hook(hook(name))
               for name, module in model.named_modules()
               if isinstance(module, (nn.Conv2d, nn.Linear))]
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, IMAGE_SIZE, IMAGE_SIZE))
    for handle in handles:
        handle.remove()
    return parts


def totals(parts):
    """(params, macs) summed over all parts."""
    return sum(p for p, _ in parts.values()), sum(m for _, m in parts.values())


def print_breakdown(name, parts):
    """Prints per-part parameters and MACs of one model."""
    print(f"\n{name}: per part")
    for part, (params, macs) in parts.items():
        print(f"  {part:<7} params {params:>12,}   MACs {macs:>15,}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--breakdown", nargs="*", default=["hs_resnet50", "resnet50d"],
                        help="models to print per part (stem, layer1..4, fc)")
    args = parser.parse_args(argv)
    torch.set_grad_enabled(False)
    all_match = True
    breakdowns = {}
    print(f"{'model':<20} {'params':>12} {'spec':>12} {'MACs':>15} {'GMACs':>6} {'spec':>6}  match")
    for name, spec in NAMED_MODELS.items():
        parts = count(ResNet(spec))
        params, macs = totals(parts)
        spec_params, spec_gmacs = SPEC_TABLE[name]
        match = params == spec_params and round(macs / 1e9, 2) == spec_gmacs
        all_match &= match
        print(f"{name:<20} {params:>12,} {spec_params:>12,} {macs:>15,} {macs / 1e9:>6.2f} "
              f"{spec_gmacs:>6.2f}  {'yes' if match else 'NO'}")
        breakdowns[name] = parts
    for name in args.breakdown:
        print_breakdown(name, breakdowns[name])
    print("\nall match the spec table" if all_match else "\nMISMATCH with the spec table")
    return 0 if all_match else 1


if __name__ == "__main__":
    sys.exit(main())
