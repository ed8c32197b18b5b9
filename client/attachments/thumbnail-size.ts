/**
 * An image thumbnail's width and height in CSS pixels, whatever the image's own shape (it is
 * cropped to fit): fixed, so a message's height is known before its images have loaded.
 */
export const thumbnailSize = 160;
