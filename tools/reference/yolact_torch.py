"""PyTorch reference of the YOLACT-on-FCOS instance segmenter (the Java ``YolactNet``).

Built from the same JSON spec dict as the Java ``InstanceSpec``: a ``DetectionSpec`` dict
(:mod:`det_torch`) with one more field, ``"prototypes"`` (k, default 32).

* ``backbone``, ``neck``: the FCOS detector's (:class:`det_torch.DetectionNet`).
* ``bbox_head``: :class:`det_torch.FCOSHead` plus ``conv_coeff`` (3x3 with bias, k outputs) on the
  regression tower; the coefficients are ``tanh(conv_coeff(reg_feat))``.
* ``mask_head``: YOLACT's protonet (mmdet's ``YOLACTProtonet`` with ``proto_channels=(n, n, n,
  None, n, k)``, ``proto_kernel_sizes=(3, 3, 3, -2, 3, 1)``, ``include_last_relu=True``) on P3:
  ``protonet`` is an ``nn.Sequential`` of conv3x3+ReLU x3, a 2x bilinear upsample
  (``F.interpolate(scale_factor=2, mode='bilinear', align_corners=False)``), conv3x3+ReLU, conv1x1
  to k, ReLU, so its convolutions are ``protonet.0, .2, .4, .7, .9``.

The forward returns ``(cls_logits (N, P, classes), box_distances (N, P, 4), centerness (N, P),
coefficients (N, P, k), prototypes (N, k, 2 H3, 2 W3))``.
"""

import torch
import torch.nn.functional as F
from torch import nn

from det_torch import FCOSHead, FPN, OUT_INDICES, flatten, is_detection_spec, strides
from hsresnet_torch import ResNet

DEFAULT_PROTOTYPES = 32


class YolactHead(FCOSHead):
    """The FCOS head with ``conv_coeff`` (registered after the scales, as in the Java head)."""

    def __init__(self, level_strides, channels, num_classes, tower_convs, groups, prototypes):
        super().__init__(level_strides, channels, num_classes, tower_convs, groups)
        self.conv_coeff = nn.Conv2d(channels, prototypes, 3, padding=1)

    def forward(self, levels):
        cls, box, ctr, coeff = [], [], [], []
        for i, x in enumerate(levels):
            cls_feat = x
            for conv in self.cls_convs:
                cls_feat = conv(cls_feat)
            reg_feat = x
            for conv in self.reg_convs:
                reg_feat = conv(reg_feat)
            cls.append(flatten(self.conv_cls(cls_feat)))
            box.append(flatten(torch.exp(self.scales[i](self.conv_reg(reg_feat)))
                               * self.strides[i]))
            ctr.append(flatten(self.conv_centerness(reg_feat)))
            coeff.append(flatten(torch.tanh(self.conv_coeff(reg_feat))))
        return (torch.cat(cls, 1), torch.cat(box, 1), torch.cat(ctr, 1).squeeze(2),
                torch.cat(coeff, 1))


class Upsample2x(nn.Module):
    """mmdet's ``InterpolateModule(scale_factor=2, mode='bilinear', align_corners=False)``."""

    def forward(self, x):
        return F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)


class ProtoNet(nn.Module):
    """YOLACT's protonet on P3: stride 8 -> k prototypes at stride 4."""

    def __init__(self, channels, prototypes):
        super().__init__()
        layers = []
        for _ in range(3):
            layers += [nn.Conv2d(channels, channels, 3, padding=1), nn.ReLU()]
        layers += [Upsample2x(), nn.Conv2d(channels, channels, 3, padding=1), nn.ReLU(),
                   nn.Conv2d(channels, prototypes, 1), nn.ReLU()]
        self.protonet = nn.Sequential(*layers)

    def forward(self, x):
        return self.protonet(x)


class YolactNet(nn.Module):
    """backbone C3-C5 -> FPN -> FCOS head with coefficients; protonet on P3."""

    def __init__(self, spec):
        super().__init__()
        backbone_spec = dict(spec["backbone"], numClasses=0)
        self.backbone = ResNet(backbone_spec)
        expansion = backbone_spec["expansion"]
        in_channels = [stage["planes"] * expansion for stage in backbone_spec["stages"]][1:]
        levels = spec.get("levels", 5)
        channels = spec["neckChannels"]
        k = spec.get("prototypes", DEFAULT_PROTOTYPES)
        self.neck = FPN(in_channels, channels, levels - len(OUT_INDICES))
        self.bbox_head = YolactHead(strides(spec), channels, spec["numClasses"],
                                    spec.get("towerConvs", 4), spec.get("groups", 32), k)
        self.mask_head = ProtoNet(channels, k)

    def forward(self, x):
        features = self.backbone.features(x)
        levels = self.neck([features[i] for i in OUT_INDICES])
        return self.bbox_head(levels) + (self.mask_head(levels[0]),)


def is_instance_spec(spec):
    """Whether a spec dict describes an instance segmentation network."""
    return is_detection_spec(spec) and "prototypes" in spec
