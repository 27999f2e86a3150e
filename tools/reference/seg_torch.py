"""PyTorch reference of the semantic-segmentation networks (FPN or DeepLabV3 head, optional
auxiliary FCN head).

Built from the same JSON spec dict as the Java ``SegmentationSpec``:
``{"backbone": <ResNet spec>, "neckChannels", "headChannels", "numClasses"}`` and optionally
``"decodeHead"`` (``"fpn"``, the default, or ``"aspp"``) and ``"auxHead"`` (default false).

* ``fpn``: mmdet's ``FPN`` (no extra levels, biased convs, no norm) on the backbone's C2-C5 and
  mmseg's ``FPNHead`` (scale heads of conv3x3-BN-ReLU with 2x bilinear upsampling, sum at the
  finest level, 1x1 ``conv_seg``; no dropout).
* ``aspp``: no neck; torchvision's ``DeepLabHead`` on C5 (ASPP: 1x1 branch, three dilated 3x3
  branches, image pooling, 1x1 projection; then 3x3 conv-BN-ReLU and a biased 1x1 classifier),
  without the projection's Dropout(0.5). Names: ``decode_head.aspp.convs.{0..3}``,
  ``decode_head.aspp.pooling.1``, ``decode_head.aspp.project``, ``decode_head.bottleneck`` (each
  mmcv-style ``conv``/``bn``) and ``decode_head.conv_seg``.
* ``auxHead``: torchvision's ``FCNHead`` on C4 (3x3 conv to C4/4 channels, BN, ReLU, biased 1x1
  classifier; no Dropout(0.1)), named as mmseg's ``FCNHead`` with one conv:
  ``auxiliary_head.convs.0.conv|bn``, ``auxiliary_head.conv_seg``. It runs in training mode only:
  the network then returns ``(logits, aux_logits)``, both resized to the input; in eval mode it
  returns the logits alone.

The backbone is :class:`hsresnet_torch.ResNet`.
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
    """mmcv's ConvModule with BN and ReLU: names ``conv``, ``bn``; padding dilation * (k // 2)."""

    def __init__(self, in_channels, out_channels, kernel=3, dilation=1):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel, padding=dilation * (kernel // 2),
                              dilation=dilation, bias=False)
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


def aspp_rates(backbone_spec):
    """The ASPP's dilation rates: torchvision's (12, 24, 36) at output stride 8 or below, its
    (6, 12, 18) at 16 and above (an undilated backbone, stride 32, included)."""
    output_stride = level_strides(backbone_spec)[-1]
    return (12, 24, 36) if output_stride <= 8 else (6, 12, 18)


class ASPP(nn.Module):
    """torchvision's ASPP without its Dropout(0.5): a 1x1 branch, a dilated 3x3 branch per rate,
    an image-pooling branch (global average, 1x1, BN, ReLU, bilinear back to the map's size),
    concatenated in that order, then a 1x1 projection with BN and ReLU."""

    def __init__(self, in_channels, channels, rates):
        super().__init__()
        self.convs = nn.ModuleList([ConvModule(in_channels, channels, 1)]
                                   + [ConvModule(in_channels, channels, 3, r) for r in rates])
        self.pooling = nn.Sequential(nn.AdaptiveAvgPool2d(1), ConvModule(in_channels, channels, 1))
        self.project = ConvModule((len(rates) + 2) * channels, channels, 1)

    def forward(self, x):
        outs = [conv(x) for conv in self.convs]
        outs.append(F.interpolate(self.pooling(x), size=x.shape[2:], mode="bilinear",
                                  align_corners=False))
        return self.project(torch.cat(outs, dim=1))


class DeepLabHead(nn.Module):
    """torchvision's DeepLabHead: ASPP, 3x3 conv-BN-ReLU, biased 1x1 classifier."""

    def __init__(self, in_channels, channels, num_classes, rates):
        super().__init__()
        self.aspp = ASPP(in_channels, channels, rates)
        self.bottleneck = ConvModule(channels, channels, 3)
        self.conv_seg = nn.Conv2d(channels, num_classes, 1)

    def forward(self, x):
        return self.conv_seg(self.bottleneck(self.aspp(x)))


class FCNHead(nn.Module):
    """torchvision's FCNHead without its Dropout(0.1): 3x3 conv to in/4 channels, BN, ReLU,
    biased 1x1 classifier (mmseg's FCNHead names with one conv)."""

    def __init__(self, in_channels, num_classes):
        super().__init__()
        mid = in_channels // 4
        self.convs = nn.Sequential(ConvModule(in_channels, mid, 3))
        self.conv_seg = nn.Conv2d(mid, num_classes, 1)

    def forward(self, x):
        return self.conv_seg(self.convs(x))


class SegmentationNet(nn.Module):
    """backbone -> (FPN -> FPNHead | DeepLabHead on C5) -> logits resized to the input; with
    ``auxHead``, in training mode also the FCN head on C4, resized likewise."""

    def __init__(self, spec):
        super().__init__()
        backbone_spec = dict(spec["backbone"], numClasses=0)
        self.decode = spec.get("decodeHead", "fpn")
        self.backbone = ResNet(backbone_spec)
        expansion = backbone_spec["expansion"]
        in_channels = [stage["planes"] * expansion for stage in backbone_spec["stages"]]
        if self.decode == "fpn":
            self.neck = FPN(in_channels, spec["neckChannels"])
            self.decode_head = FPNHead(level_strides(backbone_spec), spec["neckChannels"],
                                       spec["headChannels"], spec["numClasses"])
        elif self.decode == "aspp":
            self.decode_head = DeepLabHead(in_channels[-1], spec["headChannels"],
                                           spec["numClasses"], aspp_rates(backbone_spec))
        else:
            raise ValueError(f"unknown decodeHead '{self.decode}', expected fpn or aspp")
        self.auxiliary_head = (FCNHead(in_channels[-2], spec["numClasses"])
                               if spec.get("auxHead", False) else None)

    def heads(self, x):
        """(logits, aux logits or None), both at the input's size, whatever the mode."""
        levels = self.backbone.features(x)[1:]
        aux = (None if self.auxiliary_head is None
               else resized(self.auxiliary_head(levels[-2]), x))
        return resized(self._logits(levels), x), aux

    def forward(self, x):
        if self.training and self.auxiliary_head is not None:
            return self.heads(x)
        return resized(self._logits(self.backbone.features(x)[1:]), x)

    def _logits(self, levels):
        if self.decode == "fpn":
            return self.decode_head(self.neck(levels))
        return self.decode_head(levels[-1])


def resized(y, x):
    """``y`` resized bilinearly (align_corners=False) to the spatial size of ``x``."""
    return F.interpolate(y, size=x.shape[2:], mode="bilinear", align_corners=False)


def is_segmentation_spec(spec):
    """Whether a spec dict describes a segmentation network."""
    return "backbone" in spec and "neckChannels" in spec
