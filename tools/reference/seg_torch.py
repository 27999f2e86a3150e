"""PyTorch reference of the semantic-segmentation network (FPN + semantic FPN head).

Built from the same JSON spec dict as the Java ``FpnSegmentationSpec``:
``{"backbone": <ResNet spec>, "neckChannels", "headChannels", "numClasses"}``. The structure and
state-dict names follow mmdet's ``FPN`` (no extra levels, biased convs, no norm) and mmseg's
``FPNHead`` (scale heads of conv3x3-BN-ReLU with 2x bilinear upsampling, sum at the finest level,
1x1 ``conv_seg``; no dropout), with the backbone's C2-C5 from :class:`hsresnet_torch.ResNet`.
"""

import math

import torch
import torch.nn.functional as F
from torch import nn

from hsresnet_torch import ResNet, batch_norm


def level_strides(backbone_spec):
    """Stride of each stage output (C2..C5), as the Java ``ResNetSpec.stageReduction``."""
    reduction = 1 if backbone_spec["stem"] == "cifar" else 4
    stages = len(backbone_spec["stages"])
    natural = reduction * 2 ** (stages - 1)
    output_stride = backbone_spec.get("outputStride") or natural
    strides = []
    for index in range(stages):
        if index > 0 and reduction * 2 <= output_stride:
            reduction *= 2
        strides.append(reduction)
    return strides


class FPN(nn.Module):
    """Lateral 1x1 convs, top-down nearest upsampling and addition, 3x3 output convs."""

    def __init__(self, in_channels, channels):
        super().__init__()
        self.lateral_convs = nn.ModuleList(nn.Conv2d(c, channels, 1) for c in in_channels)
        self.fpn_convs = nn.ModuleList(nn.Conv2d(channels, channels, 3, padding=1)
                                       for _ in in_channels)

    def forward(self, levels):
        laterals = [conv(x) for conv, x in zip(self.lateral_convs, levels)]
        for i in range(len(laterals) - 1, 0, -1):
            laterals[i - 1] = laterals[i - 1] + F.interpolate(
                laterals[i], size=laterals[i - 1].shape[2:], mode="nearest")
        return [conv(x) for conv, x in zip(self.fpn_convs, laterals)]


class ConvModule(nn.Module):
    """mmcv's ConvModule with BN and ReLU: names ``conv``, ``bn``."""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=False)
        self.bn = batch_norm(out_channels)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


class FPNHead(nn.Module):
    """mmseg's FPNHead without dropout."""

    def __init__(self, strides, in_channels, channels, num_classes):
        super().__init__()
        self.scale_heads = nn.ModuleList()
        for stride in strides:
            ups = int(math.log2(stride) - math.log2(strides[0]))
            layers = []
            for k in range(max(1, ups)):
                layers.append(ConvModule(in_channels if k == 0 else channels, channels))
                if ups > 0:
                    layers.append(nn.Upsample(scale_factor=2, mode="bilinear",
                                              align_corners=False))
            self.scale_heads.append(nn.Sequential(*layers))
        self.conv_seg = nn.Conv2d(channels, num_classes, 1)

    def forward(self, levels):
        out = self.scale_heads[0](levels[0])
        for head, x in zip(self.scale_heads[1:], levels[1:]):
            out = out + F.interpolate(head(x), size=out.shape[2:], mode="bilinear",
                                      align_corners=False)
        return self.conv_seg(out)


class SegmentationNet(nn.Module):
    """backbone (C2-C5) -> FPN -> FPNHead -> logits resized to the input."""

    def __init__(self, spec):
        super().__init__()
        backbone_spec = dict(spec["backbone"], numClasses=0)
        self.backbone = ResNet(backbone_spec)
        expansion = backbone_spec["expansion"]
        in_channels = [stage["planes"] * expansion for stage in backbone_spec["stages"]]
        self.neck = FPN(in_channels, spec["neckChannels"])
        self.decode_head = FPNHead(level_strides(backbone_spec), spec["neckChannels"],
                                   spec["headChannels"], spec["numClasses"])

    def forward(self, x):
        levels = self.backbone.features(x)[1:]
        logits = self.decode_head(self.neck(levels))
        return F.interpolate(logits, size=x.shape[2:], mode="bilinear", align_corners=False)


def is_segmentation_spec(spec):
    """Whether a spec dict describes a segmentation network."""
    return "backbone" in spec and "neckChannels" in spec
