package org.crema.data.io;

import java.util.List;

/**
 * Images with one class label each, as a classification dataset file pair yields them.
 *
 * @param images the images, {@code images.count()} of them
 * @param labels one class index per image, each in {@code [0, classNames.size())}
 * @param classNames the class names, index = label
 */
public record LabeledImages(ImageArray images, long[] labels, List<String> classNames) {

    public LabeledImages {
        if (images == null || labels == null || classNames == null) {
            throw new IllegalArgumentException("LabeledImages: images, labels and classNames must be non-null");
        }
        if (labels.length != images.count()) {
            throw new IllegalArgumentException("LabeledImages: " + images.count() + " images but "
                    + labels.length + " labels");
        }
        classNames = List.copyOf(classNames);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("LabeledImages: label " + labels[i] + " at index " + i
                        + " outside [0, " + classNames.size() + ")");
            }
        }
    }

    /** Number of examples. */
    public int count() {
        return labels.length;
    }

    @Override
    public String toString() {
        return "LabeledImages[" + images + ", " + classNames.size() + " classes]";
    }
}
