package dev.hsresnet.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.data.detection.BoxAnnotation;
import dev.hsresnet.data.detection.DetectionDataset;
import dev.hsresnet.data.detection.ImageAnnotations;
import dev.hsresnet.data.mask.CocoSegmentation;
import dev.hsresnet.data.mask.InstanceMask;
import dev.hsresnet.data.mask.Rle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a dataset with instance masks as a COCO instance split (kind {@code coco-instances}):
 * {@code <root>/annotations/instances_<split>.json} and the images copied to {@code
 * <root>/<split>/}. Object masks alternate between COCO's compressed RLE string (even objects,
 * counted over the whole split) and uncompressed counts (odd ones), so both forms are read.
 */
public final class CocoInstanceFiles {

    private CocoInstanceFiles() {}

    /**
     * @param ds a dataset with instance masks, image file names distinct
     * @param root the COCO root
     * @param split the split name
     * @return the annotation file
     * @throws IOException when a mask cannot be read or a file cannot be written
     */
    public static Path write(DetectionDataset ds, Path root, String split) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode top = mapper.createObjectNode();
        ArrayNode images = top.putArray("images");
        ArrayNode annotations = top.putArray("annotations");
        ArrayNode categories = top.putArray("categories");
        for (int c = 0; c < ds.numClasses(); c++) {
            categories.addObject().put("id", c + 1).put("name", ds.classes().get(c));
        }
        Path dir = Files.createDirectories(root.resolve(split));
        int object = 0;
        for (int i = 0; i < ds.size(); i++) {
            ImageAnnotations a = ds.annotations(i);
            String name = a.image().getFileName().toString();
            Files.copy(a.image(), dir.resolve(name));
            images.addObject().put("id", i + 1).put("file_name", name).put("width", a.width())
                    .put("height", a.height());
            List<InstanceMask> masks = ds.masks(i);
            for (int k = 0; k < a.boxes().size(); k++, object++) {
                BoxAnnotation b = a.boxes().get(k);
                Rle rle = Rle.of(masks.get(k));
                ObjectNode ann = annotations.addObject().put("id", object + 1)
                        .put("image_id", i + 1).put("category_id", b.classIndex() + 1)
                        .put("iscrowd", 0).put("area", rle.area());
                ann.putArray("bbox").add(b.x1()).add(b.y1()).add(b.x2() - b.x1())
                        .add(b.y2() - b.y1());
                if (object % 2 == 0) {
                    ann.set("segmentation", CocoSegmentation.toJson(rle));
                } else {
                    ObjectNode seg = ann.putObject("segmentation");
                    seg.putArray("size").add(rle.height()).add(rle.width());
                    ArrayNode counts = seg.putArray("counts");
                    for (int n : rle.counts()) {
                        counts.add(n);
                    }
                }
            }
        }
        Path json = Files.createDirectories(root.resolve("annotations"))
                .resolve("instances_" + split + ".json");
        mapper.writeValue(json.toFile(), top);
        return json;
    }
}
