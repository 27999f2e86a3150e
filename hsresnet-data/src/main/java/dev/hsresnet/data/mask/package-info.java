/**
 * Binary object masks in COCO's run-length encoding, with pycocotools' conventions and results:
 * {@link dev.hsresnet.data.mask.Rle} (encode, decode, area, box, union and intersection, the
 * compressed counts string, polygons and boxes rasterised as {@code rleFrPoly} does),
 * {@link dev.hsresnet.data.mask.MaskIou} (IoU with the crowd rule) and
 * {@link dev.hsresnet.data.mask.CocoSegmentation} (a COCO {@code segmentation} field to and from
 * JSON). Everything but {@code Rle.decode()} works on the runs.
 */
package dev.hsresnet.data.mask;
