package org.safehouse.browser;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * What Chromium's fake camera shows: a Y4M file (one still frame, 4:2:0, looped by Chromium) made from a picture one
 * page displays, so another page's getUserMedia "films" that screen. {@link #arguments} are the command line
 * switches that make the camera fake, allowed without asking, and read from the file when capture starts.
 */
final class FakeCamera {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;

    private FakeCamera() {
    }

    static List<String> arguments(Path y4m) {
        return List.of("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-video-capture=" + y4m);
    }

    /** Writes {@code dataUrl} (a data: URL of an image, as an img element's src) centred on white, as a Y4M still. */
    static void showImage(String dataUrl, Path y4m) {
        try {
            byte[] encoded = Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1));
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(encoded));
            if (picture == null) {
                throw new IllegalArgumentException("not an image: " + dataUrl.substring(0, Math.min(40, dataUrl.length())));
            }
            BufferedImage frame = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D graphics = frame.createGraphics();
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, WIDTH, HEIGHT);
            int scale = Math.max(1, Math.min(WIDTH, HEIGHT) * 9 / 10 / Math.max(picture.getWidth(), picture.getHeight()));
            int width = picture.getWidth() * scale;
            int height = picture.getHeight() * scale;
            graphics.drawImage(picture, (WIDTH - width) / 2, (HEIGHT - height) / 2, width, height, null);
            graphics.dispose();
            write(frame, y4m);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fake camera's picture", e);
        }
    }

    private static void write(BufferedImage frame, Path y4m) throws IOException {
        Path partial = y4m.resolveSibling(y4m.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            out.write(("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F10:1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
            byte[] luma = new byte[WIDTH * HEIGHT];
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    int rgb = frame.getRGB(x, y);
                    int red = (rgb >> 16) & 0xff;
                    int green = (rgb >> 8) & 0xff;
                    int blue = rgb & 0xff;
                    luma[y * WIDTH + x] = (byte) Math.round(0.299 * red + 0.587 * green + 0.114 * blue);
                }
            }
            out.write(luma);
            byte[] chroma = new byte[WIDTH * HEIGHT / 4];
            java.util.Arrays.fill(chroma, (byte) 128); // grey: black and white need no colour
            out.write(chroma);
            out.write(chroma);
        }
        Files.move(partial, y4m, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
