"""PyTorch reference implementation of HS-ResNet (arXiv 2010.07621).

Follows /work/shared/docs/HS-RESNET.md (the project spec) exactly: the Hierarchical-Split block,
the bottleneck, the three stems, and the timm-style state-dict names. Modules are built from the
same JSON spec dicts the Java side reads (``spec.json``):

* a ResNet spec: ``{"stem", "shortcut", "stages", "expansion", "numClasses", "inChannels",
  "zeroInitLastBn"}`` and optionally ``"outputStride"`` (dilation instead of the last strides) and
  ``"stemWidth"`` (the deep or resnet stem's channels),
  see :class:`ResNet`;
* an HS-block spec: ``{"block": "hs", "s", "w", "stride", "channels"}`` and optionally
  ``"dilation"`` and ``"stageForm"``, see :class:`HSBlock`.

Use :func:`build_module` to get either from a dict.
"""

import torch
from torch import nn

BN_EPS = 1e-5
BN_MOMENTUM = 0.1
STEM_CHANNELS = 64


def batch_norm(channels):
    """BatchNorm2d with the project's eps and momentum."""
    return nn.BatchNorm2d(channels, eps=BN_EPS, momentum=BN_MOMENTUM)


def conv3x3(in_channels, out_channels, stride=1, dilation=1):
    """3x3 convolution, padding = dilation, no bias."""
    return nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=dilation,
                     dilation=dilation, bias=False)


def conv1x1(in_channels, out_channels, stride=1):
    """1x1 convolution, no bias."""
    return nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False)


def hs_conv_widths(s, w, stage_form=False):
    """Channel widths c_2..c_s of the s-1 convolutions of an HS block.

    Hierarchical: c_2 = w, c_i = w + floor(c_{i-1} / 2). Stage form: every conv is w -> w.
    """
    if stage_form:
        return [w] * (s - 1)
    widths = [w]
    for _ in range(s - 2):
        widths.append(w + widths[-1] // 2)
    return widths


class HSBlock(nn.Module):
    """Hierarchical-Split block on s*w channels (drop-in for a 3x3 conv with s*w in/out channels).

    Stride 1 (hierarchical): y_1 = x_1; y_i = K_i(concat(x_i, carry_{i-1})); for 2 <= i <= s-1 the
    first ceil(c_i/2) channels of y_i go to the output and the rest are carry_i; y_s goes whole.
    Stride 2 (stage form): y_1 = AvgPool(3, 2, 1)(x_1), y_i = K_i(x_i) with stride-2 convs.
    K_i = conv3x3 + BN + ReLU, stored as ``convs.{i-2}`` and ``bns.{i-2}``.

    In a dilated network every K_i has the block's dilation, and the first block of a stage whose
    stride became dilation keeps the stage form at stride 1 (AvgPool(3, 1, 1), stride-1 convs):
    ``stage_form`` defaults to ``stride == 2``.
    """

    def __init__(self, s, w, stride=1, dilation=1, stage_form=None):
        super().__init__()
        if s < 2:
            raise ValueError(f"HS block needs s >= 2 groups, got s={s}")
        if w < 1:
            raise ValueError(f"HS block needs group width w >= 1, got w={w}")
        if stride not in (1, 2):
            raise ValueError(f"HS block stride must be 1 or 2, got {stride}")
        if stage_form is None:
            stage_form = stride == 2
        if stride == 2 and not stage_form:
            raise ValueError("an HS block of stride 2 takes the stage form")
        self.s, self.w, self.stride, self.stage_form = s, w, stride, stage_form
        widths = hs_conv_widths(s, w, stage_form)
        self.convs = nn.ModuleList(conv3x3(c, c, stride, dilation) for c in widths)
        self.bns = nn.ModuleList(batch_norm(c) for c in widths)
        self.relu = nn.ReLU()
        self.pool = (nn.AvgPool2d(3, stride=stride, padding=1, count_include_pad=True)
                     if stage_form else None)

    @property
    def channels(self):
        """Input (and output) channels, s*w."""
        return self.s * self.w

    def _k(self, j, x):
        """K_{j+2}: conv, BN, ReLU of group j+2."""
        return self.relu(self.bns[j](self.convs[j](x)))

    def forward(self, x):
        if x.shape[1] != self.channels:
            raise ValueError(f"HS block expects {self.channels} channels, got {x.shape[1]}")
        groups = torch.split(x, self.w, dim=1)
        if self.stage_form:
            outs = [self.pool(groups[0])]
            outs += [self._k(j, g) for j, g in enumerate(groups[1:])]
            return torch.cat(outs, dim=1)
        return self._forward_hierarchical(groups)

    def _forward_hierarchical(self, groups):
        outs = [groups[0]]
        carry = None
        last = len(self.convs) - 1
        for j, group in enumerate(groups[1:]):
            y = self._k(j, group if carry is None else torch.cat([group, carry], dim=1))
            if j == last:
                outs.append(y)
            else:
                keep = (y.shape[1] + 1) // 2
                outs.append(y[:, :keep])
                carry = y[:, keep:]
        return torch.cat(outs, dim=1)


def make_downsample(kind, in_channels, out_channels, stride):
    """Projection shortcut: "d" = avg-down then 1x1 conv + BN, "b" = strided 1x1 conv + BN."""
    if kind == "d":
        pool = (nn.AvgPool2d(stride, stride=stride, ceil_mode=True, count_include_pad=False)
                if stride > 1 else nn.Identity())
        return nn.Sequential(pool, conv1x1(in_channels, out_channels), batch_norm(out_channels))
    if kind == "b":
        return nn.Sequential(conv1x1(in_channels, out_channels, stride), batch_norm(out_channels))
    raise ValueError(f"unknown shortcut '{kind}', expected 'd' or 'b'")


class Bottleneck(nn.Module):
    """ResNet bottleneck whose middle 3x3 conv is an HS block (``hs``) or plain (``conv2``/``bn2``)."""

    def __init__(self, in_channels, planes, stride, hs, expansion, shortcut, dilation=1,
                 first_of_later_stage=None):
        super().__init__()
        # the first block of every stage after the first: the HS stage form and a projection,
        # whether its stride is 2 or (dilated network) 1, so the weights do not depend on dilation
        first = stride == 2 if first_of_later_stage is None else first_of_later_stage
        out_channels = planes * expansion
        mid = hs["s"] * hs["w"] if hs else planes
        self.conv1 = conv1x1(in_channels, mid)
        self.bn1 = batch_norm(mid)
        if hs:
            self.hs = HSBlock(hs["s"], hs["w"], stride, dilation, first)
        else:
            self.conv2 = conv3x3(mid, mid, stride, dilation)
            self.bn2 = batch_norm(mid)
        self.conv3 = conv1x1(mid, out_channels)
        self.bn3 = batch_norm(out_channels)
        self.relu = nn.ReLU()
        needs_projection = first or stride != 1 or in_channels != out_channels
        self.downsample = (make_downsample(shortcut, in_channels, out_channels, stride)
                           if needs_projection else None)

    def _middle(self, x):
        if hasattr(self, "hs"):
            return self.hs(x)
        return self.relu(self.bn2(self.conv2(x)))

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn3(self.conv3(self._middle(out)))
        shortcut = x if self.downsample is None else self.downsample(x)
        return self.relu(out + shortcut)


def make_stem(kind, in_channels, cifar_channels, width=None):
    """Returns (conv1, out_channels, maxpool) for a stem; bn1 and its ReLU follow conv1.

    ``width`` (the spec's ``stemWidth``) sets the deep or resnet stem's output channels (default
    64); the deep stem's first two convs get half of it.
    """
    width = width or STEM_CHANNELS
    if kind == "deep":
        mid = width // 2
        conv = nn.Sequential(
            conv3x3(in_channels, mid, 2), batch_norm(mid), nn.ReLU(),
            conv3x3(mid, mid), batch_norm(mid), nn.ReLU(),
            conv3x3(mid, width))
        return conv, width, nn.MaxPool2d(3, stride=2, padding=1)
    if kind == "resnet":
        conv = nn.Conv2d(in_channels, width, 7, stride=2, padding=3, bias=False)
        return conv, width, nn.MaxPool2d(3, stride=2, padding=1)
    if kind == "cifar":
        return conv3x3(in_channels, cifar_channels), cifar_channels, nn.Identity()
    raise ValueError(f"unknown stem '{kind}', expected 'deep', 'resnet' or 'cifar'")


class ResNet(nn.Module):
    """(HS-)ResNet built from a ResNet spec dict.

    Stage 1 runs at stride 1, every later stage downsamples by 2 in its first block. The head is
    global average pooling and ``fc`` (absent when numClasses is 0: the output is then the pooled
    features).

    With ``outputStride`` below the natural stride, a stage whose stride 2 would take the total
    past it runs at stride 1 with twice the dilation instead; its first block uses the dilation
    before the doubling (torchvision's ``replace_stride_with_dilation``).
    """

    def __init__(self, spec):
        super().__init__()
        stages = spec["stages"]
        if not stages:
            raise ValueError("a ResNet spec needs at least one stage")
        expansion = spec["expansion"]
        self.conv1, channels, self.maxpool = make_stem(
            spec["stem"], spec["inChannels"], stages[0]["planes"], spec.get("stemWidth"))
        self.bn1 = batch_norm(channels)
        self.act1 = nn.ReLU()
        self.stage_names = []
        reduction = 1 if spec["stem"] == "cifar" else 4
        natural = reduction * 2 ** (len(stages) - 1)
        output_stride = spec.get("outputStride") or natural
        if output_stride & (output_stride - 1) or not reduction <= output_stride <= natural:
            raise ValueError(f"outputStride must be a power of two from {reduction} to {natural}, "
                             f"got {output_stride}")
        dilation = 1
        for index, stage in enumerate(stages):
            name = f"layer{index + 1}"
            stride = 1 if index == 0 else 2
            first_dilation = dilation
            if stride == 2 and reduction * 2 > output_stride:
                stride, dilation = 1, dilation * 2
            else:
                reduction *= stride
            layer, channels = self._make_stage(stage, channels, stride, expansion,
                                               spec["shortcut"], first_dilation, dilation,
                                               index > 0)
            setattr(self, name, layer)
            self.stage_names.append(name)
        self.global_pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(channels, spec["numClasses"]) if spec["numClasses"] > 0 else None
        if spec.get("zeroInitLastBn", False):
            self._zero_init_last_bn()

    @staticmethod
    def _make_stage(stage, in_channels, stride, expansion, shortcut, first_dilation, dilation,
                    later):
        blocks = []
        for k in range(stage["depth"]):
            first = k == 0
            blocks.append(Bottleneck(in_channels, stage["planes"], stride if first else 1,
                                     stage.get("hs"), expansion, shortcut,
                                     first_dilation if first else dilation, first and later))
            in_channels = stage["planes"] * expansion
        return nn.Sequential(*blocks), in_channels

    def _zero_init_last_bn(self):
        for module in self.modules():
            if isinstance(module, Bottleneck):
                nn.init.zeros_(module.bn3.weight)

    def features(self, x):
        """Feature levels: [stem output after its ReLU (before the max pool), layer1, ...]."""
        x = self.act1(self.bn1(self.conv1(x)))
        levels = [x]
        x = self.maxpool(x)
        for name in self.stage_names:
            x = getattr(self, name)(x)
            levels.append(x)
        return levels

    def forward(self, x):
        x = torch.flatten(self.global_pool(self.features(x)[-1]), 1)
        return x if self.fc is None else self.fc(x)


def is_block_spec(spec):
    """Whether a spec dict describes a lone HS block rather than a whole network."""
    return spec.get("block") == "hs"


def build_module(spec):
    """Builds an :class:`HSBlock` or a :class:`ResNet` from its spec dict."""
    if is_block_spec(spec):
        if spec["channels"] != spec["s"] * spec["w"]:
            raise ValueError(f"HS block channels must be s*w = {spec['s'] * spec['w']}, "
                             f"got {spec['channels']}")
        return HSBlock(spec["s"], spec["w"], spec["stride"], spec.get("dilation", 1),
                       spec.get("stageForm"))
    return ResNet(spec)


def named_spec(depths, widths=None, s=None, num_classes=1000):
    """ImageNet spec: deep stem, avg-down shortcut, planes 64..512, expansion 4.

    ``widths`` are the per-stage HS group widths (None = plain 3x3 baseline).
    """
    stages = []
    for index, depth in enumerate(depths):
        hs = {"s": s, "w": widths[index]} if widths else None
        stages.append({"depth": depth, "planes": 64 * 2 ** index, "hs": hs})
    return {"stem": "deep", "shortcut": "d", "stages": stages, "expansion": 4,
            "numClasses": num_classes, "inChannels": 3, "zeroInitLastBn": False}


# The spec's registry table: name -> spec dict (1000 classes).
NAMED_MODELS = {
    "resnet50d": named_spec([3, 4, 6, 3]),
    "hs_resnet50": named_spec([3, 4, 6, 3], [24, 48, 96, 192], 4),
    "hs_resnet101": named_spec([3, 4, 23, 3], [24, 48, 96, 192], 4),
    "hs_resnet152": named_spec([3, 8, 36, 3], [24, 48, 96, 192], 4),
    "hs_resnet50_16w_5s": named_spec([3, 4, 6, 3], [16, 32, 64, 128], 5),
    "hs_resnet50_8w_8s": named_spec([3, 4, 6, 3], [8, 16, 32, 64], 8),
}

# Parameters and GMACs as printed in the spec's table (HS-RESNET.md, "Named models").
SPEC_TABLE = {
    "resnet50d": (25_576_264, 4.33),
    "hs_resnet50": (27_549_936, 4.84),
    "hs_resnet101": (49_881_952, 9.20),
    "hs_resnet152": (68_276_656, 13.57),
    "hs_resnet50_16w_5s": (22_427_560, 3.93),
    "hs_resnet50_8w_8s": (17_341_863, 3.01),
}
