"""PyTorch reference of the FCOS detector network (backbone C3-C5, FPN with P6-P7, FCOS head).

Built from the same JSON spec dict as the Java ``DetectionSpec``: ``{"backbone": <ResNet spec>,
"neckChannels", "numClasses"}`` and optionally ``"levels"`` (3 to 5, default 5),
``"towerConvs"`` (default 4), ``"groups"`` (default 32) and ``"priorProb"`` (0.01); the
inference settings (``scoreThreshold``, ``nmsIou``, ``topK``, ``maxDetections``) and
``centerSampleRadius`` do not change the network.

* ``neck``: mmdet's ``FPN`` on C3-C5 (1x1 laterals, nearest top-down addition, 3x3 outputs, all
  with bias, no norm) with ``add_extra_convs='on_output'`` and ``relu_before_extra_convs=True``:
  P6 is a 3x3 stride-2 conv of P5's output, P7 a 3x3 stride-2 conv of ``relu(P6)``; the extra
  convs are ``fpn_convs.3`` and ``fpn_convs.4``.
* ``bbox_head``: mmdet's ``FCOSHead`` with ``centerness_on_reg=True`` and GroupNorm towers: ``cls_convs.{k}`` and ``reg_convs.{k}`` (``conv``: 3x3 without bias, ``gn``:
  ``nn.GroupNorm``, then ReLU), ``conv_cls``, ``conv_reg``, ``conv_centerness`` (3x3 with bias)
  and ``scales.{i}.scale`` (one 0-d parameter per level). Distances ``exp(scale_i *
  conv_reg(x)) * stride_i`` in input pixels, in training and in eval mode alike: the FCOS
  paper's ``exp(s_i x)``, in units of the stride as with mmdet's ``norm_on_bbox`` (which uses a
  ReLU instead; a ReLU can die, and a zero-size box gets no GIoU gradient).

The forward returns ``(cls_logits (N, P, classes), box_distances (N, P, 4), centerness (N, P))``,
levels finest first, each flattened row-major. The backbone is :class:`hsresnet_torch.ResNet`.
"""

import math

import torch
import torch.nn.functional as F
from torch import nn

from hsresnet_torch import ResNet

FINEST_STRIDE = 8
OUT_INDICES = (2, 3, 4)  # C3, C4, C5 in ResNet.features()


def strides(spec):
    """Each level's stride: 8, 16, 32 (, 64 (, 128))."""
    return [FINEST_STRIDE << i for i in range(spec.get("levels", 5))]


class FPN(nn.Module):
    """mmdet's FPN with ``extra`` stride-2 levels on the coarsest output (ReLU before all but the
    first extra conv)."""

    def __init__(self, in_channels, channels, extra):
        super().__init__()
        self.lateral_convs = nn.ModuleList(nn.Conv2d(c, channels, 1) for c in in_channels)
        self.fpn_convs = nn.ModuleList(nn.Conv2d(channels, channels, 3, padding=1)
                                       for _ in in_channels)
        for _ in range(extra):
            self.fpn_convs.append(nn.Conv2d(channels, channels, 3, stride=2, padding=1))
        self.inputs = len(in_channels)

    def forward(self, levels):
        laterals = [conv(x) for conv, x in zip(self.lateral_convs, levels)]
        for i in range(len(laterals) - 1, 0, -1):
            laterals[i - 1] = laterals[i - 1] + F.interpolate(
                laterals[i], size=laterals[i - 1].shape[2:], mode="nearest")
        outs = [self.fpn_convs[i](laterals[i]) for i in range(self.inputs)]
        for i in range(self.inputs, len(self.fpn_convs)):
            previous = outs[-1] if i == self.inputs else F.relu(outs[-1])
            outs.append(self.fpn_convs[i](previous))
        return outs


class Scale(nn.Module):
    """mmcv's Scale: a learnable 0-d multiplier, 1.0 at first."""

    def __init__(self, value=1.0):
        super().__init__()
        self.scale = nn.Parameter(torch.tensor(value, dtype=torch.float))

    def forward(self, x):
        return x * self.scale


class ConvGN(nn.Module):
    """mmcv's ConvModule with GN and ReLU: ``conv`` (3x3, no bias), ``gn``."""

    def __init__(self, channels, groups):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.gn = nn.GroupNorm(groups, channels)

    def forward(self, x):
        return F.relu(self.gn(self.conv(x)))


class FCOSHead(nn.Module):
    """The shared FCOS head; registration order as mmdet's FCOSHead."""

    def __init__(self, level_strides, channels, num_classes, tower_convs, groups):
        super().__init__()
        self.strides = list(level_strides)
        self.cls_convs = nn.ModuleList(ConvGN(channels, groups) for _ in range(tower_convs))
        self.reg_convs = nn.ModuleList(ConvGN(channels, groups) for _ in range(tower_convs))
        self.conv_cls = nn.Conv2d(channels, num_classes, 3, padding=1)
        self.conv_reg = nn.Conv2d(channels, 4, 3, padding=1)
        self.conv_centerness = nn.Conv2d(channels, 1, 3, padding=1)
        self.scales = nn.ModuleList(Scale() for _ in self.strides)

    def init_weights(self, prior_prob):
        """mmdet's: normal(0, 0.01) convs, zero biases, conv_cls bias -log((1 - p) / p)."""
        for module in self.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.normal_(module.weight, std=0.01)
                if module.bias is not None:
                    nn.init.zeros_(module.bias)
        nn.init.constant_(self.conv_cls.bias, -math.log((1 - prior_prob) / prior_prob))

    def forward(self, levels):
        cls, box, ctr = [], [], []
        for i, x in enumerate(levels):
            cls_feat = x
            for conv in self.cls_convs:
                cls_feat = conv(cls_feat)
            reg_feat = x
            for conv in self.reg_convs:
                reg_feat = conv(reg_feat)
            cls.append(flatten(self.conv_cls(cls_feat)))
            box.append(flatten(torch.exp(self.scales[i](self.conv_reg(reg_feat))) * self.strides[i]))
            ctr.append(flatten(self.conv_centerness(reg_feat)))
        return torch.cat(cls, 1), torch.cat(box, 1), torch.cat(ctr, 1).squeeze(2)


def flatten(x):
    """(N, K, H, W) -> (N, H * W, K), row-major over the locations."""
    n, k = x.shape[:2]
    return x.permute(0, 2, 3, 1).reshape(n, -1, k)


class DetectionNet(nn.Module):
    """backbone C3-C5 -> FPN (P3..P{levels+2}) -> FCOS head."""

    def __init__(self, spec):
        super().__init__()
        backbone_spec = dict(spec["backbone"], numClasses=0)
        self.backbone = ResNet(backbone_spec)
        expansion = backbone_spec["expansion"]
        in_channels = [stage["planes"] * expansion for stage in backbone_spec["stages"]][1:]
        levels = spec.get("levels", 5)
        channels = spec["neckChannels"]
        self.neck = FPN(in_channels, channels, levels - len(OUT_INDICES))
        self.bbox_head = FCOSHead(strides(spec), channels, spec["numClasses"],
                                  spec.get("towerConvs", 4), spec.get("groups", 32))

    def forward(self, x):
        features = self.backbone.features(x)
        return self.bbox_head(self.neck([features[i] for i in OUT_INDICES]))


def is_detection_spec(spec):
    """Whether a spec dict describes a detection network."""
    return "backbone" in spec and "neckChannels" in spec and "headChannels" not in spec
