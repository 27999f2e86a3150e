"""Checks that a safetensors state dict loads strictly into the PyTorch reference module.

Builds the module (HS block or ResNet) from SPEC_JSON, loads WEIGHTS_SAFETENSORS with
``load_state_dict(strict=True)`` and, with --input, runs an eval-mode forward on the ``input``
tensor of IO_SAFETENSORS and compares the result (the output, or feature level K for a key
``features_eval.K``) with the tensor named by --expect-key:
max|actual - expected| / max|expected| <= --tol. Prints one line (OK or what differs) and exits
0 (OK) or 1.

Usage: /usr/bin/python3 tools/reference/check_state_dict.py SPEC_JSON WEIGHTS_SAFETENSORS
           [--input IO_SAFETENSORS] [--expect-key output_eval] [--tol 1e-4]
"""

import argparse
import json
import sys

import numpy as np
import torch

from hsresnet_torch import build_module
from safetensors_io import load_file


MAX_NAMES = 6
FEATURES_PREFIX = "features_eval."


def short_list(names):
    """The first few names of a sorted list, and how many more there are."""
    more = len(names) - MAX_NAMES
    return ", ".join(names[:MAX_NAMES]) + (f", ... (+{more} more)" if more > 0 else "")


def key_problems(module, tensors):
    """Missing/unexpected keys and shape mismatches, as short strings (num_batches_tracked may be
    absent)."""
    expected = {name: tuple(value.shape) for name, value in module.state_dict().items()
                if not name.endswith("num_batches_tracked")}
    problems = []
    missing = sorted(set(expected) - set(tensors))
    unexpected = sorted(set(tensors) - set(module.state_dict()))
    if missing:
        problems.append(f"{len(missing)} missing keys: {short_list(missing)}")
    if unexpected:
        problems.append(f"{len(unexpected)} unexpected keys: {short_list(unexpected)}")
    shapes = [f"{name} {list(tensors[name].shape)} != {list(shape)}"
              for name, shape in expected.items()
              if name in tensors and tuple(tensors[name].shape) != shape]
    if shapes:
        problems.append(f"{len(shapes)} shape mismatches: {short_list(shapes)}")
    return problems


def run_eval(module, x, expect_key):
    """Eval forward; ``features_eval.{k}`` keys select feature level k instead of the output."""
    module.eval()
    with torch.no_grad():
        if expect_key.startswith(FEATURES_PREFIX):
            return module.features(x)[int(expect_key[len(FEATURES_PREFIX):])].numpy()
        return module(x).numpy()


def forward_error(module, io_path, expect_key):
    """Relative max error of the eval forward on ``input`` against ``expect_key``."""
    tensors, _ = load_file(io_path)
    for key in ("input", expect_key):
        if key not in tensors:
            raise KeyError(f"{io_path} has no tensor '{key}'")
    actual = run_eval(module, torch.from_numpy(tensors["input"]).float(), expect_key)
    expected = tensors[expect_key].astype(np.float32)
    if actual.shape != expected.shape:
        raise ValueError(f"output shape {list(actual.shape)} != {expect_key} "
                         f"{list(expected.shape)}")
    scale = max(float(np.abs(expected).max()), np.finfo(np.float32).tiny)
    return float(np.abs(actual - expected).max()) / scale


def check(args):
    """Runs the check; returns (ok, message)."""
    with open(args.spec, encoding="utf-8") as handle:
        module = build_module(json.load(handle))
    tensors, _ = load_file(args.weights)
    problems = key_problems(module, tensors)
    if problems:
        return False, "; ".join(problems)
    module.load_state_dict({k: torch.from_numpy(v) for k, v in tensors.items()}, strict=True)
    if not args.input:
        return True, f"OK: {len(tensors)} tensors load strictly"
    error = forward_error(module, args.input, args.expect_key)
    verdict = "OK" if error <= args.tol else "MISMATCH"
    return error <= args.tol, (f"{verdict}: {len(tensors)} tensors load strictly; "
                               f"{args.expect_key} relative max error {error:.3e} "
                               f"(tol {args.tol:g})")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", help="spec.json of the module")
    parser.add_argument("weights", help="state dict as safetensors")
    parser.add_argument("--input", help="io safetensors holding 'input' and the expected output")
    parser.add_argument("--expect-key", default="output_eval",
                        help="output_eval or features_eval.K (default: %(default)s)")
    parser.add_argument("--tol", type=float, default=1e-4, help="default: %(default)g")
    args = parser.parse_args(argv)
    try:
        ok, message = check(args)
    except Exception as error:  # one line whatever goes wrong (bad file, bad spec, ...)
        ok, message = False, f"ERROR: {type(error).__name__}: {error}"
    print(message)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
